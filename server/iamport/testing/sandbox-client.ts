import {
  SANDBOX_CARDS,
  startSandbox,
  type RunningSandbox,
  type StartSandboxOptions,
} from '../../sandbox/index.ts';
import {
  createIamportClient,
  type IamportClient,
  type IamportClientOptions,
  type IamportLogEvent,
} from '../index.ts';

export interface SandboxClient {
  running: RunningSandbox;
  client: IamportClient;
  events: IamportLogEvent[];
  /** A second client against the same sandbox, with other options. */
  another(options?: Partial<IamportClientOptions>): IamportClient;
}

/** Starts the real sandbox on a loopback port and a client talking to it over HTTP. */
export async function sandboxClient(
  sandboxOptions: StartSandboxOptions = {},
  clientOptions: Partial<IamportClientOptions> = {},
): Promise<SandboxClient> {
  const running = await startSandbox({ port: 0, ...sandboxOptions });
  const events: IamportLogEvent[] = [];
  const another = (options: Partial<IamportClientOptions> = {}): IamportClient =>
    createIamportClient({
      impKey: 'sandbox_imp_key',
      impSecret: 'sandbox_imp_secret',
      baseUrl: running.url,
      timeoutMs: 5_000,
      retryBackoffLimitMs: 20,
      reconcileDelaysMs: [0],
      logger: (event) => events.push(event),
      ...clientOptions,
      ...options,
    });
  return { running, client: another(), events, another };
}

let sequence = 0;
/** A merchant_uid / customer_uid unique within the test process. */
export function uid(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

/** The sandbox's test cards (see its README table). */
export const CARDS = SANDBOX_CARDS;

export const CARD_FIELDS = { expiry: '2031-12', birth: '880917', pwd_2digit: '37' } as const;
