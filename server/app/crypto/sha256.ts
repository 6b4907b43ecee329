import { nodeCrypto } from './node-crypto.ts';

const encoder = new TextEncoder();

/** SHA-256 of a string (UTF-8) or bytes: node:crypto where there is one, else WebCrypto. */
export async function sha256(input: string | Uint8Array): Promise<Uint8Array> {
  const node = await nodeCrypto;
  if (node) return new Uint8Array(node.createHash('sha256').update(input).digest());
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
