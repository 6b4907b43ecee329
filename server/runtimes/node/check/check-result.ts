/** How one check of `impcard check` came out; only `fail` makes the command exit 1. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'info';

/** One line of `impcard check`: what was looked at, what was found, and the fix when one is due. */
export interface CheckResult {
  status: CheckStatus;
  /** What was checked, usually the environment variable (`IMPCARD_PUBLIC_URL`). */
  subject: string;
  /** What was found, in one sentence; never a secret's value, never card data. */
  message: string;
  /** What to change, naming the variable to set (fail and warn only). */
  fix?: string;
}

export const pass = (subject: string, message: string): CheckResult => ({
  status: 'pass',
  subject,
  message,
});
export const info = (subject: string, message: string): CheckResult => ({
  status: 'info',
  subject,
  message,
});
export const warn = (subject: string, message: string, fix: string): CheckResult => ({
  status: 'warn',
  subject,
  message,
  fix,
});
export const fail = (subject: string, message: string, fix: string): CheckResult => ({
  status: 'fail',
  subject,
  message,
  fix,
});
