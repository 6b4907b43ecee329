/** A card network the widget recognises from the number's prefix; `unknown` covers domestic cards. */
export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'jcb' | 'unionpay' | 'diners' | 'unknown';

/**
 * What a brand implies for a number: its display groups (enough groups for the longest allowed
 * length, e.g. Visa `[4, 4, 4, 4, 3]`, Amex `[4, 6, 5]`) and the digit counts it may have.
 */
export interface BrandInfo {
  brand: CardBrand;
  groups: number[];
  lengths: number[];
}

/** Every brand, in display order. */
export const CARD_BRANDS: readonly CardBrand[] = [
  'visa',
  'mastercard',
  'amex',
  'jcb',
  'unionpay',
  'diners',
  'unknown',
];

const LONG_GROUPS = [4, 4, 4, 4, 3];
const UP_TO_19 = [16, 17, 18, 19];

// IIN ranges per brand, `low-high` over prefixes of the same width, space-separated.
const RANGES: ReadonlyArray<[CardBrand, string]> = [
  ['visa', '4-4'],
  ['mastercard', '51-55 2221-2720'],
  ['amex', '34-34 37-37'],
  ['jcb', '3528-3589'],
  ['unionpay', '62-62'],
  ['diners', '36-36 38-39 300-305'],
];

/**
 * True when every number starting with `digits` lies in [low, high]. A brand is only claimed once
 * the typed prefix settles it: '22' could still become 2220 (not Mastercard), so it stays unknown.
 */
function prefixWithin(digits: string, low: string, high: string): boolean {
  if (digits.length >= low.length) {
    const head = digits.slice(0, low.length);
    return head >= low && head <= high;
  }
  const pad = low.length - digits.length;
  return digits + '0'.repeat(pad) >= low && digits + '9'.repeat(pad) <= high;
}

function infoOf(brand: CardBrand, length: number): BrandInfo {
  const table: Record<CardBrand, [groups: number[], lengths: number[]]> = {
    visa: [LONG_GROUPS, [13, 16, 19]],
    mastercard: [[4, 4, 4, 4], [16]],
    amex: [[4, 6, 5], [15]],
    jcb: [LONG_GROUPS, UP_TO_19],
    unionpay: [LONG_GROUPS, UP_TO_19],
    // Classic Diners International is 14 digits in 4-6-4; newer co-branded ones are 16-19 in
    // fours, so the grouping follows the length typed so far.
    diners: [length <= 14 ? [4, 6, 4] : LONG_GROUPS, [14, ...UP_TO_19]],
    unknown: [LONG_GROUPS, [13, 14, 15, ...UP_TO_19]],
  };
  const [groups, lengths] = table[brand];
  return { brand, groups, lengths };
}

/**
 * Detects the brand from the card number's digits (a prefix while typing) and returns its grouping
 * and allowed lengths. Non-digit characters are ignored.
 */
export function detectBrand(digits: string): BrandInfo {
  const d = digits.replace(/\D/g, '');
  if (d.length > 0) {
    for (const [brand, ranges] of RANGES) {
      for (const range of ranges.split(' ')) {
        const [low, high] = range.split('-') as [string, string];
        if (prefixWithin(d, low, high)) return infoOf(brand, d.length);
      }
    }
  }
  return infoOf('unknown', d.length);
}

/** The most digits a number starting with `digits` may have (19 unless the brand says less). */
export function maxCardDigits(digits: string): number {
  const { lengths } = detectBrand(digits);
  return Math.max(...lengths);
}
