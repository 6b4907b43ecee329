// payOnetime's `knownFailedImpUids`: a lost answer right after a decline under the same
// merchant_uid is not reported as that decline (the start-time test has a 2 s tolerance).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { isIamportError } from './index.ts';
import { CARD_FIELDS, CARDS, startIamportHarness, uid } from '../testing/index.ts';

describe('reconciliation with known failed attempts', async () => {
  const env = await startIamportHarness({}, { timeoutMs: 1200, reconcileDelaysMs: [0, 800, 2000] });
  const { client } = env;
  const { sandbox } = env.running;
  after(() => env.running.close());
  const onetime = (card_number: string, merchant_uid: string, known?: string[]) =>
    client.payOnetime(
      { ...CARD_FIELDS, card_number, merchant_uid, amount: 5_000, name: 'n' },
      known ? { knownFailedImpUids: known } : {},
    );

  it('without them a 5xx right after a decline reads as that decline; with them, as nothing', async () => {
    const merchantUid = uid('order');
    const declined = await onetime(CARDS.declined, merchantUid).catch((e: unknown) => e);
    assert.ok(isIamportError(declined, 'CARD_DECLINED'));
    const failedImpUid = declined.payment!.imp_uid;
    const fault = {
      method: 'POST',
      path: '/subscribe/payments/onetime',
      kind: 'error500',
    } as const;
    sandbox.injectFault(fault);
    const blind = await onetime(CARDS.approved, merchantUid).catch((e: unknown) => e);
    assert.ok(isIamportError(blind, 'CARD_DECLINED'), 'the known limitation without the option');
    sandbox.injectFault(fault);
    const told = await onetime(CARDS.approved, merchantUid, [failedImpUid]).catch(
      (e: unknown) => e,
    );
    assert.ok(isIamportError(told, 'UPSTREAM_UNAVAILABLE'));
    const paid = await onetime(CARDS.approved, merchantUid, [failedImpUid]);
    assert.equal(paid.status, 'paid');
  });

  it('a late commit after a known decline is still found paid', async () => {
    const merchantUid = uid('order');
    const declined = await onetime(CARDS.declined, merchantUid).catch((e: unknown) => e);
    assert.ok(isIamportError(declined, 'CARD_DECLINED'));
    sandbox.injectFault({
      method: 'POST',
      path: '/subscribe/payments/onetime',
      kind: 'delay',
      // Commits after the client gave up (1.2 s) and before its later looks (2 s, 4 s).
      ms: 1600,
    });
    const paid = await onetime(CARDS.approved, merchantUid, [declined.payment!.imp_uid]);
    assert.equal(paid.status, 'paid');
    assert.equal(sandbox.attempts(merchantUid).filter((a) => a.status === 'paid').length, 1);
  });
});
