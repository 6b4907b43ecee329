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

/**
 * A text as `impcard check` prints it: on one line (an error's message may end in a newline or
 * carry several), and without the user and password of any URL in it (`http://***@host`).
 */
export function printable(text: string): string {
  return text
    .replace(/([a-z][a-z\d+.-]*:\/\/)[^\s/?#]*@/gi, '$1***@')
    .replace(/\s+/g, ' ')
    .trim();
}

const result = (
  status: CheckStatus,
  subject: string,
  message: string,
  fix?: string,
): CheckResult => ({
  status,
  subject,
  message: printable(message),
  ...(fix === undefined ? {} : { fix: printable(fix) }),
});

export const pass = (subject: string, message: string): CheckResult =>
  result('pass', subject, message);
export const info = (subject: string, message: string): CheckResult =>
  result('info', subject, message);
export const warn = (subject: string, message: string, fix: string): CheckResult =>
  result('warn', subject, message, fix);
export const fail = (subject: string, message: string, fix: string): CheckResult =>
  result('fail', subject, message, fix);
