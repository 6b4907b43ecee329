import { printable, type CheckResult, type CheckStatus } from './check-result.ts';
import { runChecks } from './run-checks.ts';

const MARKS: Record<CheckStatus, { tty: string; plain: string }> = {
  pass: { tty: '✓', plain: '[ok]  ' },
  fail: { tty: '✗', plain: '[FAIL]' },
  warn: { tty: '!', plain: '[warn]' },
  info: { tty: '·', plain: '[info]' },
};

/** One line per result: mark, subject, what was found, and the fix after an arrow. */
export function formatCheck(result: CheckResult, tty: boolean): string {
  const mark = tty ? MARKS[result.status].tty : MARKS[result.status].plain;
  const fix = result.fix ? ` → ${result.fix}` : '';
  return `${mark} ${result.subject}: ${result.message}${fix}`;
}

/**
 * `impcard check`: prints the results and a summary, and returns the exit code (1 when a check
 * failed). Never throws: an unexpected error is one line, without a stack trace.
 */
export async function checkCommand(
  env: Record<string, string | undefined>,
  output: { print: (line: string) => void; tty: boolean },
): Promise<number> {
  let results: CheckResult[];
  try {
    results = await runChecks(env);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    output.print(printable(`impcard check: could not run (${reason})`));
    return 1;
  }
  for (const result of results) output.print(formatCheck(result, output.tty));
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  output.print('');
  output.print(
    failed > 0
      ? `${failed} problem${failed === 1 ? '' : 's'} to fix, ${warned} warning${warned === 1 ? '' : 's'}: not ready to go live (docs/go-live.md)`
      : `no problems, ${warned} warning${warned === 1 ? '' : 's'}: ready to go live`,
  );
  return failed > 0 ? 1 : 0;
}
