import { Hono } from 'hono';
import { ok } from '../envelope.ts';
import type { FaultInjector } from '../fault-injector.ts';
import { readBody, readQuery } from '../read-params.ts';
import type { SandboxDeps } from '../sandbox-deps.ts';
import { isSandboxError, SandboxConfigError, SandboxError } from '../sandbox-error.ts';
import type { CallCounter } from '../call-counter.ts';

export interface ControlDeps {
  deps: SandboxDeps;
  faults: FaultInjector;
  calls: CallCounter;
  reset: () => void;
}

/** `/__sandbox/*`: test controls (attempts, faults, reset, V1 and V2 webhooks, call counts). No auth. */
export function controlRoutes({ deps, faults, calls, reset }: ControlDeps): Hono {
  return new Hono()
    .get('/__sandbox/payments', (c) => {
      const merchantUid = readQuery(c)['merchant_uid'];
      return ok(c, deps.state.attempts(typeof merchantUid === 'string' ? merchantUid : undefined));
    })
    .get('/__sandbox/faults', (c) => ok(c, faults.pending()))
    .post('/__sandbox/faults', async (c) => {
      const body = await readBody(c);
      try {
        return ok(c, faults.add(body));
      } catch (e) {
        if (isSandboxError(e) || !(e instanceof SandboxConfigError)) throw e;
        throw new SandboxError('INVALID_FAULT', e.message, { impCode: 1, status: 400 });
      }
    })
    .post('/__sandbox/reset', (c) => {
      reset();
      return ok(c, true);
    })
    .get('/__sandbox/webhooks', (c) => ok(c, deps.webhooks.deliveries))
    .get('/__sandbox/portone-webhooks', (c) => ok(c, deps.webhooks.portoneDeliveries))
    .get('/__sandbox/calls', (c) => {
      const query = readQuery(c);
      const path = typeof query['path'] === 'string' ? query['path'] : '*';
      const method = typeof query['method'] === 'string' ? query['method'] : undefined;
      return ok(c, { path, method: method ?? null, count: calls.count(path, method) });
    });
}
