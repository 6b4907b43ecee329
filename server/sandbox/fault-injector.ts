import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import { SandboxConfigError } from './sandbox-error.ts';
import type { FaultSpec } from './types.ts';

/** The FaultSpec accepted by `POST /__sandbox/faults` and `injectFault`. */
export const FaultSpecSchema = v.strictObject({
  method: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z]{1,10}$/, 'method must be an HTTP method')),
  ),
  path: v.optional(
    v.pipe(v.string(), v.startsWith('/', 'path must start with /'), v.maxLength(500)),
  ),
  kind: v.picklist(
    ['delay', 'error500', 'hang', 'drop', 'refuse'],
    'kind must be delay, error500, hang, drop or refuse',
  ),
  ms: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(600_000))),
  times: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000))),
});

/** How a fault that never reaches the handler answers; each API has its own error shape. */
export interface FaultAnswers {
  error500(c: Context): Response;
  /** The answer to a held request once it is released (nobody reads it). */
  released(c: Context): Response;
  refuse(c: Context): Response;
}

/** i'mport's envelope. */
const IMP_ANSWERS: FaultAnswers = {
  error500: (c) =>
    c.json({ code: -1, message: 'Internal Server Error (sandbox fault)', response: null }, 500),
  released: (c) =>
    c.json(
      { code: -1, message: 'Service Unavailable (sandbox hang released)', response: null },
      503,
    ),
  // What i'mport answers when the PG refuses a call before acting on it: 200, code -1, the PG's
  // words, no record.
  refuse: (c) => c.json({ code: -1, message: 'PG사 처리 실패 (sandbox fault)', response: null }),
};

/**
 * What a fault did to a request, for a layer above the injector that must know (V2's
 * Idempotency-Key keeps only answers a handler gave): `not-handled` when the fault answered
 * instead of the handler, or the handler's committed answer when `drop` threw it away.
 */
export type FaultEffect = 'not-handled' | { committed: Response };
const effects = new WeakMap<Request, FaultEffect>();

export function faultEffect(request: Request): FaultEffect | undefined {
  return effects.get(request);
}

interface PendingFault {
  spec: FaultSpec;
  remaining: number;
}

/** Holds injected faults and applies each to the next N matching requests. */
export class FaultInjector {
  #faults: PendingFault[] = [];
  readonly #hangs = new Set<() => void>();

  /** Validates and queues a fault; throws SandboxConfigError naming the bad field. */
  add(input: unknown): FaultSpec {
    const result = v.safeParse(FaultSpecSchema, input);
    if (!result.success) {
      const issue = result.issues[0];
      const field = issue.path?.map((p) => String(p.key)).join('.') ?? 'spec';
      throw new SandboxConfigError(`invalid fault ${field}: ${issue.message}`);
    }
    const { method, path, kind, ms, times } = result.output;
    const spec: FaultSpec = { kind };
    if (method !== undefined) spec.method = method.toUpperCase();
    if (path !== undefined) spec.path = path;
    if (ms !== undefined) spec.ms = ms;
    if (times !== undefined) spec.times = times;
    this.#faults.push({ spec, remaining: spec.times ?? 1 });
    return spec;
  }

  pending(): FaultSpec[] {
    return this.#faults.map((f) => ({ ...f.spec, times: f.remaining }));
  }

  /** Forgets queued faults and lets held (hanging) requests finish. */
  reset(): void {
    this.#faults = [];
    this.releaseHangs();
  }

  releaseHangs(): void {
    for (const release of [...this.#hangs]) release();
    this.#hangs.clear();
  }

  /** Takes the first fault matching this request, counting it down. */
  take(method: string, path: string): FaultSpec | null {
    const index = this.#faults.findIndex((f) => matches(f.spec, method, path));
    const fault = this.#faults[index];
    if (fault === undefined) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults.splice(index, 1);
    return fault.spec;
  }

  middleware(answers: FaultAnswers = IMP_ANSWERS): MiddlewareHandler {
    const take = this.take.bind(this);
    const hang = this.#hang.bind(this);
    return async function injectFaults(c, next) {
      const fault = take(c.req.method, c.req.path);
      if (fault === null) return next();
      switch (fault.kind) {
        case 'delay':
          await sleep(fault.ms ?? 1000);
          return next();
        case 'error500':
          effects.set(c.req.raw, 'not-handled');
          return answers.error500(c);
        case 'hang':
          await hang(c);
          effects.set(c.req.raw, 'not-handled');
          // The client has gone (or the sandbox is closing): nobody reads this answer.
          return answers.released(c);
        case 'drop':
          await next();
          effects.set(c.req.raw, { committed: c.res });
          dropConnection(c);
          return;
        case 'refuse':
          effects.set(c.req.raw, 'not-handled');
          return answers.refuse(c);
      }
    };
  }

  #hang(c: Context): Promise<void> {
    return new Promise<void>((resolve) => {
      const signal = c.req.raw.signal;
      const release = (): void => {
        this.#hangs.delete(release);
        signal.removeEventListener('abort', release);
        resolve();
      };
      this.#hangs.add(release);
      if (signal.aborted) release();
      else signal.addEventListener('abort', release, { once: true });
    });
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method !== undefined && spec.method !== method.toUpperCase()) return false;
  if (spec.path === undefined) return true;
  return spec.path.endsWith('*') ? path.startsWith(spec.path.slice(0, -1)) : path === spec.path;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Destroys the client's socket after the handler has committed its effect. Under
 * @hono/node-server the raw request is `c.env.incoming`; elsewhere (app.request, other runtimes)
 * the response is replaced by one whose body errors, the closest a fetch caller can observe.
 */
function dropConnection(c: Context): void {
  const env: unknown = c.env;
  const incoming =
    typeof env === 'object' && env !== null && 'incoming' in env
      ? (env as { incoming?: IncomingMessage }).incoming
      : undefined;
  if (incoming?.socket) {
    incoming.socket.destroy();
    c.res = new Response(null, { status: 502 });
    return;
  }
  c.res = new Response(
    new ReadableStream({
      start(controller) {
        controller.error(new Error('connection dropped by sandbox fault'));
      },
    }),
    { status: 200, headers: { 'content-type': 'application/json' } },
  );
}
