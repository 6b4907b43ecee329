import ky, { isTimeoutError, type KyInstance } from 'ky';
import {
  networkFailure,
  TransportFailure,
  type Transport,
  type TransportOptions,
} from './transport.ts';

/**
 * The transport over one configured ky instance: where undici cannot load (Bun, Deno, Workers) and
 * whenever a `fetch` is injected. ky makes one attempt per exchange; `send()` retries.
 */
export function createKyTransport(options: TransportOptions): Transport {
  const api: KyInstance = ky.create({
    prefixUrl: options.baseUrl,
    timeout: options.timeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    // Every status is an answer here; send() decides what a 5xx means.
    throwHttpErrors: false,
    retry: 0,
  });

  async function readBody(response: Response): Promise<string> {
    // ky's timeout ends when the headers arrive; the body gets a deadline of its own.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void response.body?.cancel().catch(() => undefined);
        reject(new TransportFailure('timeout', 'upstream body timed out'));
      }, options.timeoutMs);
    });
    try {
      return await Promise.race([response.text(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    name: 'ky',
    async exchange(request) {
      try {
        const response = await api(request.target.slice(1), {
          method: request.method,
          headers: request.headers,
          ...(request.body === undefined ? {} : { body: request.body }),
        });
        return { status: response.status, text: await readBody(response) };
      } catch (error) {
        if (isTimeoutError(error)) throw new TransportFailure('timeout', 'upstream timed out');
        throw networkFailure(error);
      }
    },
  };
}
