import * as v from 'valibot';
import { ConfigError } from './config-error.ts';
import { jsonLineLogger, silentLogger } from './logger.ts';
import type { ResolvedOptions, ServerOptions } from './server-options.ts';
import { pgCodeRefusal } from './pg-capabilities.ts';
import { PgSchema } from './pg-schema.ts';
import { resolveUpstream } from './resolve-upstream.ts';
import { createMemoryStore } from './store/memory-store.ts';
import { bundledWidgetFiles, loadedWidgetFiles } from './widget/widget-files.ts';

/** `bodyLimitBytes` when it is not given (the Node entry reads bodies to it as well). */
export const DEFAULT_BODY_LIMIT_BYTES = 8192;

function fail(option: string, rule: string): never {
  throw ConfigError.forOption(option, rule);
}

function optionalFunction(options: ServerOptions, name: keyof ServerOptions): void {
  const value = options[name];
  if (value !== undefined && typeof value !== 'function') fail(name, 'must be a function');
}

/** Checks every option once, at start-up, so a bad configuration never surfaces mid-payment. */
export function resolveOptions(options: ServerOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object');
  if (typeof options.tokenSecret !== 'string' || options.tokenSecret.length < 32) {
    fail('tokenSecret', 'must be a string of at least 32 characters');
  }
  if (typeof options.apiKey !== 'string' || options.apiKey.length < 16) {
    fail('apiKey', 'must be a string of at least 16 characters');
  }
  if (
    options.metricsToken !== undefined &&
    (typeof options.metricsToken !== 'string' || options.metricsToken.length < 16)
  ) {
    fail('metricsToken', 'must be a string of at least 16 characters');
  }
  const allowedOrigins = new Set<string>();
  if (options.allowedOrigins !== undefined) {
    if (!Array.isArray(options.allowedOrigins))
      fail('allowedOrigins', 'must be an array of origins');
    for (const origin of options.allowedOrigins as readonly unknown[]) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(String(origin));
      } catch {
        parsed = undefined;
      }
      if (!parsed || parsed.origin !== origin) {
        fail(
          'allowedOrigins',
          `has "${String(origin)}", which is not an origin like https://shop.example`,
        );
      }
      allowedOrigins.add(origin);
    }
  }
  if (options.pg !== undefined && !v.is(PgSchema, options.pg)) {
    fail('pg', 'must be a PG code such as "nice" or "kcp.A52CY"');
  }
  const pgRefusal = options.pg === undefined ? undefined : pgCodeRefusal(options.pg, 'key-in');
  if (pgRefusal !== undefined) {
    fail('pg', pgRefusal.startsWith('"pg" ') ? pgRefusal.slice(5) : `is refused: ${pgRefusal}`);
  }
  const store = options.store;
  if (
    store !== undefined &&
    !['get', 'set', 'setIfAbsent', 'increment', 'delete', 'deleteIfEquals'].every(
      (m) => typeof (store as unknown as Record<string, unknown>)[m] === 'function',
    )
  ) {
    fail('store', 'must implement get, set, setIfAbsent, increment, delete and deleteIfEquals');
  }
  for (const name of [
    'now',
    'onBillingKeyIssued',
    'onBillingKeyChanged',
    'onPayment',
    'authorize',
    'remoteAddress',
    'widgetAsset',
  ] as const) {
    optionalFunction(options, name);
  }
  if (
    options.logger !== undefined &&
    options.logger !== false &&
    typeof options.logger !== 'function'
  ) {
    fail('logger', 'must be a function or false');
  }
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
    fail('maxAttempts', 'must be an integer from 1 to 100');
  }
  const upstreamWindowMs = options.upstreamWindowMs ?? 60_000;
  if (!Number.isInteger(upstreamWindowMs) || upstreamWindowMs < 100 || upstreamWindowMs > 600_000) {
    fail('upstreamWindowMs', 'must be an integer from 100 to 600000 (milliseconds)');
  }
  if (
    options.webhookSenders !== undefined &&
    (!Array.isArray(options.webhookSenders) ||
      !options.webhookSenders.every((a) => typeof a === 'string' && a.length > 0))
  ) {
    fail('webhookSenders', 'must be an array of IP addresses');
  }
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  if (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes < 1024 || bodyLimitBytes > 1_048_576) {
    fail('bodyLimitBytes', 'must be an integer from 1024 to 1048576');
  }
  if (options.noticeUrl !== undefined && !/^https?:\/\//.test(options.noticeUrl)) {
    fail('noticeUrl', 'must be an http(s) URL');
  }
  if (
    options.trustedProxies !== undefined &&
    (!Array.isArray(options.trustedProxies) ||
      options.trustedProxies.some((p) => typeof p !== 'string'))
  ) {
    fail('trustedProxies', 'must be an array of IP addresses');
  }
  if (
    options.rateLimit !== undefined &&
    options.rateLimit !== false &&
    typeof options.rateLimit !== 'object'
  ) {
    fail('rateLimit', 'must be false or an object of rules');
  }
  const now = options.now ?? Date.now;
  const upstream = resolveUpstream(options, now);
  return {
    upstream,
    tokenSecret: options.tokenSecret,
    apiKey: options.apiKey,
    metricsToken: options.metricsToken,
    allowedOrigins,
    pg: options.pg,
    store: store ?? createMemoryStore({ now }),
    now,
    logger: options.logger === false ? silentLogger : (options.logger ?? jsonLineLogger),
    onBillingKeyIssued: options.onBillingKeyIssued,
    onBillingKeyChanged: options.onBillingKeyChanged,
    onPayment: options.onPayment,
    authorize: options.authorize,
    rateLimit: options.rateLimit ?? {},
    trustedProxies: options.trustedProxies ?? [],
    remoteAddress: options.remoteAddress,
    maxAttempts,
    upstreamWindowMs,
    webhookSenders: options.webhookSenders ? new Set(options.webhookSenders) : undefined,
    bodyLimitBytes,
    noticeUrl: options.noticeUrl,
    widgetFiles: options.widgetAsset
      ? loadedWidgetFiles(options.widgetAsset)
      : bundledWidgetFiles(),
    demo: options.demo ?? false,
  };
}
