import * as v from 'valibot';

/** What a token lets the widget do: issue a billing key, pay once, or both in one step. */
export type TokenMode = 'billing_key' | 'payment' | 'billing_key_and_payment';

/** Every {@link TokenMode}. */
export const TOKEN_MODES: readonly TokenMode[] = [
  'billing_key',
  'payment',
  'billing_key_and_payment',
];

/** Schema of {@link TokenMode}. */
export const TokenModeSchema = v.picklist(TOKEN_MODES);
