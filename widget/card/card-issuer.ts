/** A Korean card company the widget can name from a card number's first six digits. */
export type CardIssuer = 'shinhan' | 'kb' | 'samsung' | 'hana' | 'citi' | 'kakaobank' | 'bc' | 'nh';

/**
 * Six-digit prefixes (BINs) per issuer. Small on purpose: only prefixes a public source ties to a
 * Korean issuer, so a wrong name is never shown; any other number shows its brand alone.
 *
 * Sources, as read on 2026-12-02:
 * - binlist/data `ranges.csv` (github.com/binlist/data, commit 7400e17 of 2017-03-19), the rows
 *   with country `KR` and a bank name. 411904 is listed as Korea Exchange Bank Credit Service,
 *   whose card business became Hana Card in 2014.
 * - KakaoBank check cards: 536510 (Mastercard) and 949099 (domestic only), as quoted in
 *   calssess.tistory.com's BIN notes; KakaoBank's own blog (brunch.co.kr/@kakaobank/11) confirms
 *   that every KakaoBank check card shares its first six digits.
 * - BC Card: 538831 and 558911, rows of github.com/binlist/data/pull/118 (`ranges.csv`, commit
 *   a9c1424 of 2016-08-08, not merged) naming `BC CARD CO., LTD.`, country `KR`, Mastercard
 *   credit; the merged `ranges.csv` (7400e17) lists both as `KR` Mastercard credit too, unnamed.
 *   Only these two: the pull request's other BC rows have no second source.
 * - NH NongHyup: 485480 (Visa debit) and 546112 (Mastercard debit), bank `NONGHYUP`,
 *   www.nonghyup.com, country `KR`, in github.com/binlist/data/pull/107 (`ranges.csv`, commit
 *   a7112ff of 2016-05-26, "Add and fix some South Korea cards", not merged), whose other Korean
 *   rows agree with this table.
 * Hyundai Card, Lotte Card and Woori Card are left out: no public source found ties a prefix to
 * them (docs/widget.md says what was searched).
 */
export const CARD_ISSUER_PREFIXES: Readonly<Record<CardIssuer, string>> = {
  shinhan: '451842 515594',
  kb: '457972',
  samsung: '379183 451245 531070',
  hana: '402367 411904',
  citi: '422727',
  kakaobank: '536510 949099',
  bc: '538831 558911',
  nh: '485480 546112',
};

/**
 * The Korean issuer of a card number (digits only) from its first six digits, or `null` (unknown,
 * or too short).
 */
export function detectIssuer(digits: string): CardIssuer | null {
  const bin = digits.slice(0, 6);
  if (bin.length < 6) return null;
  // Six digits cannot span the space between two prefixes.
  for (const issuer in CARD_ISSUER_PREFIXES) {
    if (CARD_ISSUER_PREFIXES[issuer as CardIssuer].includes(bin)) return issuer as CardIssuer;
  }
  return null;
}
