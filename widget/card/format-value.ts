import { groupDigits } from '../contract/index.ts';
import { digitsOf } from './digits-of.ts';
import { maxDigits, type MaskKind } from './mask-kind.ts';

/**
 * The display form of a field's digits: '4242 4242 4242 4242', '3782 822463 10005', '12/29',
 * '220-81-62517'; birth and password stay plain digits. Extra digits beyond the field's maximum
 * are dropped.
 */
export function formatValue(kind: MaskKind, digits: string): string {
  let d = digitsOf(digits);
  d = d.slice(0, maxDigits(kind, d));
  if (kind === 'card_number') return groupDigits(d, ' ');
  if (kind === 'expiry') return d.length > 2 ? `${d.slice(0, 2)}/${d.slice(2)}` : d;
  if (kind === 'business_number')
    return [d.slice(0, 3), d.slice(3, 5), d.slice(5)].filter((p) => p !== '').join('-');
  return d;
}
