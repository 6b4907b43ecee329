const WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5];

/**
 * True when `digits` is a 10-digit Korean business registration number (사업자등록번호) whose last
 * digit is its check digit. The rule is the National Tax Service's published one: multiply the first
 * nine digits by 1,3,7,1,3,7,1,3,5, add floor(9th digit × 5 / 10), and the check digit is
 * (10 − sum mod 10) mod 10. All zeros passes that rule but is no business (a placeholder typed
 * to get past the field), so it is refused.
 */
export function businessNumberValid(digits: string): boolean {
  if (!/^\d{10}$/.test(digits) || digits === '0000000000') return false;
  const d = (i: number): number => digits.charCodeAt(i) - 48;
  let sum = Math.floor((d(8) * 5) / 10);
  for (let i = 0; i < 9; i++) sum += d(i) * WEIGHTS[i]!;
  return (10 - (sum % 10)) % 10 === d(9);
}
