import { isConfigError, type ConfigError } from '../../../app/config-error.ts';
import { silentLogger } from '../../../app/logger.ts';
import { resolveOptions } from '../../../app/resolve-options.ts';
import type { ServerOptions } from '../../../app/server-options.ts';
import { inEnvTerms, readEnvConfig, type EnvReading } from '../env-config.ts';
import { nodeServerOptions } from '../node-server-options.ts';

// Stand-ins for what the rest of start-up supplies (generated secrets, the built widget), so that
// each option is judged alone.
const VALID = {
  tokenSecret: 'x'.repeat(32),
  apiKey: 'x'.repeat(16),
  logger: false,
  widgetAsset: () => Promise.resolve(null),
} as const;

/**
 * Everything `npm start` would refuse in `env`, said of its variable: the environment reader's
 * refusals, then `createServer`'s checks of each option the environment fills. Each option is
 * held to `resolveOptions` on its own, where start-up stops at the first, so that every refused
 * variable is named.
 */
export function startupRefusals(env: Record<string, string | undefined>): EnvReading {
  const { config, problems } = readEnvConfig(env);
  const options = nodeServerOptions(config, {
    // Start-up generates missing secrets (sandbox mode) or has refused them above.
    secrets: {
      tokenSecret: config.tokenSecret ?? VALID.tokenSecret,
      apiKey: config.apiKey ?? VALID.apiKey,
    },
    port: config.port,
    sandboxUrl: undefined,
    store: undefined,
    logger: silentLogger,
  });
  const refusals: ConfigError[] = [...problems];
  for (const name of Object.keys(options) as (keyof ServerOptions)[]) {
    if (name === 'iamport' || name === 'logger') continue;
    try {
      resolveOptions({ ...VALID, iamport: options.iamport, [name]: options[name] });
    } catch (error) {
      const refusal = inEnvTerms(error);
      if (!isConfigError(refusal)) throw refusal;
      refusals.push(refusal);
    }
  }
  return { config, problems: refusals };
}
