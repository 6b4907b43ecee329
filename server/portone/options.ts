import type { IamportLogEvent } from '../iamport/options.ts';

/** Options of {@link createPortOneClient}; transports, timeouts and retries are V1's. */
export interface PortOneClientOptions {
  /** The V2 API secret from PortOne's console (sent as `Authorization: PortOne <secret>`). */
  apiSecret: string;
  /** @default 'https://api.portone.io' */
  baseUrl?: string | undefined;
  /** A sub-store's id (`store-…`); absent: the secret's own store. */
  storeId?: string | undefined;
  /** Timeout of each HTTP attempt, and of reading its body, in ms. @default 30_000 */
  timeoutMs?: number | undefined;
  /** Retries of GET requests on network errors and 5xx, with backoff. @default 2 */
  retryLimit?: number | undefined;
  /** Upper bound of one backoff delay in ms. @default 2_000 */
  retryBackoffLimitMs?: number | undefined;
  /** After a payment POST timed out, the waits before each lookup. @default [0, 1_000, 3_000] */
  reconcileDelaysMs?: readonly number[] | undefined;
  /** @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /** Clock in ms. @default Date.now */
  now?: (() => number) | undefined;
  /** Receives structured events (V1's shapes); never card data, bodies or billing keys. */
  logger?: ((event: IamportLogEvent) => void) | undefined;
}
