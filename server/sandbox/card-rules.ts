import type { CardBehaviour } from './types.ts';

/** What the sandbox keeps about a card: never the number itself. */
export interface CardProfile {
  /** First 8 digits, 4 stars, last 4 (e.g. `53657000****1234`). */
  masked: string;
  behaviour: CardBehaviour;
  cardCode: string;
  cardName: string;
  /** 0 credit, 1 check (debit). */
  cardType: 0 | 1;
}

/**
 * The test cards by name, dashed as i'mport documents them (the README's test-card table); every
 * other Luhn-valid number is approved. Tests take them, with the one valid card, from
 * server/testing/test-cards.ts rather than keeping their own copies.
 */
export const SANDBOX_CARDS = {
  approved: '4242-4242-4242-4242',
  declined: '4000-0000-0000-0002',
  pgError: '4000-0000-0000-0119',
  expired: '4000-0000-0000-0069',
} as const;

const digitsOf = (dashed: string): string => dashed.replace(/-/g, '');

/** Magic numbers (all Luhn-valid, by digits) whose outcome is scripted. */
export const TEST_CARDS: Readonly<Record<string, CardBehaviour>> = {
  [digitsOf(SANDBOX_CARDS.declined)]: 'decline',
  [digitsOf(SANDBOX_CARDS.pgError)]: 'pg_error',
  [digitsOf(SANDBOX_CARDS.expired)]: 'expired',
};

/** i'mport's PG messages, reproduced for each scripted outcome. */
export const CARD_MESSAGES = {
  invalidNumber: '유효하지않은 카드번호를 입력하셨습니다.',
  expired: '[PG] 유효기간이 경과한 카드입니다. (카드정보 인증 및 빌키 발급에 실패하였습니다.)',
  pastExpiry: '[PG] 유효기간 오류입니다. 카드 유효기간을 확인해주세요.',
  pgError: '[PG] 카드사 통신 장애로 승인에 실패하였습니다. 잠시 후 다시 시도해주세요.',
  declined: '[8046] 한도초과 (테스트 카드: 승인 거절)',
  quotaUnderMinimum: '[PG] 할부는 50,000원 이상 결제에서만 가능합니다.',
} as const;

/** Dashes (any grouping) around 13-19 digits; the digits must start and end the string. */
const CARD_NUMBER_PATTERN = /^\d+(?:-\d+)*$/;

/** Digits of a card number written with optional dashes, or null when the format is wrong. */
export function cardDigits(cardNumber: string): string | null {
  if (!CARD_NUMBER_PATTERN.test(cardNumber)) return null;
  const digits = cardNumber.replaceAll('-', '');
  return digits.length >= 13 && digits.length <= 19 ? digits : null;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** `53657000****1234`: first 8, four stars, last 4, whatever the length. */
export function maskCardNumber(digits: string): string {
  return `${digits.slice(0, 8)}****${digits.slice(-4)}`;
}

// Korean issuers by prefix (KFTC card company codes as i'mport reports them in `card_code`).
// Longest prefix wins; the list is illustrative, not a real BIN table.
const ISSUERS: readonly (readonly [prefix: string, code: string, name: string])[] = [
  ['9', '361', 'BC카드'],
  ['62', '374', '하나카드'],
  ['35', '368', '롯데카드'],
  ['34', '365', '삼성카드'],
  ['37', '365', '삼성카드'],
  ['36', '367', '현대카드'],
  ['30', '367', '현대카드'],
  ['38', '367', '현대카드'],
  ['5', '381', 'KB국민카드'],
  ['2', '381', 'KB국민카드'],
  ['4', '366', '신한카드'],
  ['6', '371', 'NH농협카드'],
];

/** Issuer, type and scripted behaviour of a Luhn-checked card number. */
export function profileCard(digits: string): CardProfile {
  let issuer: readonly [string, string, string] = ['', '041', '우리카드'];
  for (const entry of ISSUERS) {
    if (digits.startsWith(entry[0]) && entry[0].length > issuer[0].length) issuer = entry;
  }
  return {
    masked: maskCardNumber(digits),
    behaviour: TEST_CARDS[digits] ?? 'approve',
    cardCode: issuer[1],
    cardName: issuer[2],
    // Domestic BC cards in the test range are check cards, like the captured nice sample.
    cardType: digits.startsWith('9') ? 1 : 0,
  };
}

/**
 * Whether `YYYY-MM` is the current month or later in Korea (cards are valid through the end of
 * their expiry month; i'mport and the PGs run on KST).
 */
export function expiryNotPast(expiry: string, nowMs: number): boolean {
  const kst = new Date(nowMs + 9 * 3600_000);
  const current = kst.getUTCFullYear() * 12 + kst.getUTCMonth();
  const year = Number(expiry.slice(0, 4));
  const month = Number(expiry.slice(5, 7));
  return year * 12 + (month - 1) >= current;
}
