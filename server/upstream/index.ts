export type {
  BillingKeyPaymentRequest,
  CancelRequest,
  CardCredentials,
  InstantPaymentRequest,
  IssueBillingKeyRequest,
  Money,
  PaymentRef,
  PayOptions,
  Upstream,
  UpstreamBillingKey,
  UpstreamBuyer,
  UpstreamCallContext,
  UpstreamCancellation,
  UpstreamClock,
  UpstreamPayment,
  UpstreamPaymentStatus,
} from './upstream.ts';
export {
  isUpstreamError,
  UpstreamError,
  type UpstreamErrorCode,
  type UpstreamErrorDetails,
  type UpstreamOutcome,
} from './upstream-error.ts';
export { billingKeyLanded, landedSince } from './landed-since.ts';
export type { BillingKeyDirectory } from './billing-key-directory.ts';
