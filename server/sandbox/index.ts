export { createSandbox, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET } from './create-sandbox.ts';
export {
  DEFAULT_PORTONE_API_SECRET,
  DEFAULT_PORTONE_STORE_ID,
  DEFAULT_PORTONE_WEBHOOK_SECRET,
} from './v2/portone-defaults.ts';
export {
  DEFAULT_PORTONE_CHANNEL_KEY,
  PORTONE_CHANNEL_KEYS,
  type PortOnePgProvider,
} from './v2/portone-channels.ts';
export { startSandbox, type RunningSandbox, type StartSandboxOptions } from './start-sandbox.ts';
export { SANDBOX_CARDS, TEST_CARDS } from './card-rules.ts';
export { DEFAULT_PG } from './pg-channels.ts';
export {
  SandboxConfigError,
  SandboxError,
  isSandboxError,
  type SandboxErrorCode,
} from './sandbox-error.ts';
export type {
  CardBehaviour,
  FaultSpec,
  ImpCancelHistoryEntry,
  ImpCustomer,
  ImpPayment,
  ImpPaymentStatus,
  Sandbox,
  SandboxAttemptOutcome,
  SandboxOptions,
  SandboxPaymentAttempt,
  SandboxPortOneWebhookBody,
  SandboxPortOneWebhookDelivery,
  SandboxWebhookDelivery,
} from './types.ts';
