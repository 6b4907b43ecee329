import { readEnvConfig } from '../env-config.ts';
import { fail, info, type CheckResult } from './check-result.ts';
import { checkIamport, type IamportCheckOptions } from './iamport-checks.ts';
import { checkRedis } from './redis-check.ts';
import {
  checkAllowedOrigins,
  checkApiKey,
  checkPublicUrl,
  checkTokenSecret,
} from './settings-checks.ts';

export type { CheckResult, CheckStatus } from './check-result.ts';

const OFFICIAL_API = 'https://api.iamport.kr';

// Refusals of the environment reader that a check below says better, with its fix.
const CHECKED_BELOW = new Set(['IMP_SECRET', 'IMPCARD_TOKEN_SECRET', 'IMPCARD_API_KEY']);

/**
 * What `impcard check` finds in an environment, one result per line, without a process: the
 * same reading as `impcard` (env-config.ts), then the i'mport keys, PG and channel, the public
 * and webhook URLs, origins, secrets and the store. Production rules (https everywhere, a warning
 * for the memory store) hold with NODE_ENV=production or when IMP_API_URL is i'mport's own.
 */
export async function runChecks(
  env: Record<string, string | undefined>,
  options: IamportCheckOptions = {},
): Promise<CheckResult[]> {
  const { config, problems } = readEnvConfig(env);
  const official = !config.impApiUrl || config.impApiUrl.replace(/\/+$/, '') === OFFICIAL_API;
  const production = env.NODE_ENV === 'production' || official;
  const results: CheckResult[] = [
    info(
      'rules',
      production
        ? `production (${env.NODE_ENV === 'production' ? 'NODE_ENV=production' : `i'mport at ${OFFICIAL_API}`}): https required`
        : `development (IMP_API_URL=${config.impApiUrl}, NODE_ENV not production): http is a warning`,
    ),
  ];
  for (const problem of problems) {
    const variable = problem.variable ?? problem.option ?? 'environment';
    if (CHECKED_BELOW.has(variable)) continue;
    results.push(fail(variable, problem.rule, `fix ${variable}; impcard refuses to start with it`));
  }
  const rules = { production };
  results.push(
    ...(await checkIamport(config, options)),
    ...checkPublicUrl(config, rules),
    ...checkAllowedOrigins(config, rules),
    checkTokenSecret(config),
    checkApiKey(config),
    ...(await checkRedis(config, rules, { timeoutMs: options.timeoutMs ?? 5000 })),
  );
  return results;
}
