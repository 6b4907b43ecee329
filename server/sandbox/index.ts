export { createSandbox, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET } from './create-sandbox.ts';
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
  SandboxWebhookDelivery,
} from './types.ts';
