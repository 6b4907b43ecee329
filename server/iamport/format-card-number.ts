/**
 * i'mport documents card numbers as `dddd-dddd-dddd-dddd`; 15-digit Amex uses 4-6-5 and 14-digit
 * Diners 4-6-4 as printed on the card. Separators in the input are ignored.
 */
export function formatCardNumber(input: string): string {
  const digits = input.replace(/\D/g, '');
  const groups =
    digits.length === 15 ? [4, 6, 5] : digits.length === 14 ? [4, 6, 4] : [4, 4, 4, 4, 3];
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts.join('-');
}
