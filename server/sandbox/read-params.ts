import type { Context } from 'hono';
import { decodeBracketParams, type ParamRecord } from './bracket-params.ts';
import { SandboxError } from './sandbox-error.ts';

/** Request bodies larger than this are refused; i'mport bodies are a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

const malformed = (why: string): SandboxError =>
  new SandboxError('MALFORMED_BODY', `요청 본문을 해석할 수 없습니다. (${why})`, {
    impCode: -1,
    status: 400,
  });

/**
 * Reads a POST body the way i'mport accepts it: JSON (any `charset` parameter) or
 * `application/x-www-form-urlencoded` with bracket names. Without a content type it tries JSON,
 * then form encoding. Anything else, or a JSON body that is not an object, is a 400.
 */
export async function readBody(c: Context): Promise<Record<string, unknown>> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw malformed('UTF-8이 아닙니다');
  }
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) return parseJsonObject(text);
  if (type === 'application/x-www-form-urlencoded') return parseForm(text);
  if (type === '' || type === 'text/plain') {
    if (text.trim() === '') return {};
    const trimmed = text.trimStart();
    return trimmed.startsWith('{') ? parseJsonObject(text) : parseForm(text);
  }
  throw malformed('지원하지 않는 Content-Type입니다');
}

/** Reads the query string with bracket names (`customer_uid[]=a`, `extra[requester]=b`). */
export function readQuery(c: Context): ParamRecord {
  return decodeBracketParams(new URL(c.req.url).searchParams);
}

function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed('JSON 형식이 올바르지 않습니다');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw malformed('JSON 객체가 아닙니다');
  }
  return parsed as Record<string, unknown>;
}

function parseForm(text: string): Record<string, unknown> {
  return decodeBracketParams(new URLSearchParams(text));
}

export function tooLarge(): SandboxError {
  return new SandboxError('BODY_TOO_LARGE', '요청 본문이 너무 큽니다.', {
    impCode: -1,
    status: 413,
  });
}
