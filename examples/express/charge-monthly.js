// The monthly charge, run by cron on the 1st (`npm run charge`, or `npm run charge -- 2027-01` to
// run or re-run a given month). Safe to run twice: each month's charge has one merchant_uid and
// one Idempotency-Key, so impcard and i'mport pay it at most once, however often this runs.
//
//   200 paid                → recorded (impcard's onPayment hook records it too)
//   402 CARD_DECLINED       → the card company refused: mark past due, tell the customer
//   502 OUTCOME_UNKNOWN,
//   409 CUSTOMER_IN_DOUBT,
//   503                     → not known yet: leave it; the next run asks again with the same key,
//                             and i'mport's webhook (onPayment, source "webhook") may settle it first
import { PLAN, readSubscriptions, updateSubscriptions } from './shop-db.js';

const month = process.argv[2] ?? new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 7); // this month in Korea (KST)
if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`month must look like 2027-01, not ${month}`);
const impcardUrl = `${process.env.PAY_ORIGIN}/impcard`;

/** One paid payment per customer and month: i'mport refuses a second payment of a merchant_uid. */
const merchantUidOf = (customerUid, month) => `${customerUid}_${month.replace('-', '')}`;

async function charge(subscription) {
  const merchantUid = merchantUidOf(subscription.customer_uid, month);
  const response = await fetch(`${impcardUrl}/v1/charges`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${process.env.IMPCARD_API_KEY}`,
      'content-type': 'application/json',
      // The same key for every run of this month's charge: a retry gets the first answer, never a
      // second payment. (A dunning retry of a declined card a few days later uses a new key and the
      // same merchant_uid.)
      'idempotency-key': merchantUid,
    },
    body: JSON.stringify({
      customer_uid: subscription.customer_uid,
      merchant_uid: merchantUid,
      amount: PLAN.amount,
      name: `${PLAN.name} ${month}`,
    }),
  });
  const body = await response.json();
  if (response.ok) return { merchantUid, outcome: 'paid', payment: body.payment };
  if (body.code === 'CARD_DECLINED')
    return { merchantUid, outcome: 'declined', reason: body.reason };
  if (
    ['OUTCOME_UNKNOWN', 'CUSTOMER_IN_DOUBT', 'UPSTREAM_UNAVAILABLE', 'STORE_UNAVAILABLE'].includes(
      body.code,
    )
  ) {
    return { merchantUid, outcome: 'pending', code: body.code };
  }
  return { merchantUid, outcome: 'error', code: body.code, message: body.message };
}

const results = [];
for (const subscription of Object.values(readSubscriptions())) {
  if (!subscription.card_number) continue;
  const done = subscription.payments[merchantUidOf(subscription.customer_uid, month)];
  if (done?.status === 'paid') continue;
  const result = await charge(subscription);
  results.push({ customer_uid: subscription.customer_uid, ...result });
  updateSubscriptions((all) => {
    const record = all[subscription.customer_uid];
    if (result.outcome === 'paid') {
      record.status = 'active';
      record.payments[result.merchantUid] = {
        status: 'paid',
        amount: result.payment.amount,
        imp_uid: result.payment.imp_uid,
        source: record.payments[result.merchantUid]?.source ?? 'charge',
      };
    } else if (result.outcome === 'declined') {
      record.status = 'past_due';
      record.payments[result.merchantUid] = {
        status: 'declined',
        amount: PLAN.amount,
        source: 'charge',
        reason: result.reason,
      };
    } else if (result.outcome === 'pending' && !record.payments[result.merchantUid]) {
      record.payments[result.merchantUid] = {
        status: 'pending',
        amount: PLAN.amount,
        source: 'charge',
      };
    }
  });
}
// One line per customer, for the cron log (no card data: impcard never returns any).
for (const r of results) console.log(JSON.stringify(r));
