import { maxCardDigits } from '../contract/index.ts';

/** The kinds of masked input: the four card fields, with birth split by its two meanings. */
export type MaskKind = 'card_number' | 'expiry' | 'birth' | 'business_number' | 'pwd_2digit';

const FIXED_MAX: Record<Exclude<MaskKind, 'card_number'>, number> = {
  expiry: 4,
  birth: 6,
  business_number: 10,
  pwd_2digit: 2,
};

/** The most digits a field of `kind` holds (a card number's limit follows its brand). */
export function maxDigits(kind: MaskKind, digits: string): number {
  return kind === 'card_number' ? maxCardDigits(digits) : FIXED_MAX[kind];
}
