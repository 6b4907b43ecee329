// 12 or more digits, possibly split by spaces or dashes: anything that could be a card number.
const CARD_LIKE = /\d(?:[ -]?\d){11,}/g;

/** Upstream text as we pass it on: card-number-like digit runs replaced, whatever the source. */
export function redactCardLike(text: string): string {
  return text.replace(CARD_LIKE, '[redacted]');
}
