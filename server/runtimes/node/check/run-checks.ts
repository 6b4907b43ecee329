import { fail, info, type CheckResult } from './check-result.ts';
import { checkIamport, type IamportCheckOptions } from './iamport-checks.ts';
import { checkRedis } from './redis-check.ts';
import {
  checkAllowedOrigins,
  checkApiKey,
  checkPublicUrl,
  checkTokenSecret,
} from './settings-checks.ts';
import { startupRefusals } from './startup-refusals.ts';

export type { CheckResult, CheckStatus } from './check-result.ts';

const OFFICIAL_API = 'https://api.iamport.kr';

/** i'mport's own API, however spelled (`https://API.iamport.kr:443/`); unset means it too. */
function isOfficialApi(apiUrl: string | undefined): boolean {
  if (apiUrl === undefined) return true;
  const host = URL.canParse(apiUrl) ? new URL(apiUrl).hostname : '';
  return host.replace(/\.$/, '') === new URL(OFFICIAL_API).hostname;
}

/** The variables a line speaks of: its subject (`IMP_KEY/IMP_SECRET` is two), or what it shows. */
const variablesOf = (subject: string): string[] =>
  subject === 'webhook URL' ? ['IMPCARD_PUBLIC_URL'] : subject.split('/');

/**
 * What `impcard check` finds in an environment, one result per line, without a process: first
 * whatever `impcard` itself would refuse to start with (the environment reader and createServer's
 * checks of the options it fills), then the i'mport keys, PG and channel, the public and webhook
 * URLs, origins, secrets and the store. Production rules (https everywhere, a warning for the
 * memory store) hold with NODE_ENV=production or when IMP_API_URL is i'mport's own.
 */
export async function runChecks(
  env: Record<string, string | undefined>,
  options: IamportCheckOptions = {},
): Promise<CheckResult[]> {
  const { config, problems } = startupRefusals(env);
  const subjectOf = (problem: (typeof problems)[number]) =>
    problem.variable ?? problem.option ?? 'environment';
  const refused = new Set(problems.map(subjectOf));
  // An IMP_API_URL start-up refuses says nothing of the rules: hold it to the stricter ones.
  const apiRefused = refused.has('IMP_API_URL');
  const production = env.NODE_ENV === 'production' || apiRefused || isOfficialApi(config.impApiUrl);
  const why =
    env.NODE_ENV === 'production'
      ? 'NODE_ENV=production'
      : apiRefused
        ? 'IMP_API_URL is refused'
        : `i'mport at ${OFFICIAL_API}`;
  const rules = { production };
  const checks: CheckResult[] = [
    ...(await checkIamport(config, refused, options)),
    ...checkPublicUrl(config, rules),
    ...checkAllowedOrigins(config, rules),
    checkTokenSecret(config),
    checkApiKey(config),
    ...(await checkRedis(config, rules, { timeoutMs: options.timeoutMs ?? 5000 })),
  ];
  const failed = (variable: string) =>
    checks.some((r) => r.status === 'fail' && variablesOf(r.subject).includes(variable));
  const results: CheckResult[] = [
    info(
      'rules',
      production
        ? `production (${why}): https required`
        : `development (IMP_API_URL=${config.impApiUrl}, NODE_ENV not production): http is a warning`,
    ),
  ];
  for (const problem of problems) {
    const variable = subjectOf(problem);
    // A check of its own that fails says more (how many characters, which code to use).
    if (failed(variable)) continue;
    results.push(fail(variable, problem.rule, `fix ${variable}; impcard refuses to start with it`));
  }
  // Nothing passes, warns of or reads a value start-up refuses: its refusal is the only word.
  results.push(
    ...checks.filter(
      (r) => r.status === 'fail' || !variablesOf(r.subject).some((v) => refused.has(v)),
    ),
  );
  return results;
}
