import { pgCapabilityOf, pgCodeRefusal } from '../../../app/pg-capabilities.ts';
import {
  createIamportClient,
  isIamportError,
  type IamportClient,
  type ImpPgSetting,
} from '../../../iamport/index.ts';
import type { EnvConfig } from '../env-config.ts';
import { fail, info, pass, warn, type CheckResult } from './check-result.ts';

/** Where i'mport shows a merchant its REST API keys. */
export const KEYS_IN_CONSOLE = '관리자 콘솔 → 상점・계정 관리 → 내 식별코드・API Keys';
/** Where PG channels are added (the console's channel settings). */
const CHANNELS_IN_CONSOLE = '관리자 콘솔 → 결제 연동 → 연동 정보 (채널 관리)';

export interface IamportCheckOptions {
  /** How long each call to i'mport may take. @default 10_000 */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const reasonOf = (error: unknown): string =>
  isIamportError(error) || error instanceof Error ? error.message : String(error);

/** The pg's code and MID (`kcp.A52CY` → kcp, A52CY). */
function splitPg(pg: string): { code: string; mid: string | undefined } {
  const [code = '', ...mid] = pg.split('.');
  return { code: code.toLowerCase(), mid: mid.length > 0 ? mid.join('.') : undefined };
}

const nameOf = (s: ImpPgSetting) => (s.pg_id ? `${s.pg_provider}.${s.pg_id}` : s.pg_provider);

/** A refusal of pgCodeRefusal said of the value (`"kcp." has nothing after the dot; …`). */
const refusalOf = (pg: string, refusal: string) =>
  refusal.startsWith('"pg" ') ? `"${pg}" ${refusal.slice(5)}` : refusal;

/** IMPCARD_PG as start-up judges it (pgCodeRefusal, no call), then whether it issues keys alone. */
function checkPgCode(pg: string | undefined): CheckResult {
  const subject = 'IMPCARD_PG';
  if (!pg) return info(subject, "unset: i'mport uses the default channel of your console");
  const fix = 'set IMPCARD_PG to a key-in PG code such as nice_v2 or kcp.{MID} (docs/pgs.md)';
  const refusal = pgCodeRefusal(pg, 'key-in');
  if (refusal !== undefined) return fail(subject, refusalOf(pg, refusal), fix);
  const label = pgCapabilityOf(pg)?.label ?? pg;
  if (pgCodeRefusal(pg, 'billing_key') !== undefined) {
    return warn(
      subject,
      `${label} issues a billing key only with a first payment`,
      'use mode billing_key_and_payment in tokens, or choose another PG in IMPCARD_PG',
    );
  }
  return pass(subject, `${pg}: ${label}, REST key-in and billing keys`);
}

/** The channel IMPCARD_PG selects among the console's key-in channels, or why there is none. */
function checkChannel(
  pg: string | undefined,
  settings: ImpPgSetting[],
): { result: CheckResult; channel: ImpPgSetting | undefined } {
  const subject = 'PG channel';
  const keyIn = settings.filter((s) => s.type === 'api_payment');
  const listed = keyIn.map(nameOf).join(', ') || 'none';
  if (pg) {
    const { code, mid } = splitPg(pg);
    const channel = keyIn.find(
      (s) => s.pg_provider.toLowerCase() === code && (mid === undefined || s.pg_id === mid),
    );
    if (!channel) {
      return {
        result: fail(
          subject,
          `no REST key-in channel "${pg}" in the console (key-in channels: ${listed}); i'mport would use the default channel`,
          `add it in ${CHANNELS_IN_CONSOLE}, or set IMPCARD_PG to one listed`,
        ),
        channel: undefined,
      };
    }
    return { result: pass(subject, `${nameOf(channel)} is configured for REST key-in`), channel };
  }
  if (keyIn.length === 0) {
    return {
      result: fail(
        subject,
        'the console has no REST key-in (API 비인증) channel',
        `add one in ${CHANNELS_IN_CONSOLE} (docs/go-live.md)`,
      ),
      channel: undefined,
    };
  }
  if (keyIn.length > 1) {
    return {
      result: warn(
        subject,
        `several key-in channels (${listed}) and no IMPCARD_PG: i'mport picks the console's default`,
        `set IMPCARD_PG to the one to use, e.g. ${nameOf(keyIn[0]!)}`,
      ),
      channel: undefined,
    };
  }
  return { result: pass(subject, `${nameOf(keyIn[0]!)} is the key-in channel`), channel: keyIn[0] };
}

/** Test channel or live, and whether IMP_INCLUDE_SANDBOX agrees. */
function checkChannelMode(includeSandbox: boolean, channel: ImpPgSetting | undefined): CheckResult {
  const subject = 'IMP_INCLUDE_SANDBOX';
  const meaning =
    "webhook re-queries ask for test-channel payments (include_sandbox=true), which i'mport hides since 2026-01-26";
  if (channel === undefined) {
    return info(subject, includeSandbox ? `true: ${meaning}` : 'false: live payments only');
  }
  if (channel.sandbox) {
    return includeSandbox
      ? info(
          subject,
          `true, with a test channel (no money moves): ${meaning}; set it to false on the live channel`,
        )
      : warn(
          subject,
          'false with a test channel: webhook re-queries will not find its payments',
          'set IMP_INCLUDE_SANDBOX=true while you test, false once live',
        );
  }
  return includeSandbox
    ? warn(
        subject,
        'true with a live channel: webhooks of test-channel payments would be accepted as well',
        'unset IMP_INCLUDE_SANDBOX (or set it to false)',
      )
    : info(subject, 'false, with a live channel: real money moves');
}

/**
 * The i'mport side: the keys (one getToken against IMP_API_URL), IMPCARD_PG against impcard's PG
 * table, the channel among the console's (`GET /users/pg`), and test channel vs live.
 */
export async function checkIamport(
  config: EnvConfig,
  refused: ReadonlySet<string>,
  options: IamportCheckOptions = {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const baseUrl = config.impApiUrl ?? 'https://api.iamport.kr';
  const keysFix = `set IMP_KEY and IMP_SECRET to the REST API key and secret (${KEYS_IN_CONSOLE})`;
  let client: IamportClient | undefined;
  if (!config.impKey || !config.impSecret) {
    const missing = config.impKey ? 'IMP_SECRET is' : 'IMP_KEY is';
    results.push(
      fail(
        'IMP_KEY/IMP_SECRET',
        `${missing} not set${config.impKey ? '' : ': impcard would start in sandbox mode'}`,
        keysFix,
      ),
    );
  } else if (refused.has('IMP_API_URL')) {
    results.push(
      info('IMP_KEY/IMP_SECRET', 'not tried: impcard refuses IMP_API_URL (see its line)'),
    );
  } else {
    client = createIamportClient({
      impKey: config.impKey,
      impSecret: config.impSecret,
      baseUrl,
      includeSandbox: config.includeSandbox,
      timeoutMs: options.timeoutMs ?? 10_000,
      retryLimit: 0,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    try {
      await client.ensureToken();
      results.push(pass('IMP_KEY/IMP_SECRET', `accepted by ${baseUrl} (getToken)`));
    } catch (error) {
      client = undefined;
      results.push(
        isIamportError(error, 'UPSTREAM_AUTH_FAILED')
          ? fail('IMP_KEY/IMP_SECRET', `refused by ${baseUrl} (401)`, keysFix)
          : fail(
              'IMP_KEY/IMP_SECRET',
              `could not be tried: ${baseUrl} did not answer getToken (${reasonOf(error)})`,
              'check IMP_API_URL (unset means https://api.iamport.kr) and the network',
            ),
      );
    }
  }

  const pgResult = checkPgCode(config.pg);
  results.push(pgResult);
  let channel: ImpPgSetting | undefined;
  if (client && pgResult.status !== 'fail') {
    try {
      const checked = checkChannel(config.pg, await client.listPgSettings());
      results.push(checked.result);
      channel = checked.channel;
    } catch (error) {
      results.push(
        warn(
          'PG channel',
          `could not list the console's channels (GET /users/pg: ${reasonOf(error)})`,
          `check the key-in channel in ${CHANNELS_IN_CONSOLE} by hand`,
        ),
      );
    }
  }
  // A value start-up refuses has no meaning to weigh against the channel.
  if (!refused.has('IMP_INCLUDE_SANDBOX')) {
    results.push(checkChannelMode(config.includeSandbox, channel));
  }
  return results;
}
