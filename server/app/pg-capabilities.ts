import type { TokenMode } from '../../widget/contract/index.ts';
import {
  PG_CODES,
  PG_TABLE,
  pgAllows,
  pgFactsOf,
  pgRequires,
  type PgFacts,
  type PgFlow,
} from './pg-table.ts';
import { ServerError } from './server-error.ts';

/** What the server checks of a PG, read from {@link PG_TABLE} (its facts carry their sources). */
export interface PgCapability {
  /** Shown in error messages. */
  label: string;
  /** Card data can be sent over the REST API at all (key-in); false for window-only PGs. */
  keyIn: boolean;
  /** `POST /subscribe/customers/{uid}` without a payment. */
  standaloneBillingKey: boolean;
  /** Fields this PG needs in some flow, beyond card number, expiry and birth. */
  requires: {
    pwd_2digit?: boolean;
    buyer_name?: boolean;
    buyer_email?: boolean;
    buyer_tel?: boolean;
  };
}

function capabilityOf(facts: PgFacts): PgCapability {
  const requires: PgCapability['requires'] = {};
  for (const field of ['pwd_2digit', 'buyer_name', 'buyer_email', 'buyer_tel'] as const) {
    if (facts.requires[field]) requires[field] = true;
  }
  return {
    label: facts.label.en,
    keyIn: facts.restKeyIn.value,
    standaloneBillingKey: facts.billingKey.value,
    requires,
  };
}

/** Every code of {@link PG_TABLE} as the server checks it. */
export const PG_CAPABILITIES: Readonly<Record<string, PgCapability>> = Object.fromEntries(
  PG_CODES.map((code) => [code, capabilityOf(PG_TABLE[code])]),
);

/** `pg` may be `code` or `code.MID` (reference §6.1); codes are lower case, as i'mport spells them. */
export function pgCapabilityOf(pg: string | undefined): PgCapability | undefined {
  if (!pg) return undefined;
  const code = pg.split('.')[0] ?? '';
  return Object.hasOwn(PG_CAPABILITIES, code) ? PG_CAPABILITIES[code] : undefined;
}

/** Optimal string alignment distance: a swapped pair of letters is one typo, not two. */
function typoDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known code a typo most likely meant (case aside, one typo in short codes, two in longer). */
function closestCode(code: string): string | undefined {
  const typed = code.toLowerCase();
  const allowed = typed.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const known of PG_CODES) {
    const distance = typoDistance(typed, known);
    if (distance < bestDistance) [best, bestDistance] = [known, distance];
  }
  return best;
}

const REST_CODES = PG_CODES.filter((code) => PG_TABLE[code].restKeyIn.value);

/** What to name instead of a code that cannot do `flow`: its REST counterpart, else itself. */
function suggestionFor(code: string, flow: PgFlow): string {
  const facts = pgFactsOf(code);
  if (!facts || pgAllows(facts, flow)) return code;
  return facts.instead?.value ?? code;
}

/**
 * Why `pg` cannot be used for `flow` as a code (unknown, malformed, or a PG whose flow i'mport's
 * REST API does not run), or undefined when it can. The message never repeats the value: it
 * names the code to use. `flow` `'key-in'` asks only whether card details may go over REST.
 */
export function pgCodeRefusal(pg: string, flow: PgFlow | 'key-in'): string | undefined {
  const [code = '', ...mid] = pg.split('.');
  const facts = pgFactsOf(code);
  if (!facts) {
    // i'mport routes an unknown code to the default channel without an error (reference §6.1):
    // refusing here is what keeps a typo from sending a card to another PG.
    const closest = closestCode(code);
    const hint = closest
      ? `did you mean ${suggestionFor(closest, flow === 'key-in' ? 'payment' : flow)}?`
      : `use one of ${REST_CODES.join(', ')} (docs/pgs.md)`;
    return `"pg" is not an i'mport PG code, and i'mport would silently use the default channel for it; ${hint}`;
  }
  if (mid.length > 0 && mid.join('.') === '') {
    return `"pg" has nothing after the dot; write ${facts.channels.join(' or ')}.`;
  }
  // One MID, site code or project key after the code: i'mport's own are letters, digits, _ and -.
  // Anything else (a second dot, a space, a control character) may not name the channel meant.
  if (mid.length > 1 || (mid[0] !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(mid[0]))) {
    return `"pg" has a malformed channel id after the dot (letters, digits, _ and - only); write ${facts.channels.join(' or ')}.`;
  }
  const label = `${code} (${facts.label.en})`;
  if (flow !== 'again' && !facts.restKeyIn.value) {
    const instead = facts.instead?.value;
    return instead
      ? `${label} is a payment-window channel and takes no card details over i'mport's REST API; use ${instead} for key-in.`
      : `${label} does not accept card details over the API; use its payment window.`;
  }
  if (flow === 'key-in' || pgAllows(facts, flow)) return undefined;
  if (flow === 'billing_key') {
    return `${label} cannot issue a billing key without a payment; use the billing_key_and_payment mode.`;
  }
  return `${label} has no billing keys that i'mport's REST API charges (again).`;
}

export interface PgCheckInput {
  pg: string | undefined;
  /** 'again' is a charge of a stored key (`POST /v1/charges`). */
  flow: TokenMode | 'again';
  hasPwd2digit?: boolean | undefined;
  buyer?:
    { name?: string | undefined; email?: string | undefined; tel?: string | undefined } | undefined;
}

/**
 * Throws PG_NOT_SUPPORTED before any upstream call when `pg` is no i'mport code or its PG cannot
 * do what is asked. An absent `pg` is i'mport's default channel, the merchant's own choice.
 */
export function assertPgSupports(input: PgCheckInput): void {
  if (input.pg === undefined) return;
  const refusal = pgCodeRefusal(input.pg, input.flow);
  if (refusal !== undefined) throw new ServerError('PG_NOT_SUPPORTED', refusal);
  const facts = pgFactsOf(input.pg.split('.')[0] ?? '');
  if (!facts) return;
  const label = facts.label.en;
  if (pgRequires(facts, 'pwd_2digit', input.flow) && input.hasPwd2digit === false) {
    throw new ServerError(
      'PG_NOT_SUPPORTED',
      `${label} needs the first two digits of the card password.`,
    );
  }
  const missing = (['name', 'email', 'tel'] as const).filter(
    (field) => pgRequires(facts, `buyer_${field}`, input.flow) && !input.buyer?.[field],
  );
  if (missing.length > 0) {
    throw new ServerError(
      'PG_NOT_SUPPORTED',
      `${label} needs the buyer's ${missing.join(', ')}; add it to the token or charge request.`,
    );
  }
}
