import assert from 'node:assert/strict';
// The sandbox on a loopback port and a small HTTP client that speaks i'mport's envelope: for the
// sandbox's own tests, which check the wire (status, code, message) rather than a client's reading.
import {
  DEFAULT_IMP_KEY,
  DEFAULT_IMP_SECRET,
  startSandbox,
  type RunningSandbox,
  type StartSandboxOptions,
} from '../sandbox/index.ts';

/** A decoded answer: HTTP status plus the parsed envelope. */
export interface Answer<T = unknown> {
  status: number;
  code: number;
  message: string | null;
  response: T;
  raw: string;
}

export interface RequestOptions {
  /** Send `application/x-www-form-urlencoded` instead of JSON. */
  form?: boolean;
  headers?: Record<string, string>;
  /** Skip the access token (auth tests). */
  noAuth?: boolean;
}

/** A sandbox on a loopback port plus a tiny HTTP client that speaks i'mport's envelope. */
export interface SandboxHarness {
  running: RunningSandbox;
  url: string;
  token(): Promise<string>;
  post<T = Record<string, unknown>>(
    path: string,
    body: unknown,
    options?: RequestOptions,
  ): Promise<Answer<T>>;
  get<T = Record<string, unknown>>(path: string, options?: RequestOptions): Promise<Answer<T>>;
  del<T = Record<string, unknown>>(path: string, options?: RequestOptions): Promise<Answer<T>>;
  close(): Promise<void>;
}

/** The sandbox's default keys, as `POST /users/getToken` takes them. */
export const CREDENTIALS = { imp_key: DEFAULT_IMP_KEY, imp_secret: DEFAULT_IMP_SECRET };

export function formEncode(body: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) params.append(k, String(v));
  return params.toString();
}

export async function startSandboxHarness(
  options: StartSandboxOptions = {},
): Promise<SandboxHarness> {
  const running = await startSandbox({ port: 0, ...options });
  let cached: string | null = null;

  async function token(): Promise<string> {
    if (cached !== null) return cached;
    const res = await send('POST', '/users/getToken', CREDENTIALS, { noAuth: true });
    assert.equal(res.status, 200, res.raw);
    cached = (res.response as { access_token: string }).access_token;
    return cached;
  }

  async function send(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions = {},
  ): Promise<Answer<never>> {
    const headers: Record<string, string> = { ...options.headers };
    if (!options.noAuth) headers['authorization'] = `Bearer ${await token()}`;
    let payload: string | undefined;
    if (body !== undefined) {
      if (options.form) {
        headers['content-type'] ??= 'application/x-www-form-urlencoded';
        payload = typeof body === 'string' ? body : formEncode(body as Record<string, unknown>);
      } else {
        headers['content-type'] ??= 'application/json';
        payload = typeof body === 'string' ? body : JSON.stringify(body);
      }
    }
    const res = await fetch(running.url + path, { method, headers, body: payload ?? null });
    if (res.status === 401 && !options.noAuth && cached !== null) {
      // A reset forgot the token: fetch a new one once, as a real client would.
      cached = null;
      await res.body?.cancel();
      return send(method, path, body, options);
    }
    const raw = await res.text();
    const parsed = JSON.parse(raw) as { code: number; message: string | null; response: never };
    return {
      status: res.status,
      code: parsed.code,
      message: parsed.message,
      response: parsed.response,
      raw,
    };
  }

  return {
    running,
    url: running.url,
    token,
    post: (path, body, options) => send('POST', path, body, options),
    get: (path, options) => send('GET', path, undefined, options),
    del: (path, options) => send('DELETE', path, undefined, options),
    close: () => running.close(),
  };
}

/** Asserts i'mport's success envelope and returns the response. */
export function okResponse<T>(answer: Answer<T>): T {
  assert.equal(answer.status, 200, answer.raw);
  assert.equal(answer.code, 0, answer.raw);
  assert.equal(answer.message, null);
  return answer.response;
}

/** Asserts an error envelope: `response` null, a message, the given code and status. */
export function assertRefused(
  answer: Answer<unknown>,
  code: number,
  status = 200,
  message?: string | RegExp,
): void {
  assert.equal(answer.status, status, answer.raw);
  assert.equal(answer.code, code, answer.raw);
  assert.equal(answer.response, null);
  assert.equal(typeof answer.message, 'string');
  if (typeof message === 'string') assert.equal(answer.message, message);
  else if (message) assert.match(answer.message ?? '', message);
}
