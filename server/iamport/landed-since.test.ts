import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { billingKeyLanded, landedSince, type ServerClock } from './landed-since.ts';
import type { ImpCustomer } from './schemas.ts';

const SENT_MS = 1_700_000_000_000;
const SENT_S = SENT_MS / 1000;
/** i'mport's clock `skewMs` off ours, as the client measures it from the token's `now`. */
const clockOff = (skewMs: number): ServerClock => ({
  serverSecondsAt: (localMs) => Math.floor((localMs + skewMs) / 1000),
});
const key = (updated: number, cardNumber: string | null = '424242******4242') =>
  ({ customer_uid: 'c', card_number: cardNumber, updated }) as ImpCustomer;

describe('landedSince', () => {
  for (const skewMs of [-10_000, 0, 10_000]) {
    const skewS = skewMs / 1000;
    it(`i'mport ${skewMs / 1000} s off ours: a record stamped at the call's moment on i'mport's clock landed, one 3 s older did not`, () => {
      const clock = clockOff(skewMs);
      assert.equal(landedSince(SENT_S + skewS, SENT_MS, clock), true);
      assert.equal(landedSince(SENT_S + skewS + 1, SENT_MS, clock), true);
      assert.equal(landedSince(SENT_S + skewS - 3, SENT_MS, clock), false);
    });
  }

  it('allows 2 s for whole-second stamps and the skew’s round trip', () => {
    const clock = clockOff(0);
    assert.equal(landedSince(SENT_S - 2, SENT_MS, clock), true);
    assert.equal(landedSince(SENT_S - 3, SENT_MS, clock), false);
  });

  it('takes the clocks to agree without a measured clock', () => {
    assert.equal(landedSince(SENT_S, SENT_MS, undefined), true);
    assert.equal(landedSince(SENT_S - 10, SENT_MS, undefined), false);
  });
});

describe('billingKeyLanded', () => {
  const sent = { sentAtMs: SENT_MS, last4: '4242' };

  it('10 s behind: a key stamped 10 s before our moment is the call’s; 10 s ahead: one stamped 5 s after it is older than the call', () => {
    assert.equal(billingKeyLanded(key(SENT_S - 10), sent, clockOff(-10_000)), true);
    assert.equal(billingKeyLanded(key(SENT_S + 5), sent, clockOff(10_000)), false);
  });

  it('another card’s last four digits, or no key, is not the call’s', () => {
    assert.equal(billingKeyLanded(key(SENT_S, '555555******4444'), sent, clockOff(0)), false);
    assert.equal(billingKeyLanded(null, sent, clockOff(0)), false);
  });

  it('a number masked past its last four digits cannot tell cards apart and does not count against it', () => {
    assert.equal(billingKeyLanded(key(SENT_S, '4242-****-****-****'), sent, clockOff(0)), true);
    assert.equal(billingKeyLanded(key(SENT_S, null), sent, clockOff(0)), true);
  });
});
