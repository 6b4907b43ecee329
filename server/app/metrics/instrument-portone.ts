import type { PortOneClient } from '../../portone/index.ts';
import { instrumentCalls } from './instrument-calls.ts';
import type { ServerMetrics } from './server-metrics.ts';

/** The PortOne V2 endpoint behind each client operation: the `endpoint` label. */
const ENDPOINTS: Record<keyof PortOneClient, string> = {
  issueBillingKey: 'POST /billing-keys',
  payInstantly: 'POST /payments/{paymentId}/instant',
  payWithBillingKey: 'POST /payments/{paymentId}/billing-key',
  getPayment: 'GET /payments/{paymentId}',
  getBillingKey: 'GET /billing-keys/{billingKey}',
  listBillingKeys: 'GET /billing-keys',
  deleteBillingKey: 'DELETE /billing-keys/{billingKey}',
  cancelPayment: 'POST /payments/{paymentId}/cancel',
  ensureReady: 'GET /payments/{paymentId}',
};

/** The same V2 client, each operation timed and counted by endpoint and outcome. */
export function instrumentPortOne(
  client: PortOneClient,
  metrics: ServerMetrics,
  now: () => number = () => performance.now(),
): PortOneClient {
  const wrapped: PortOneClient = { ...client };
  instrumentCalls(client, wrapped, ENDPOINTS, metrics, now);
  return wrapped;
}
