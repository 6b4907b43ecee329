// The shop's subscriptions, in a JSON file: a stand-in for the shop's own database. impcard keeps
// no customer data; the shop keeps what it needs from impcard's hooks (masked card, payments).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const FILE = new URL('./data/subscriptions.json', import.meta.url);

export const PLAN = { name: 'impcard 월간 구독', amount: 9900 };

/** One customer per shop user; i'mport's customer_uid allows letters, digits and _ . : @ - */
export const customerUidOf = (user) => `cust_${user}`;

export function readSubscriptions() {
  return existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : {};
}

/** Read-modify-write of the whole file (one process writes it at a time in this example). */
export function updateSubscriptions(change) {
  const all = readSubscriptions();
  change(all);
  mkdirSync(new URL('./data/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('./data/subscriptions.json.tmp', import.meta.url),
    JSON.stringify(all, null, 2),
  );
  renameSync(new URL('./data/subscriptions.json.tmp', import.meta.url), FILE);
}

/** impcard's onBillingKeyIssued: the customer's card is stored at i'mport; keep its masked form. */
export function saveCard({ customer_uid, card_name, card_number }) {
  updateSubscriptions((all) => {
    const previous = all[customer_uid] ?? { payments: {} };
    all[customer_uid] = { ...previous, customer_uid, card_name, card_number, status: 'active' };
  });
}

/**
 * impcard's onPayment: called once per verified payment state (paid) and once per refund
 * (source "refund"), whether the charge, the registration, the refund route or i'mport's webhook
 * saw it first. The source says which.
 */
export function recordPayment({ payment, customer_uid, source }) {
  if (!customer_uid) return;
  updateSubscriptions((all) => {
    const subscription = all[customer_uid] ?? { customer_uid, payments: {} };
    subscription.payments[payment.merchant_uid] = {
      status: payment.status,
      amount: payment.amount,
      imp_uid: payment.imp_uid,
      source,
    };
    all[customer_uid] = subscription;
  });
}
