/** Where a refused setting came from: a factory's option, an environment variable, or both. */
export interface ConfigErrorOptions {
  /** The option at fault (`tokenSecret`, `rateLimit.perIp`), when one is. */
  option?: string | undefined;
  /** The environment variable the value was read from, when one was. */
  variable?: string | undefined;
  /** The refusal without its subject ("must be …"), so it can be said of another subject. */
  rule?: string | undefined;
  cause?: unknown;
}

/**
 * A configuration the server cannot start with, thrown at start-up and never while serving.
 * `createServer` names the `option`; the Node entry (`startNodeServer`, the `impcard` command)
 * names the environment `variable` it read instead. A `TypeError`, as bad options were before.
 */
export class ConfigError extends TypeError {
  override readonly name = 'ConfigError';
  readonly option: string | undefined;
  readonly variable: string | undefined;
  readonly rule: string;

  constructor(message: string, options: ConfigErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.option = options.option;
    this.variable = options.variable;
    this.rule = options.rule ?? message;
  }

  /** `createServer: option "tokenSecret" must be …` (or another factory's name). */
  static forOption(option: string, rule: string, factory = 'createServer'): ConfigError {
    return new ConfigError(`${factory}: option "${option}" ${rule}`, { option, rule });
  }

  /** `IMPCARD_TOKEN_SECRET must be …`, naming the option it fills when there is one. */
  static forVariable(variable: string, rule: string, option?: string): ConfigError {
    return new ConfigError(`${variable} ${rule}`, { variable, option, rule });
  }

  /** The same refusal said of the environment variable the option was read from. */
  inVariable(variable: string): ConfigError {
    const { option, rule } = this;
    return new ConfigError(`${variable} ${rule}`, { option, variable, rule, cause: this });
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}
