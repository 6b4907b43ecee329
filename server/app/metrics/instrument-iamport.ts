import type { IamportClient } from '../../iamport/index.ts';
import type { ServerIamportClient } from '../server-options.ts';
import { instrumentCalls } from './instrument-calls.ts';
import type { ServerMetrics } from './server-metrics.ts';

/** The i'mport endpoint behind each client operation: the `endpoint` label. */
const ENDPOINTS: Record<keyof IamportClient, string> = {
  ensureToken: 'POST /users/getToken',
  listPgSettings: 'GET /users/pg',
  issueBillingKey: 'POST /subscribe/customers/{customer_uid}',
  getBillingKey: 'GET /subscribe/customers/{customer_uid}',
  getBillingKeys: 'GET /subscribe/customers',
  deleteBillingKey: 'DELETE /subscribe/customers/{customer_uid}',
  payOnetime: 'POST /subscribe/payments/onetime',
  payAgain: 'POST /subscribe/payments/again',
  getPayment: 'GET /payments/{imp_uid}',
  findPayment: 'GET /payments/find/{merchant_uid}',
  findAllPayments: 'GET /payments/findAll/{merchant_uid}',
  cancelPayment: 'POST /payments/cancel',
};

/**
 * The same client, each operation timed and counted by endpoint and outcome. Its `clock` is no
 * endpoint and is read through untouched: the payment rules judge lost calls by it.
 */
export function instrumentIamport(
  client: ServerIamportClient,
  metrics: ServerMetrics,
  now: () => number = () => performance.now(),
): ServerIamportClient {
  const wrapped: ServerIamportClient = {
    ...client,
    get clock() {
      return client.clock;
    },
  };
  instrumentCalls(client, wrapped, ENDPOINTS, metrics, now);
  return wrapped;
}
