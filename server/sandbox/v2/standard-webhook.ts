import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';

/**
 * The `webhook-signature` header of a Standard Webhooks message: one `v1,<base64 HMAC-SHA256>`
 * per secret, space-separated, over `${id}.${timestamp}.${body}`. The key is the base64-decoded
 * secret after an optional `whsec_` prefix, as PortOne (and `Webhook.verify` of its SDK) read it.
 */
export function signStandardWebhook(
  secrets: readonly string[],
  webhookId: string,
  timestamp: string,
  payload: string,
): string {
  const content = `${webhookId}.${timestamp}.${payload}`;
  return secrets
    .map((secret) => {
      const mac = createHmac('sha256', webhookSecretKey(secret)).update(content).digest('base64');
      return `v1,${mac}`;
    })
    .join(' ');
}

/** The key bytes of a `whsec_…` secret; throws on a secret that is not base64. */
export function webhookSecretKey(secret: string): Buffer {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    throw new Error('a webhook secret must be base64, optionally prefixed with whsec_');
  }
  return Buffer.from(encoded, 'base64');
}
