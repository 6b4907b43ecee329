// The server under test, wired to the real sandbox through the real i'mport client in-process
// (no socket), with what it logs and reports collected for assertions.
import { createServer } from '../app/create-server.ts';
import type { LogEntry } from '../app/logger.ts';
import type { BillingKeyIssuedEvent, PaymentEvent } from '../app/payments/intents.ts';
import type { ServerOptions } from '../app/server-options.ts';
import { signRegistrationToken } from '../app/token/sign-registration-token.ts';
import type { TokenRequestInput } from '../app/token/token-request-schema.ts';
import type { IamportClient, IamportClientOptions } from '../iamport/index.ts';
import type { Sandbox, SandboxOptions } from '../sandbox/index.ts';
import { createInProcessIamport } from './iamport-harness.ts';

export const TOKEN_SECRET = 'harness-token-secret-0123456789abcdef';
export const API_KEY = 'harness-api-key-0123456789';

export interface ServerHarness {
  app: ReturnType<typeof createServer>;
  sandbox: Sandbox;
  iamport: IamportClient;
  logs: LogEntry[];
  payments: PaymentEvent[];
  billingKeys: BillingKeyIssuedEvent[];
  token(input: TokenRequestInput, now?: () => number): Promise<string>;
  /** POSTs JSON (a string body is sent as it is). */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** POSTs to /v1/registrations, as the widget does. */
  register(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Calls the merchant API with the harness's API key. */
  merchant(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
}

export interface ServerHarnessOptions extends Partial<ServerOptions> {
  sandbox?: SandboxOptions;
  /** Options for the i'mport client, over the in-process defaults. */
  client?: Partial<IamportClientOptions>;
}

/** Signs a registration token with the harness's secret. */
export async function signToken(input: TokenRequestInput, now?: () => number): Promise<string> {
  return (await signRegistrationToken(TOKEN_SECRET, input, now ? { now } : {})).token;
}

export function createHarness(options: ServerHarnessOptions = {}): ServerHarness {
  const { sandbox: sandboxOptions, client, ...serverOptions } = options;
  const { sandbox, iamport } = createInProcessIamport({
    ...(sandboxOptions ? { sandbox: sandboxOptions } : {}),
    ...(client ? { client } : {}),
  });
  const logs: LogEntry[] = [];
  const payments: PaymentEvent[] = [];
  const billingKeys: BillingKeyIssuedEvent[] = [];
  const app = createServer({
    iamport,
    tokenSecret: TOKEN_SECRET,
    apiKey: API_KEY,
    allowedOrigins: ['https://shop.example'],
    rateLimit: false,
    logger: (entry) => logs.push(entry),
    onPayment: (event) => {
      payments.push(event);
    },
    onBillingKeyIssued: (event) => {
      billingKeys.push(event);
    },
    ...serverOptions,
  });
  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    return app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }
  return {
    app,
    sandbox,
    iamport,
    logs,
    payments,
    billingKeys,
    token: signToken,
    post,
    register: (body, headers) => post('/v1/registrations', body, headers),
    async merchant(method, path, body, headers = {}) {
      return app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${API_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
  };
}

/** Reads a JSON answer as a loose record for assertions. */
export async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/**
 * The harness with a short upstream timeout and window, on a clock the test can skip forward: real
 * time plus a skip, since the sandbox sleeps in real time while the in-doubt window is skipped over.
 */
export function createSkippingHarness(
  options: ServerHarnessOptions = {},
): ServerHarness & { now: () => number; skip: (ms: number) => void } {
  let skipped = 0;
  const now = () => Date.now() + skipped;
  const h = createHarness({
    client: { timeoutMs: 400, reconcileDelaysMs: [0, 100] },
    now,
    upstreamWindowMs: 5_000,
    ...options,
  });
  return { ...h, now, skip: (ms) => void (skipped += ms) };
}
