import { randomBytes } from 'node:crypto';
import { signStandardWebhook } from './v2/standard-webhook.ts';
import type {
  SandboxPortOneWebhookBody,
  SandboxPortOneWebhookDelivery,
  SandboxWebhookDelivery,
} from './types.ts';

export interface WebhookDispatcherOptions {
  timeoutMs: number;
  duplicate: boolean;
  anyHost: boolean;
  format: 'json' | 'form';
  nowMs: () => number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

type Outcome = { status: number } | { error: string };

/**
 * Sends webhooks after the API response, with a time limit, recording every delivery: i'mport's
 * (`POST` `{imp_uid, merchant_uid, status}`, JSON or form, unsigned) and PortOne V2's (JSON,
 * signed the Standard Webhooks way). A failing receiver never affects the API.
 */
export class WebhookDispatcher {
  /** Every V1 delivery made; the same array for the dispatcher's lifetime (reset empties it in place). */
  readonly deliveries: SandboxWebhookDelivery[] = [];
  /** Every V2 delivery made; the same array for the dispatcher's lifetime. */
  readonly portoneDeliveries: SandboxPortOneWebhookDelivery[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #options: WebhookDispatcherOptions;
  #generation = 0;

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options;
  }

  /** Queues an i'mport webhook to `url`; returns at once. Deliveries start after the current response. */
  send(url: string, body: SandboxWebhookDelivery['body']): void {
    const form = this.#options.format === 'form';
    const payload = form ? new URLSearchParams(body).toString() : JSON.stringify(body);
    const headers = {
      'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
    };
    this.#queue(async (attempt) => {
      const sentAt = this.#options.nowMs();
      const outcome = await this.#post(url, payload, () => headers);
      return () => this.deliveries.push({ url, body, attempt, sentAt, ...outcome });
    });
  }

  /**
   * Queues a PortOne V2 webhook to `url`, signed with each secret. A duplicate delivery keeps the
   * `webhook-id` and the body (as a retry does) but is signed again with its own timestamp.
   */
  sendSigned(url: string, body: SandboxPortOneWebhookBody, secrets: readonly string[]): void {
    const payload = JSON.stringify(body);
    const webhookId = `msg_${randomBytes(12).toString('hex')}`;
    this.#queue(async (attempt) => {
      const sentAt = this.#options.nowMs();
      const outcome = await this.#post(url, payload, () => {
        const timestamp = String(Math.floor(this.#options.nowMs() / 1000));
        return {
          'content-type': 'application/json',
          'webhook-id': webhookId,
          'webhook-timestamp': timestamp,
          'webhook-signature': signStandardWebhook(secrets, webhookId, timestamp, payload),
        };
      });
      return () =>
        this.portoneDeliveries.push({ url, body, webhookId, attempt, sentAt, ...outcome });
    });
  }

  /** Resolves when every delivery started so far has finished. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  reset(): void {
    this.#generation += 1;
    this.deliveries.length = 0;
    this.portoneDeliveries.length = 0;
  }

  /** Runs `deliver` once (twice with `duplicate`); its returned recorder runs unless reset since. */
  #queue(deliver: (attempt: number) => Promise<() => void>): void {
    const generation = this.#generation;
    const run = (async () => {
      // Let the API response go out first: the receiver typically re-queries the payment.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const copies = this.#options.duplicate ? 2 : 1;
      for (let attempt = 1; attempt <= copies; attempt++) {
        if (generation !== this.#generation) return;
        const record = await deliver(attempt);
        if (generation === this.#generation) record();
      }
    })();
    this.#inFlight.add(run);
    void run.finally(() => this.#inFlight.delete(run));
  }

  async #post(
    url: string,
    payload: string,
    headers: () => Record<string, string>,
  ): Promise<Outcome> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return { error: 'WEBHOOK_URL_INVALID' };
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      return { error: 'WEBHOOK_URL_INVALID' };
    }
    if (!this.#options.anyHost && !LOOPBACK_HOSTS.has(target.hostname)) {
      return { error: 'WEBHOOK_HOST_NOT_ALLOWED' };
    }
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { ...headers(), 'user-agent': 'impcard-sandbox-webhook' },
        body: payload,
        signal: AbortSignal.timeout(this.#options.timeoutMs),
        redirect: 'manual',
      });
      await response.body?.cancel();
      return { status: response.status };
    } catch (e) {
      const name = e instanceof Error ? e.name : 'Error';
      return { error: name === 'TimeoutError' ? 'WEBHOOK_TIMEOUT' : 'WEBHOOK_NETWORK_ERROR' };
    }
  }
}
