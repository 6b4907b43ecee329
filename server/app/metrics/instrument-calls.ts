import { isUpstreamError } from '../../upstream/index.ts';
import type { ServerMetrics } from './server-metrics.ts';

/**
 * Replaces each method of `target` named in `endpoints` (read from `client`) by one that is timed
 * and counted by endpoint and outcome: `ok`, `not_found` (a lookup's null) or the error's code.
 */
export function instrumentCalls<C extends object>(
  client: C,
  target: C,
  endpoints: Partial<Record<keyof C, string>>,
  metrics: ServerMetrics,
  now: () => number,
): void {
  for (const name of Object.keys(endpoints) as (keyof C & string)[]) {
    const original: unknown = Reflect.get(client, name);
    const endpoint = endpoints[name];
    if (typeof original !== 'function' || endpoint === undefined) continue;
    Reflect.set(target, name, async (...args: unknown[]) => {
      const started = now();
      const seconds = () => Math.max(0, now() - started) / 1000;
      try {
        const result: unknown = await Reflect.apply(original, client, args);
        metrics.upstream.observe(
          { endpoint, status: result === null ? 'not_found' : 'ok' },
          seconds(),
        );
        return result;
      } catch (error) {
        const status = isUpstreamError(error) ? error.code : 'error';
        metrics.upstream.observe({ endpoint, status }, seconds());
        throw error;
      }
    });
  }
}
