import type { SandboxWebhookDelivery } from './types.ts';

export interface WebhookDispatcherOptions {
  timeoutMs: number;
  duplicate: boolean;
  anyHost: boolean;
  format: 'json' | 'form';
  nowMs: () => number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Sends i'mport-style webhooks (`POST` `{imp_uid, merchant_uid, status}`, JSON or form) after the API
 * response, with a time limit, recording every delivery. A failing receiver never affects the API.
 */
export class WebhookDispatcher {
  /** Every delivery made; the same array for the dispatcher's lifetime (reset empties it in place). */
  readonly deliveries: SandboxWebhookDelivery[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #options: WebhookDispatcherOptions;
  #generation = 0;

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options;
  }

  /** Queues delivery to `url`; returns at once. Deliveries start after the current response. */
  send(url: string, body: SandboxWebhookDelivery['body']): void {
    const generation = this.#generation;
    const run = (async () => {
      // Let the API response go out first: the receiver typically re-queries the payment.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const copies = this.#options.duplicate ? 2 : 1;
      for (let attempt = 1; attempt <= copies; attempt++) {
        if (generation !== this.#generation) return;
        const delivery = await this.#deliver(url, body, attempt);
        if (generation === this.#generation) this.deliveries.push(delivery);
      }
    })();
    this.#inFlight.add(run);
    void run.finally(() => this.#inFlight.delete(run));
  }

  /** Resolves when every delivery started so far has finished. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  reset(): void {
    this.#generation += 1;
    this.deliveries.length = 0;
  }

  async #deliver(
    url: string,
    body: SandboxWebhookDelivery['body'],
    attempt: number,
  ): Promise<SandboxWebhookDelivery> {
    const record: SandboxWebhookDelivery = { url, body, attempt, sentAt: this.#options.nowMs() };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return { ...record, error: 'WEBHOOK_URL_INVALID' };
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      return { ...record, error: 'WEBHOOK_URL_INVALID' };
    }
    if (!this.#options.anyHost && !LOOPBACK_HOSTS.has(target.hostname)) {
      return { ...record, error: 'WEBHOOK_HOST_NOT_ALLOWED' };
    }
    try {
      const form = this.#options.format === 'form';
      const response = await fetch(target, {
        method: 'POST',
        headers: {
          'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
          'user-agent': 'impcard-sandbox-webhook',
        },
        body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
        redirect: 'manual',
      });
      await response.body?.cancel();
      return { ...record, status: response.status };
    } catch (e) {
      const name = e instanceof Error ? e.name : 'Error';
      return {
        ...record,
        error: name === 'TimeoutError' ? 'WEBHOOK_TIMEOUT' : 'WEBHOOK_NETWORK_ERROR',
      };
    }
  }
}
