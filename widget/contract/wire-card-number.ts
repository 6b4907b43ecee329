import { detectBrand } from './card-brand.ts';

/**
 * Splits card digits into the brand's groups joined by `sep` ('4242-4242-4242-4242',
 * '3782-822463-10005'). Digits beyond the brand's groups go into a final group.
 */
export function groupDigits(digits: string, sep: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of detectBrand(digits).groups) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts.join(sep);
}
