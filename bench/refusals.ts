// What attackers of a merchant send, as the bench and the refusal-cost test send it: bodies that
// are not JSON, card-testing bodies with forged tokens, and a client over its per-IP limit.
import { VALID_CARD, uid } from '../server/testing/index.ts';
import { mintToken } from './tokens.ts';

export interface Refusal {
  kind: string;
  /** Its name on the command line (`--profile-rejection=<key>`). */
  key: 'json' | 'luhn' | 'token' | 'limited';
  status: number;
  /**
   * Refused by the per-IP limit: impcard with its default 30 per minute, bare Hono's /limited
   * route, both counting before the body is read.
   */
  limited?: true;
  /** Made before the timed run; refusals are stateless, so a set is sent in turn. */
  bodies(count: number): string[];
}

const BAD_SECRET = 'x'.repeat(43);
const LUHN_INVALID = '4242-4242-4242-4241';
const times = (count: number, make: () => string) => Array.from({ length: count }, make);
const forged = () => mintToken(uid('bench'), BAD_SECRET);

export const REFUSALS: readonly Refusal[] = [
  {
    kind: 'malformed JSON',
    key: 'json',
    status: 400,
    bodies: () => ['{"token": "abc", "card_number": '],
  },
  {
    kind: 'invalid card, bad token',
    key: 'luhn',
    status: 400,
    bodies: (count) =>
      times(count, () =>
        JSON.stringify({ token: forged(), ...VALID_CARD, card_number: LUHN_INVALID }),
      ),
  },
  {
    kind: 'bad token signature',
    key: 'token',
    status: 401,
    bodies: (count) => times(count, () => JSON.stringify({ token: forged(), ...VALID_CARD })),
  },
  {
    kind: 'rate-limited client (429)',
    key: 'limited',
    status: 429,
    limited: true,
    bodies: (count) => times(count, () => JSON.stringify({ token: forged(), ...VALID_CARD })),
  },
];
