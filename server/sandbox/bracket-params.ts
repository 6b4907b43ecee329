/** A value decoded from PHP-style bracket names: strings, arrays and nested records. */
export type ParamValue = string | ParamValue[] | ParamRecord;
export interface ParamRecord {
  [key: string]: ParamValue;
}

const MAX_DEPTH = 5;
// Names that would reach Object.prototype if used as keys.
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Splits `extra[requester]` into `['extra', 'requester']` and `a[]` into `['a', '']`. */
export function splitBracketName(name: string): string[] | null {
  const open = name.indexOf('[');
  if (open === -1) return [name];
  const keys = [name.slice(0, open)];
  const rest = name.slice(open);
  const re = /\[([^[\]]*)\]/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = re.exec(rest)) !== null) {
    keys.push(match[1] ?? '');
    consumed = re.lastIndex;
  }
  // A name such as `a[b` is taken literally, as PHP does with unbalanced brackets.
  if (consumed !== rest.length) return [name];
  return keys.length > MAX_DEPTH + 1 ? null : keys;
}

/**
 * Decodes `key=value` pairs whose names may use brackets (`customer_uid[]=a`, `extra[requester]=b`,
 * `schedules[0][amount]=1`) into nested values, the way i'mport's PHP-style API reads them.
 * Pairs whose names are unusable (too deep, prototype keys, empty) are ignored.
 */
export function decodeBracketParams(pairs: Iterable<[string, string]>): ParamRecord {
  const root: ParamRecord = {};
  for (const [name, value] of pairs) {
    const keys = splitBracketName(name);
    if (keys === null || keys[0] === '' || keys.some((k) => FORBIDDEN.has(k))) continue;
    assign(root, keys, value);
  }
  return root;
}

function assign(target: ParamRecord | ParamValue[], keys: string[], value: string): void {
  const [key, ...rest] = keys;
  if (key === undefined) return;
  if (Array.isArray(target)) {
    const index = key === '' ? target.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > target.length) return;
    if (rest.length === 0) {
      target[index] = value;
      return;
    }
    const child = target[index];
    const container = isContainer(child) ? child : newContainer(rest[0]);
    target[index] = container;
    assign(container, rest, value);
    return;
  }
  if (rest.length === 0) {
    target[key] = value;
    return;
  }
  const child = Object.hasOwn(target, key) ? target[key] : undefined;
  const container = isContainer(child) ? child : newContainer(rest[0]);
  target[key] = container;
  assign(container, rest, value);
}

function isContainer(v: ParamValue | undefined): v is ParamRecord | ParamValue[] {
  return typeof v === 'object';
}

function newContainer(nextKey: string | undefined): ParamRecord | ParamValue[] {
  return nextKey === '' || (nextKey !== undefined && /^\d+$/.test(nextKey)) ? [] : {};
}
