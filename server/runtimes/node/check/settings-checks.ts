import type { EnvConfig } from '../env-config.ts';
import { fail, info, pass, warn, type CheckResult } from './check-result.ts';

/** The webhook route of the app, below wherever it is served. */
export const WEBHOOK_PATH = '/v1/webhooks/iamport';

/** RFC 7518 §3.2: an HS256 key is at least as long as the hash, 256 bits. */
export const TOKEN_SECRET_MIN_BITS = 256;
/** What `createServer` itself refuses below (resolve-options.ts). */
export const TOKEN_SECRET_MIN_LENGTH = 32;
/** Below this many bits per character a secret is a repetition or a pattern ("aaaa…", "abab…"). */
export const TOKEN_SECRET_MIN_BITS_PER_CHAR = 3;

const LOOPBACK = /^(localhost|127(?:\.\d+){3}|\[::1\])$/;

/** The rules `impcard check` holds the settings to: production wants https everywhere. */
export interface SettingsRules {
  production: boolean;
}

function urlOf(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/** IMPCARD_PUBLIC_URL, and the webhook URL it makes, to paste into the console. */
export function checkPublicUrl(config: EnvConfig, rules: SettingsRules): CheckResult[] {
  const subject = 'IMPCARD_PUBLIC_URL';
  const example =
    'set IMPCARD_PUBLIC_URL=https://pay.shop.example (with a path prefix if proxied under one)';
  if (!config.publicUrl) {
    return [
      fail(
        subject,
        "is not set: payments carry no notice_url, so i'mport's webhooks do not reach impcard",
        example,
      ),
    ];
  }
  const url = urlOf(config.publicUrl);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    return [fail(subject, `"${config.publicUrl}" is not an http(s) URL without query`, example)];
  }
  const results: CheckResult[] = [];
  if (url.protocol === 'http:') {
    const said = `is http (${url.origin}): webhooks would travel unencrypted`;
    const fix = 'serve impcard behind TLS and set IMPCARD_PUBLIC_URL to its https:// URL';
    results.push(rules.production ? fail(subject, said, fix) : warn(subject, said, fix));
  } else if (LOOPBACK.test(url.hostname) && rules.production) {
    results.push(
      fail(subject, `is a loopback address (${url.host}): i'mport cannot reach it`, example),
    );
  } else {
    results.push(pass(subject, config.publicUrl));
  }
  results.push(
    info(
      'webhook URL',
      `${config.publicUrl}${WEBHOOK_PATH} (sent as notice_url; also paste it into the console's Notification URL)`,
    ),
  );
  return results;
}

/** IMPCARD_ALLOWED_ORIGINS: set, origins, https. */
export function checkAllowedOrigins(config: EnvConfig, rules: SettingsRules): CheckResult[] {
  const subject = 'IMPCARD_ALLOWED_ORIGINS';
  const fix = 'set IMPCARD_ALLOWED_ORIGINS=https://shop.example (comma-separated)';
  if (config.allowedOrigins.length === 0) {
    return [fail(subject, 'is empty: no page may submit the card form to this server', fix)];
  }
  const results: CheckResult[] = [];
  for (const origin of config.allowedOrigins) {
    const url = urlOf(origin);
    if (!url || url.origin !== origin) {
      results.push(fail(subject, `"${origin}" is not an origin (scheme://host[:port])`, fix));
    } else if (url.protocol !== 'https:') {
      const said = `"${origin}" is not https: a card form must be served over TLS`;
      const httpsFix = `list https://${url.host} instead in IMPCARD_ALLOWED_ORIGINS`;
      results.push(
        rules.production ? fail(subject, said, httpsFix) : warn(subject, said, httpsFix),
      );
    }
  }
  if (results.length === 0) results.push(pass(subject, config.allowedOrigins.join(', ')));
  return results;
}

/** Bits per character of the secret's own character distribution (Shannon). */
function bitsPerChar(secret: string): number {
  const counts = new Map<string, number>();
  for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / secret.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The alphabet the secret seems drawn from: hex, base64(url), or the classes it uses. */
function alphabetSize(secret: string): number {
  if (/^[0-9a-f]+$/i.test(secret)) return 16;
  if (/^[A-Za-z0-9+/=_-]+$/.test(secret)) return 64;
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]
    .map((re, i) => (re.test(secret) ? [26, 26, 10, 33][i]! : 0))
    .reduce((a, b) => a + b, 0);
}

/**
 * IMPCARD_TOKEN_SECRET: at least 32 characters (createServer's minimum), no repetition (at least 3
 * bits per character), and an estimated 256 bits (length × log2 of its alphabet).
 */
export function checkTokenSecret(config: EnvConfig): CheckResult {
  const subject = 'IMPCARD_TOKEN_SECRET';
  const fix = 'set IMPCARD_TOKEN_SECRET to 32 random bytes: openssl rand -base64 32';
  const secret = config.tokenSecret;
  if (!secret) return fail(subject, 'is not set: registration tokens cannot be signed', fix);
  const length = [...secret].length;
  if (length < TOKEN_SECRET_MIN_LENGTH) {
    return fail(
      subject,
      `has ${length} characters; at least ${TOKEN_SECRET_MIN_LENGTH} needed`,
      fix,
    );
  }
  if (bitsPerChar(secret) < TOKEN_SECRET_MIN_BITS_PER_CHAR) {
    return fail(
      subject,
      `is repetitive (under ${TOKEN_SECRET_MIN_BITS_PER_CHAR} bits of entropy per character): tokens could be forged`,
      fix,
    );
  }
  const bits = Math.floor(length * Math.log2(alphabetSize(secret)));
  if (bits < TOKEN_SECRET_MIN_BITS) {
    return warn(
      subject,
      `is about ${bits} bits; HS256 wants a ${TOKEN_SECRET_MIN_BITS}-bit key (RFC 7518 §3.2)`,
      fix,
    );
  }
  return pass(subject, `${length} characters, about ${bits} bits (≥ ${TOKEN_SECRET_MIN_BITS})`);
}

/** IMPCARD_API_KEY: set, 16 characters or more, not the token secret. */
export function checkApiKey(config: EnvConfig): CheckResult {
  const subject = 'IMPCARD_API_KEY';
  const fix = 'set IMPCARD_API_KEY to a random key: openssl rand -base64 24';
  const key = config.apiKey;
  if (!key) return fail(subject, 'is not set: the merchant API (charges, lookups) is closed', fix);
  if (key.length < 16)
    return fail(subject, `has ${key.length} characters; at least 16 needed`, fix);
  if (key === config.tokenSecret) {
    return fail(subject, 'equals IMPCARD_TOKEN_SECRET: one leak would give away both', fix);
  }
  return pass(subject, `set (${key.length} characters)`);
}
