// The shop's subscriptions, in a JSON file: a stand-in for the shop's own database. impcard keeps
// no customer data; the shop keeps what it needs from impcard's hooks (masked card, payments).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { BillingKeyIssuedEvent, PaymentEvent } from 'impcard/server';

export interface Subscription {
  customer_uid: string;
  card_name?: string | null;
  card_number?: string;
  payments: Record<string, { status: string; amount: number; imp_uid: string; source: string }>;
}

// Beside the app, whatever folder Next.js bundles this module into.
const DIR = new URL(`file://${process.cwd()}/data/`);
const FILE = new URL('subscriptions.json', DIR);

export const PLAN = { name: 'impcard 월간 구독', amount: 9900 };

/** One customer per shop user; i'mport's customer_uid allows letters, digits and _ . : @ - */
export const customerUidOf = (user: string) => `cust_${user}`;

export function readSubscriptions(): Record<string, Subscription> {
  return existsSync(FILE)
    ? (JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, Subscription>)
    : {};
}

function update(change: (all: Record<string, Subscription>) => void): void {
  const all = readSubscriptions();
  change(all);
  mkdirSync(DIR, { recursive: true });
  writeFileSync(new URL('subscriptions.json.tmp', DIR), JSON.stringify(all, null, 2));
  renameSync(new URL('subscriptions.json.tmp', DIR), FILE);
}

/** impcard's onBillingKeyIssued: the card is stored at i'mport; keep its masked form. */
export function saveCard({ billing_key }: BillingKeyIssuedEvent): void {
  update((all) => {
    const { customer_uid, card_name, card_number } = billing_key;
    const payments = all[customer_uid]?.payments ?? {};
    all[customer_uid] = { customer_uid, card_name, card_number, payments };
  });
}

/** impcard's onPayment: once per verified state (paid) and per refund, whoever saw it first. */
export function recordPayment({ payment, customer_uid, source }: PaymentEvent): void {
  if (!customer_uid) return;
  update((all) => {
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
