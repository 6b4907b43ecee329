import type { Context } from 'hono';
import type { RateLimiter } from './middleware/rate-limit.ts';
import type { PaymentLedger } from './payment-ledger.ts';
import type { ResolvedOptions } from './server-options.ts';

/** What every route factory gets: the checked options plus the shared per-app services. */
export interface ServerDeps extends ResolvedOptions {
  limiter: RateLimiter;
  clientIp: (c: Context) => string;
  ledger: PaymentLedger;
}
