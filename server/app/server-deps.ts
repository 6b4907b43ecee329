import type { Context } from 'hono';
import type { RateLimiter } from './middleware/rate-limit.ts';
import type { PaymentLedger } from './payments/payment-ledger.ts';
import type { CustomerDoubts } from './payments/customer-doubt.ts';
import type { LockOptions } from './payments/with-lock.ts';
import type { RegistrationLedger } from './payments/registration-ledger.ts';
import type { ResolvedOptions } from './server-options.ts';

/** What every route factory gets: the checked options plus the shared per-app services. */
export interface ServerDeps extends ResolvedOptions {
  limiter: RateLimiter;
  clientIp: (c: Context) => string;
  ledger: PaymentLedger;
  /** The payment rules' own state (payments/). */
  payments: {
    registrations: RegistrationLedger;
    doubts: CustomerDoubts;
    lock: LockOptions;
  };
}
