import { TOKEN_MODES, type TokenMode } from '../contract/index.ts';

/** What the form shows of a token: never trusted, only displayed (the server verifies the token). */
export interface OrderDisplay {
  mode: TokenMode;
  amount?: number;
  name?: string;
}

/**
 * Reads the display part of a token's payload without checking its signature. A plain read, not
 * `TokenClaimsSchema`: nothing here is trusted, and the schema's weight belongs to the server.
 */
export function readOrder(token: string): OrderDisplay | null {
  try {
    const b64 = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const { mode, amount, name } = claims;
    if (!TOKEN_MODES.includes(mode as TokenMode)) return null;
    return {
      mode: mode as TokenMode,
      // Only what the server's schema accepts (a positive whole number of won) is worth showing.
      ...(Number.isSafeInteger(amount) && (amount as number) > 0 && { amount: amount as number }),
      ...(typeof name === 'string' && name && { name }),
    };
  } catch {
    return null;
  }
}
