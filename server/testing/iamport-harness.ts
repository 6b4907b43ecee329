// The real i'mport client against the real sandbox, two ways: in-process (the client's fetch is
// the sandbox's app.request, no socket) for the server's tests, and over HTTP on a loopback port
// for the client's own tests, which exercise its transport.
import {
  createIamportClient,
  type IamportClient,
  type IamportClientOptions,
  type IamportLogEvent,
} from '../iamport/index.ts';

/** The client as createIamportClient makes it: with `clock`. */
type MeasuringIamportClient = ReturnType<typeof createIamportClient>;
import {
  createSandbox,
  DEFAULT_IMP_KEY,
  DEFAULT_IMP_SECRET,
  startSandbox,
  type RunningSandbox,
  type Sandbox,
  type SandboxOptions,
  type StartSandboxOptions,
} from '../sandbox/index.ts';

const SANDBOX_KEYS = { impKey: DEFAULT_IMP_KEY, impSecret: DEFAULT_IMP_SECRET };

export interface InProcessIamport {
  sandbox: Sandbox;
  iamport: MeasuringIamportClient;
}

/** A sandbox (test controls on) and a client that reaches it through `sandbox.app.request`. */
export function createInProcessIamport(
  options: { sandbox?: SandboxOptions; client?: Partial<IamportClientOptions> } = {},
): InProcessIamport {
  const sandbox = createSandbox({ testControls: true, ...options.sandbox });
  const iamport = createIamportClient({
    ...SANDBOX_KEYS,
    baseUrl: 'http://sandbox.invalid',
    timeoutMs: 2000,
    fetch: (input, init) => Promise.resolve(sandbox.app.request(input, init)),
    ...options.client,
  });
  return { sandbox, iamport };
}

export interface IamportHarness {
  running: RunningSandbox;
  client: IamportClient;
  events: IamportLogEvent[];
  /** A second client against the same sandbox, with other options. */
  another(options?: Partial<IamportClientOptions>): MeasuringIamportClient;
}

/** Starts the real sandbox on a loopback port and a client talking to it over HTTP. */
export async function startIamportHarness(
  sandboxOptions: StartSandboxOptions = {},
  clientOptions: Partial<IamportClientOptions> = {},
): Promise<IamportHarness> {
  const running = await startSandbox({ port: 0, ...sandboxOptions });
  const events: IamportLogEvent[] = [];
  const another = (options: Partial<IamportClientOptions> = {}) =>
    createIamportClient({
      ...SANDBOX_KEYS,
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

/** A client for a sandbox already running at `url`, with its default keys. */
export function sandboxClient(
  url: string,
  options: Partial<IamportClientOptions> = {},
): MeasuringIamportClient {
  return createIamportClient({ ...SANDBOX_KEYS, baseUrl: url, ...options });
}
