import type * as NodeCrypto from 'node:crypto';

// Importing a raw HMAC key costs more than the HMAC itself (WebCrypto allocates and transfers a
// key object each time), and a server has one token secret for its lifetime: import it once.
const keys = new Map<string, Promise<CryptoKey>>();
// Enough for a secret rotation; beyond it the cache starts over rather than grow.
const MAX_KEYS = 8;

/** The HS256 key of `secret`, imported once per secret (sign and verify). */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= MAX_KEYS) keys.clear();
    key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    keys.set(secret, key);
    // A failed import is not kept: the next call tries again.
    key.catch(() => keys.delete(secret));
  }
  return key;
}

const keyObjects = new Map<string, NodeCrypto.KeyObject>();

/**
 * The same secret as a node:crypto KeyObject, made once: an HMAC keyed by a string prepares the
 * key anew each time (about a tenth of the HMAC's CPU in a micro-benchmark).
 */
export function hmacKeyObject(node: typeof NodeCrypto, secret: string): NodeCrypto.KeyObject {
  let key = keyObjects.get(secret);
  if (!key) {
    if (keyObjects.size >= MAX_KEYS) keyObjects.clear();
    key = node.createSecretKey(new TextEncoder().encode(secret));
    keyObjects.set(secret, key);
  }
  return key;
}
