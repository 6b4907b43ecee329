// Test wiring shared by the server's tests: the real sandbox, the real i'mport client talking to
// it in-process (through sandbox.app.request, no socket), and the server under test.
import { createIamportClient, type IamportClient } from '../../iamport/index.ts';
import { SANDBOX_CARDS, createSandbox, type SandboxOptions } from '../../sandbox/index.ts';
import type { Sandbox } from '../../sandbox/index.ts';
import { createServer } from '../create-server.ts';
import type { LogEntry } from '../logger.ts';
import type { BillingKeyIssuedEvent, PaymentEvent, ServerOptions } from '../server-options.ts';
import { signRegistrationToken } from '../token/sign-registration-token.ts';
import type { TokenRequestInput } from '../token/token-request-schema.ts';

export const TOKEN_SECRET = 'harness-token-secret-0123456789abcdef';
export const API_KEY = 'harness-api-key-0123456789';

/** The sandbox's test cards (see its README table). */
export const CARDS = SANDBOX_CARDS;

export function cardBody(token: string, cardNumber: string = CARDS.approved) {
  return { token, card_number: cardNumber, expiry: '2031-12', birth: '900101', pwd_2digit: '12' };
}

export interface Harness {
  app: ReturnType<typeof createServer>;
  sandbox: Sandbox;
  iamport: IamportClient;
  logs: LogEntry[];
  payments: PaymentEvent[];
  billingKeys: BillingKeyIssuedEvent[];
  token(input: TokenRequestInput, now?: () => number): Promise<string>;
  register(body: unknown, headers?: Record<string, string>): Promise<Response>;
  merchant(method: string, path: string, body?: unknown): Promise<Response>;
}

export function createHarness(
  options: Partial<ServerOptions> & { sandbox?: SandboxOptions } = {},
): Harness {
  const { sandbox: sandboxOptions, ...serverOptions } = options;
  const sandbox = createSandbox({ testControls: true, ...sandboxOptions });
  const logs: LogEntry[] = [];
  const payments: PaymentEvent[] = [];
  const billingKeys: BillingKeyIssuedEvent[] = [];
  const iamport = createIamportClient({
    impKey: 'sandbox_imp_key',
    impSecret: 'sandbox_imp_secret',
    baseUrl: 'http://sandbox.invalid',
    timeoutMs: 2000,
    fetch: (input, init) => Promise.resolve(sandbox.app.request(input, init)),
  });
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
  return {
    app,
    sandbox,
    iamport,
    logs,
    payments,
    billingKeys,
    async token(input, now) {
      return (await signRegistrationToken(TOKEN_SECRET, input, now ? { now } : {})).token;
    },
    async register(body, headers = {}) {
      return app.request('/v1/registrations', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async merchant(method, path, body) {
      return app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${API_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
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
