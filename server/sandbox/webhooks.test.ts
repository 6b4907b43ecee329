import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ImpPayment } from './index.ts';
import {
  CARD_FIELDS,
  CARDS,
  okResponse,
  startSandboxHarness,
  uid,
  type SandboxHarness,
} from '../testing/index.ts';

interface Received {
  path: string;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

/** A loopback webhook receiver; `/slow` never answers, `/fail` answers 500. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const contentType = req.headers['content-type'];
      const body =
        contentType === 'application/x-www-form-urlencoded'
          ? Object.fromEntries(new URLSearchParams(text))
          : (JSON.parse(text) as Record<string, unknown>);
      received.push({ path: req.url ?? '', contentType, body });
      if (req.url === '/slow') return; // never answers
      res.statusCode = req.url === '/fail' ? 500 : 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, server };
}

describe('webhooks', () => {
  let h: SandboxHarness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    receiver = await startReceiver();
    h = await startSandboxHarness({
      webhookUrl: `${receiver.url}/default`,
      webhookTimeoutMs: 1000,
      testControls: true,
    });
  });
  after(async () => {
    await h.close();
    receiver.server.closeAllConnections();
    receiver.server.close();
  });

  const pay = (body: Record<string, unknown>) =>
    h.post<ImpPayment>('/subscribe/payments/onetime', {
      ...CARD_FIELDS,
      card_number: CARDS.approved,
      amount: 1000,
      merchant_uid: uid('w'),
      ...body,
    });

  it('POSTs {imp_uid, merchant_uid, status} as JSON to notice_url on paid, and records it', async () => {
    receiver.received.length = 0;
    const p = okResponse(await pay({ notice_url: `${receiver.url}/hook` }));
    await h.running.sandbox.webhooksSettled();
    assert.deepEqual(receiver.received, [
      {
        path: '/hook',
        contentType: 'application/json',
        body: { imp_uid: p.imp_uid, merchant_uid: p.merchant_uid, status: 'paid' },
      },
    ]);
    const delivery = h.running.sandbox.webhooks.at(-1);
    assert.equal(delivery?.status, 200);
    assert.equal(delivery?.url, `${receiver.url}/hook`);
    const listed = (await (await fetch(`${h.url}/__sandbox/webhooks`)).json()) as {
      response: unknown[];
    };
    assert.equal(listed.response.length, h.running.sandbox.webhooks.length);
  });

  it('falls back to the configured webhookUrl; never fires on failures', async () => {
    receiver.received.length = 0;
    okResponse(await pay({}));
    okResponse(await pay({ card_number: CARDS.declined }));
    await pay({ card_number: CARDS.pgError });
    await h.running.sandbox.webhooksSettled();
    assert.deepEqual(
      receiver.received.map((r) => [r.path, r.body['status']]),
      [['/default', 'paid']],
    );
  });

  it('fires on cancel only with enable_webhook, with the cancellation_id', async () => {
    const p = okResponse(await pay({ amount: 3000 }));
    await h.running.sandbox.webhooksSettled();
    receiver.received.length = 0;
    okResponse(await h.post('/payments/cancel', { imp_uid: p.imp_uid, amount: 1000 }));
    const c = okResponse(
      await h.post<ImpPayment>('/payments/cancel', { imp_uid: p.imp_uid, enable_webhook: true }),
    );
    await h.running.sandbox.webhooksSettled();
    assert.deepEqual(
      receiver.received.map((r) => r.body),
      [
        {
          imp_uid: p.imp_uid,
          merchant_uid: p.merchant_uid,
          status: 'cancelled',
          cancellation_id: c.cancel_history[1]?.cancellation_id,
        },
      ],
    );
  });

  it('a slow or failing receiver neither delays nor breaks the API answer', async () => {
    const slow = okResponse(await pay({ notice_url: `${receiver.url}/slow` }));
    // The answer came while the receiver still held the webhook (no clock: a loaded machine is slow).
    const pending = !h.running.sandbox.webhooks.some((d) => d.url === `${receiver.url}/slow`);
    assert.ok(pending, 'the API answered before the slow webhook settled');
    okResponse(await pay({ notice_url: `${receiver.url}/fail` }));
    okResponse(await pay({ notice_url: 'http://127.0.0.1:1/closed' }));
    await h.running.sandbox.webhooksSettled();
    const byUrl = new Map(h.running.sandbox.webhooks.map((d) => [d.url, d]));
    assert.equal(byUrl.get(`${receiver.url}/slow`)?.error, 'WEBHOOK_TIMEOUT');
    assert.equal(byUrl.get(`${receiver.url}/fail`)?.status, 500);
    assert.equal(byUrl.get('http://127.0.0.1:1/closed')?.error, 'WEBHOOK_NETWORK_ERROR');
    assert.equal(okResponse(await h.get<ImpPayment>(`/payments/${slow.imp_uid}`)).status, 'paid');
  });

  it('sends nothing to non-loopback hosts unless allowed', async () => {
    okResponse(await pay({ notice_url: 'http://merchant.example/hook' }));
    await h.running.sandbox.webhooksSettled();
    assert.equal(h.running.sandbox.webhooks.at(-1)?.error, 'WEBHOOK_HOST_NOT_ALLOWED');
  });

  it('reset empties the same deliveries array', () => {
    const deliveries = h.running.sandbox.webhooks;
    assert.ok(deliveries.length > 0);
    h.running.sandbox.reset();
    assert.equal(h.running.sandbox.webhooks, deliveries);
    assert.equal(deliveries.length, 0);
  });

  it('webhookFormat "form" sends the same fields form-encoded', async () => {
    const form = await startSandboxHarness({
      webhookUrl: `${receiver.url}/form`,
      webhookFormat: 'form',
    });
    try {
      receiver.received.length = 0;
      const p = okResponse(
        await form.post<ImpPayment>('/subscribe/payments/onetime', {
          ...CARD_FIELDS,
          card_number: CARDS.approved,
          amount: 1000,
          merchant_uid: uid('f'),
        }),
      );
      await form.running.sandbox.webhooksSettled();
      assert.deepEqual(receiver.received, [
        {
          path: '/form',
          contentType: 'application/x-www-form-urlencoded',
          body: { imp_uid: p.imp_uid, merchant_uid: p.merchant_uid, status: 'paid' },
        },
      ]);
    } finally {
      await form.close();
    }
  });

  it('duplicateWebhooks delivers every webhook twice', async () => {
    const dup = await startSandboxHarness({
      webhookUrl: `${receiver.url}/dup`,
      duplicateWebhooks: true,
    });
    try {
      receiver.received.length = 0;
      const p = okResponse(
        await dup.post<ImpPayment>('/subscribe/payments/onetime', {
          ...CARD_FIELDS,
          card_number: CARDS.approved,
          amount: 1000,
          merchant_uid: uid('d'),
        }),
      );
      await dup.running.sandbox.webhooksSettled();
      assert.equal(receiver.received.length, 2);
      for (const r of receiver.received)
        assert.deepEqual(r.body, {
          imp_uid: p.imp_uid,
          merchant_uid: p.merchant_uid,
          status: 'paid',
        });
      assert.deepEqual(
        dup.running.sandbox.webhooks.map((d) => d.attempt),
        [1, 2],
      );
    } finally {
      await dup.close();
    }
  });
});
