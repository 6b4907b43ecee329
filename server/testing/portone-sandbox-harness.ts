// The sandbox's PortOne V2 side on a loopback port: PortOne's own SDK pointed at it, and a raw
// HTTP client for what the SDK cannot send (Idempotency-Key, wrong secrets, skipWebhook).
import { PortOneClient } from '@portone/server-sdk';
import { CARD_FIELDS, CARDS } from './test-cards.ts';
import {
  DEFAULT_PORTONE_API_SECRET,
  startSandbox,
  type RunningSandbox,
  type StartSandboxOptions,
} from '../sandbox/index.ts';

/** A decoded V2 answer: HTTP status plus the parsed JSON body. */
export interface PortOneAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  raw: string;
}

export interface PortOneCallOptions {
  /** Sent as an RFC 8941 string (quoted), as PortOne wants it. */
  idempotencyKey?: string;
  /** The API secret to send; null sends no Authorization header. @default the sandbox's */
  secret?: string | null;
  headers?: Record<string, string>;
}

export interface PortOneSandboxHarness {
  running: RunningSandbox;
  url: string;
  /** `@portone/server-sdk`'s client, unmodified, with the sandbox as its `baseUrl`. */
  sdk: ReturnType<typeof PortOneClient>;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    options?: PortOneCallOptions,
  ): Promise<PortOneAnswer<T>>;
  close(): Promise<void>;
}

/** The valid card (or another test card) as V2's `CardCredential`. */
export function v2Credential(cardNumber: string = CARDS.approved) {
  const [year = '', month = ''] = CARD_FIELDS.expiry.split('-');
  return {
    number: cardNumber.replaceAll('-', ''),
    expiryYear: year.slice(2),
    expiryMonth: month,
    birthOrBusinessRegistrationNumber: CARD_FIELDS.birth,
    passwordTwoDigits: CARD_FIELDS.pwd_2digit,
  };
}

export async function startPortOneSandboxHarness(
  options: StartSandboxOptions = {},
): Promise<PortOneSandboxHarness> {
  const running = await startSandbox({ port: 0, ...options });
  const secret = options.portoneApiSecret ?? DEFAULT_PORTONE_API_SECRET;
  return {
    running,
    url: running.url,
    sdk: PortOneClient({ secret, baseUrl: running.url }),
    async call(method, path, body, callOptions = {}) {
      const headers: Record<string, string> = { ...callOptions.headers };
      const sent = callOptions.secret === undefined ? secret : callOptions.secret;
      if (sent !== null) headers['authorization'] = `PortOne ${sent}`;
      if (callOptions.idempotencyKey !== undefined) {
        headers['idempotency-key'] = `"${callOptions.idempotencyKey}"`;
      }
      // No Content-Type, as @portone/server-sdk sends its bodies.
      const res = await fetch(running.url + path, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
      });
      const raw = await res.text();
      return { status: res.status, body: JSON.parse(raw) as never, raw };
    },
    close: () => running.close(),
  };
}
