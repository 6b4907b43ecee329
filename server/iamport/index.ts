export {
  createIamportClient,
  type IamportClient,
  type IamportClock,
  type PayOptions,
} from './client.ts';
export { IamportError, isIamportError, type IamportErrorCode } from './errors.ts';
export { billingKeyLanded, landedSince, type ServerClock } from './landed-since.ts';
export type {
  AgainPaymentInput,
  CancelPaymentInput,
  CardInput,
  IssueBillingKeyInput,
  OnetimePaymentInput,
  PaymentExtras,
} from './inputs.ts';
export type {
  IamportCallContext,
  IamportClientOptions,
  IamportHttpLogEvent,
  IamportLogEvent,
  IamportReconcileLogEvent,
  IamportTokenLogEvent,
} from './options.ts';
export {
  ImpCustomerSchema,
  ImpEnvelopeSchema,
  ImpPaymentSchema,
  ImpPgSettingSchema,
  ImpTokenSchema,
  type ImpCustomer,
  type ImpEnvelope,
  type ImpPayment,
  type ImpPaymentStatus,
  type ImpPgSetting,
  type ImpPgSettingType,
  type ImpToken,
} from './schemas.ts';
export { iamportUpstream, upstreamBillingKeyOf, upstreamPaymentOf } from './iamport-upstream.ts';
