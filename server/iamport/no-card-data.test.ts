import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, describe, it } from 'node:test';
import { createIamportClient, type IamportLogEvent } from './index.ts';
import { fakeUpstream, CARD_FIELDS, CARDS, startIamportHarness, uid } from '../testing/index.ts';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const;

/** Everything that must never show up: each card number with and without dashes, and the rest. */
const SECRETS = [
  ...Object.values(CARDS).flatMap((n) => [n, n.replaceAll('-', '')]),
  CARD_FIELDS.birth,
  CARD_FIELDS.expiry,
];
// The two password digits are too short to search for alone; look for them after their name.
const PASSWORD_VALUE = new RegExp(`pwd_2digit\\W*${CARD_FIELDS.pwd_2digit}`);

describe('nothing card-related is logged or carried by errors', async () => {
  const env = await startIamportHarness({}, { timeoutMs: 300, reconcileDelaysMs: [0, 500] });
  const { client } = env;
  const { sandbox } = env.running;
  after(() => env.running.close());

  it('across every flow, including failures and reconciliation', async () => {
    const printed: string[] = [];
    // Saved as descriptors so they go back exactly as they were.
    const originals = CONSOLE_METHODS.map(
      (m) => [m, Object.getOwnPropertyDescriptor(console, m)] as const,
    );
    for (const m of CONSOLE_METHODS) {
      console[m] = (...args: unknown[]) => {
        printed.push(args.map((a) => inspect(a, { depth: null })).join(' '));
      };
    }
    const errors: unknown[] = [];
    const attempt = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (error) {
        errors.push(error);
      }
    };
    const card = (card_number: string) => ({ ...CARD_FIELDS, card_number });
    const pay = (card_number: string) =>
      client.payOnetime({
        ...card(card_number),
        merchant_uid: uid('order'),
        amount: 1_000,
        customer_uid: uid('c'),
      });
    const echoing = fakeUpstream({
      'POST /subscribe/payments/onetime': (r) =>
        Response.json({ code: -1, message: `invalid card ${r.body}`, response: null }),
      'POST /subscribe/customers/x': () => new Response('not json', { status: 502 }),
    });
    const echoClient = createIamportClient({
      impKey: 'k',
      impSecret: 's',
      baseUrl: 'http://fake.invalid',
      fetch: echoing.fetch,
      logger: (event: IamportLogEvent) => env.events.push(event),
    });
    try {
      const customerUid = uid('cust');
      await attempt(client.issueBillingKey(customerUid, card(CARDS.approved)));
      await attempt(client.issueBillingKey(uid('cust'), card(CARDS.expired)));
      await attempt(pay(CARDS.approved));
      await attempt(pay(CARDS.declined));
      await attempt(pay(CARDS.pgError));
      sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/onetime', kind: 'drop' });
      await attempt(pay(CARDS.approved));
      sandbox.injectFault({ method: 'POST', path: '/subscribe/payments/onetime', kind: 'hang' });
      await attempt(pay(CARDS.approved));
      sandbox.injectFault({ method: 'POST', path: '/subscribe/customers/*', kind: 'drop' });
      await attempt(client.issueBillingKey(uid('cust'), card(CARDS.declined)));
      sandbox.injectFault({ method: 'POST', path: '/subscribe/customers/*', kind: 'hang' });
      await attempt(client.issueBillingKey(uid('cust'), card(CARDS.approved)));
      await attempt(
        client.payAgain({
          customer_uid: customerUid,
          merchant_uid: uid('order'),
          amount: 10,
          name: 'n',
        }),
      );
      await attempt(
        echoClient.payOnetime({ ...card(CARDS.approved), merchant_uid: 'm', amount: 1 }),
      );
      await attempt(echoClient.issueBillingKey('x', card(CARDS.approved)));
    } finally {
      for (const [m, original] of originals)
        if (original) Object.defineProperty(console, m, original);
    }

    assert.ok(env.events.length > 20, 'the flows produced log events');
    assert.ok(errors.length >= 6, 'and failures');
    const haystacks = {
      logger: JSON.stringify(env.events),
      console: printed.join('\n'),
      errors: errors.map((e) => inspect(e, { depth: null, showHidden: true })).join('\n'),
      errorJson: JSON.stringify(errors, [
        'name',
        'message',
        'code',
        'upstreamMessage',
        'payment',
        'cause',
      ]),
    };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of SECRETS) {
        assert.ok(!text.includes(secret), `${where} contains ${JSON.stringify(secret)}`);
      }
      assert.doesNotMatch(text, PASSWORD_VALUE, `${where} contains the password digits`);
    }
    // The redaction really ran: the echoing upstream put the whole body in its message.
    assert.match(haystacks.errors, /invalid card \{.*\[redacted\]/);
  });
});
