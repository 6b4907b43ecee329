export {
  createPortOneClient,
  type PortOneClient,
  type PortOneAttempt,
  type PortOneIssuedKey,
  type PortOnePayOptions,
} from './client.ts';
export { classifyPortOne, ERROR_TYPES, type PortOneVerdict } from './classify-outcome.ts';
export {
  credentialOf,
  type PortOneBillingKeyPaymentInput,
  type PortOneCancelInput,
  type PortOneCardCredential,
  type PortOneCustomerInput,
  type PortOneInstantPaymentInput,
  type PortOneIssueBillingKeyInput,
} from './inputs.ts';
export type { PortOneClientOptions } from './options.ts';
export type {
  PortOneBillingKeyInfo,
  PortOneCancellation,
  PortOnePayment,
  PortOnePaymentStatus,
} from './schemas.ts';
export {
  portOneUpstream,
  upstreamPaymentOfV2,
  type PortOneUpstreamOptions,
} from './portone-upstream.ts';
