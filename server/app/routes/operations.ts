import { Hono } from 'hono';
import type { Upstream } from '../../upstream/index.ts';
import type { AppEnv } from '../app-env.ts';
import type { ServerMetrics } from '../metrics/server-metrics.ts';
import { apiKeyAuth } from '../middleware/api-key-auth.ts';
import type { Store } from '../store/store.ts';

/** A probe answers within this, whatever a dependency does: orchestrators time probes out at 1-5 s. */
const CHECK_TIMEOUT_MS = 2_000;

type CheckResult = 'ok' | 'failed' | 'timeout';

async function check(run: () => Promise<unknown>): Promise<CheckResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      run().then(
        () => 'ok' as const,
        () => 'failed' as const,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** What {@link operationsRoute} uses. */
export interface OperationsRouteDeps {
  store: Pick<Store, 'get'>;
  upstream: Pick<Upstream, 'ensureReady'>;
  apiKey: string;
  metricsToken: string | undefined;
  metrics: ServerMetrics;
}

/**
 * `GET /readyz` (public): 200 when the store answers and an i'mport access token is at hand, else
 * 503 naming the failing check; `/healthz` stays liveness only. `GET /metrics` (API key or
 * `metricsToken`): Prometheus text.
 */
export function operationsRoute(deps: OperationsRouteDeps): Hono<AppEnv> {
  const { metrics } = deps;
  const app = new Hono<AppEnv>();
  app.get('/readyz', async (c) => {
    const [store, iamport] = await Promise.all([
      check(() => deps.store.get('readyz')),
      check(() => deps.upstream.ensureReady({ requestId: c.get('requestId') })),
    ]);
    const ready = store === 'ok' && iamport === 'ok';
    if (!ready) c.get('log')('warn', 'readiness.failed', { store, iamport });
    c.header('Cache-Control', 'no-store');
    return c.json(
      { status: ready ? ('ready' as const) : ('not_ready' as const), checks: { store, iamport } },
      ready ? 200 : 503,
    );
  });
  const metricsAuth = apiKeyAuth(deps.apiKey, ...(deps.metricsToken ? [deps.metricsToken] : []));
  app.get('/metrics', metricsAuth, (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    return c.body(metrics.registry.render(), 200);
  });
  return app;
}
