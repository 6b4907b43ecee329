// Standard Webhooks verification (what PortOne V2 signs with), on Web Crypto. Chosen over
// `@portone/server-sdk`'s `Webhook.verify` (1.7 MB unpacked: the package would pass its install
// size ceiling, test/packaging.test.ts) and over the `standardwebhooks` package (pure-JS HMAC and
// base64 dependencies for ~40 lines): Web Crypto is on every runtime the server runs on (Node, Bun,
// Deno, Workers), and `crypto.subtle.verify` compares the MAC in constant time. The test holds this
// to the SDK's `Webhook.verify` on the same messages.

/** Why a message was refused; the same words as `WebhookVerificationError.reason` in the SDK. */
export type WebhookRefusal =
  | 'MISSING_REQUIRED_HEADERS'
  | 'NO_MATCHING_SIGNATURE'
  | 'INVALID_SIGNATURE'
  | 'TIMESTAMP_TOO_OLD'
  | 'TIMESTAMP_TOO_NEW';

/** How far a `webhook-timestamp` may be from our clock, either way (as the SDK allows). */
export const WEBHOOK_TOLERANCE_S = 5 * 60;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const encoder = new TextEncoder();

function base64Bytes(encoded: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) return undefined;
  return Uint8Array.from(atob(encoded), (ch) => ch.charCodeAt(0));
}

/**
 * The key bytes of each secret in `raw`: one secret, or two (rotation) separated by a comma
 * and/or spaces, each `whsec_` + base64 or bare base64. Throws on one that is not base64.
 */
export function webhookSecretKeys(raw: string): Uint8Array<ArrayBuffer>[] {
  const secrets = raw.split(/[\s,]+/).filter(Boolean);
  if (secrets.length === 0) throw new Error('names no secret');
  return secrets.map((secret) => {
    const bytes = base64Bytes(secret.startsWith('whsec_') ? secret.slice(6) : secret);
    if (!bytes || bytes.length === 0) {
      throw new Error('must be base64, optionally prefixed with whsec_ (two: comma-separated)');
    }
    return bytes;
  });
}

/** A verifier for messages signed with any of `keys` (checked once, imported once). */
export function standardWebhookVerifier(
  keys: readonly Uint8Array<ArrayBuffer>[],
  now: () => number,
): (body: string, headers: Headers) => Promise<WebhookRefusal | null> {
  let imported: Promise<CryptoKey[]> | undefined;
  return async (body, headers) => {
    const id = headers.get('webhook-id');
    const timestamp = headers.get('webhook-timestamp');
    const signatures = headers.get('webhook-signature');
    if (!id || !timestamp || !signatures) return 'MISSING_REQUIRED_HEADERS';
    if (!/^\d{1,12}$/.test(timestamp)) return 'INVALID_SIGNATURE';
    const age = Math.floor(now() / 1000) - Number(timestamp);
    if (age > WEBHOOK_TOLERANCE_S) return 'TIMESTAMP_TOO_OLD';
    if (age < -WEBHOOK_TOLERANCE_S) return 'TIMESTAMP_TOO_NEW';
    imported ??= Promise.all(
      keys.map((key) =>
        crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']),
      ),
    );
    const cryptoKeys = await imported;
    const content = encoder.encode(`${id}.${timestamp}.${body}`);
    for (const entry of signatures.split(' ')) {
      const [version, encoded = ''] = entry.split(',', 2);
      const mac = version === 'v1' ? base64Bytes(encoded) : undefined;
      if (!mac) continue;
      for (const key of cryptoKeys) {
        if (await crypto.subtle.verify('HMAC', key, mac, content)) return null;
      }
    }
    return 'NO_MATCHING_SIGNATURE';
  };
}
