import { createIamportClient } from '../iamport/index.ts';
import { createPortOneClient } from '../portone/index.ts';
import { ConfigError } from './config-error.ts';
import { webhookSecretKeys } from './crypto/standard-webhook.ts';
import { iamportLogEntry, jsonLineLogger, silentLogger } from './logger.ts';
import type { ResolvedUpstream, ServerOptions } from './server-options.ts';

function fail(option: string, rule: string): never {
  throw ConfigError.forOption(option, rule);
}

const isHttpUrl = (value: unknown) => typeof value === 'string' && /^https?:\/\//.test(value);

function optionalText(options: ServerOptions, name: keyof ServerOptions): string | undefined {
  const value = options[name];
  if (value !== undefined && (typeof value !== 'string' || value === '')) {
    fail(name, 'must be a non-empty string');
  }
  return value;
}

/**
 * i'mport V1 or PortOne V2, as the options say: V2 when `portone` or `portoneApiSecret` is given,
 * else V1 (`iamport`, or `impKey`/`impSecret`). Both at once is refused: a merchant moving to V2
 * changes its configuration, and half of each would charge through one and look up through the
 * other.
 */
export function resolveUpstream(options: ServerOptions, now: () => number): ResolvedUpstream {
  const logger = options.logger === false ? silentLogger : (options.logger ?? jsonLineLogger);
  const log = (event: Parameters<typeof iamportLogEntry>[0]) =>
    logger(iamportLogEntry(event, new Date(now()).toISOString()));

  if (options.portone !== undefined || options.portoneApiSecret !== undefined) {
    if (options.iamport !== undefined || options.impKey !== undefined) {
      fail(
        options.portone !== undefined ? 'portone' : 'portoneApiSecret',
        'selects PortOne V2 and cannot be set with "iamport" or "impKey" (V1): configure one version',
      );
    }
    let portone = options.portone;
    if (portone === undefined) {
      const apiSecret = optionalText(options, 'portoneApiSecret');
      if (apiSecret === undefined) fail('portoneApiSecret', 'must be a non-empty string');
      if (options.portoneApiUrl !== undefined && !isHttpUrl(options.portoneApiUrl)) {
        fail('portoneApiUrl', 'must be an http(s) URL');
      }
      const storeId = optionalText(options, 'portoneStoreId');
      portone = createPortOneClient({
        apiSecret,
        ...(options.portoneApiUrl !== undefined ? { baseUrl: options.portoneApiUrl } : {}),
        storeId,
        now,
        logger: log,
      });
    }
    // PortOne refuses a payment or an issue naming no channel (400 INVALID_REQUEST): say it now.
    const channelKey = optionalText(options, 'portoneChannelKey');
    if (channelKey === undefined) {
      fail('portoneChannelKey', 'is required with PortOne V2 (the channel key from its console)');
    }
    const webhookSecret = optionalText(options, 'portoneWebhookSecret');
    if (webhookSecret !== undefined) {
      try {
        webhookSecretKeys(webhookSecret);
      } catch (error) {
        fail('portoneWebhookSecret', (error as Error).message);
      }
    }
    return { version: 'v2', portone, channelKey, webhookSecret };
  }

  let iamport = options.iamport;
  if (iamport === undefined) {
    if (typeof options.impKey !== 'string' || options.impKey === '') {
      fail('impKey', 'is required when no "iamport" client is given');
    }
    if (typeof options.impSecret !== 'string' || options.impSecret === '') {
      fail('impSecret', 'is required when no "iamport" client is given');
    }
    if (options.impApiUrl !== undefined && !isHttpUrl(options.impApiUrl)) {
      fail('impApiUrl', 'must be an http(s) URL');
    }
    if (options.impIncludeSandbox !== undefined && typeof options.impIncludeSandbox !== 'boolean') {
      fail('impIncludeSandbox', 'must be a boolean');
    }
    iamport = createIamportClient({
      impKey: options.impKey,
      impSecret: options.impSecret,
      ...(options.impApiUrl !== undefined ? { baseUrl: options.impApiUrl } : {}),
      includeSandbox: options.impIncludeSandbox === true,
      now,
      logger: log,
    });
  }
  return { version: 'v1', iamport };
}
