import type { CardInput } from './inputs.ts';

// 12 or more digits, possibly split by spaces or dashes: anything that could be a card number.
const CARD_LIKE = /\d(?:[ -]?\d){11,}/g;
// The value after a card field name, as JSON (`"birth":"…"`) or form/query text (`birth=…`).
const CARD_FIELD = /((?:card_number|expiry|birth|pwd_2digit|cvc)"?\s*[:=]\s*"?)[^",&\s}]*/g;

/**
 * Upstream text as we pass it on. A PG message could quote what it was sent; the values we sent
 * (`secrets`), anything shaped like a card number and any value after a card field name go.
 */
export function redactCardLike(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.replaceAll(secret, '[redacted]');
  }
  return out.replace(CARD_LIKE, '[redacted]').replace(CARD_FIELD, '$1[redacted]');
}

/** The card values of a request, in the forms a PG message might quote them. */
export function cardSecrets(card: CardInput): string[] {
  const digits = card.card_number.replace(/\D/g, '');
  return [card.card_number, digits, card.expiry, card.expiry.replace('-', '')]
    .concat(card.birth ?? [], card.cvc ?? [])
    .filter((s) => s.length > 0);
}
