import { iamportUpstream } from '../iamport/index.ts';
import { portOneUpstream } from '../portone/index.ts';
import type { Upstream } from '../upstream/index.ts';
import type { LogFn } from './logger.ts';
import { instrumentIamport } from './metrics/instrument-iamport.ts';
import { instrumentPortOne } from './metrics/instrument-portone.ts';
import type { ServerMetrics } from './metrics/server-metrics.ts';
import { createBillingKeyDirectory } from './payments/billing-key-directory.ts';
import type { ResolvedUpstream } from './server-options.ts';
import type { Store } from './store/store.ts';

/**
 * The upstream the payment rules get: the i'mport client or the PortOne V2 client, each timed per
 * endpoint (`impcard_upstream_request_duration_seconds`), V2's with its customer → billing-key
 * directory in the server's store.
 */
export function upstreamOf(
  resolved: ResolvedUpstream,
  metrics: ServerMetrics,
  store: Store,
  log: LogFn,
): Upstream {
  if (resolved.version === 'v1')
    return iamportUpstream(instrumentIamport(resolved.iamport, metrics));
  return portOneUpstream(instrumentPortOne(resolved.portone, metrics), {
    directory: createBillingKeyDirectory(store),
    channelKeyOf: () => resolved.channelKey,
    // Left at PortOne: still chargeable by whoever holds the key and the API secret.
    onOrphanKey: (customerId) =>
      log('warn', 'billing_key.replaced_not_deleted', { customer_uid: customerId }),
  });
}
