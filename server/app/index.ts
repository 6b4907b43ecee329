export { createServer } from './create-server.ts';
export type { DemoOptions, ServerOptions, WidgetAssetLoader } from './server-options.ts';
export type {
  BillingKeyChangedEvent,
  BillingKeyIssuedEvent,
  CardSummary,
  PaymentEvent,
  RefundResult,
  RegistrationIntent,
} from './payments/intents.ts';
export { ConfigError, isConfigError, type ConfigErrorOptions } from './config-error.ts';
export {
  HTTP_STATUS_BY_CODE,
  ServerError,
  isServerError,
  type FailureBody,
  type ServerErrorCode,
} from './server-error.ts';
export {
  signRegistrationToken,
  verifyRegistrationToken,
  generateMerchantUid,
  DEFAULT_TOKEN_TTL_SECONDS,
  TokenRequestSchema,
  type SignedRegistrationToken,
  type TokenRequest,
  type TokenRequestInput,
} from './token/index.ts';
export { StoreUnavailableError, type Store } from './store/store.ts';
export { IAMPORT_WEBHOOK_SENDERS } from './payments/webhook-lookups.ts';
export { createMemoryStore, type MemoryStoreOptions } from './store/memory-store.ts';
export {
  DEFAULT_RATE_LIMITS,
  rateLimitFromEnv,
  type RateLimitOptions,
  type RateLimitRule,
} from './middleware/rate-limit.ts';
export { PG_CAPABILITIES, pgCapabilityOf, type PgCapability } from './pg-capabilities.ts';
export { jsonLineLogger, type LogEntry, type Logger } from './logger.ts';
export { loadOpenApiDocument, type OpenApiDocument } from './openapi/load-openapi-document.ts';
