// The one set of test cards and the one "valid card" every test uses: the server's, the
// sandbox's, the i'mport client's, the widget's and the end-to-end tests'. Imports nothing that
// needs Node, so the widget's browser tests can load it too.
import { SANDBOX_CARDS } from '../sandbox/card-rules.ts';
import { validCardExpiry } from './card-expiry.mjs';

/**
 * The sandbox's scripted cards (see its README table) plus numbers tests need for other reasons:
 * one that fails the Luhn check, other brands, and a second approved card to tell two cards apart.
 */
export const CARDS = {
  ...SANDBOX_CARDS,
  /** Approved, and not `approved`: for "which card is on file now" tests. */
  other: '5555-5555-5555-4444',
  luhnFail: '4242-4242-4242-4241',
  amex: '3782-822463-10005',
  bc: '9490-0000-0000-0008',
} as const;

/** A card in the wire format of `POST /v1/registrations` and i'mport's card APIs. */
export interface TestCard {
  card_number: string;
  /** YYYY-MM */
  expiry: string;
  /** YYMMDD, or a business number for a corporate card. */
  birth: string;
  pwd_2digit: string;
}

/**
 * The valid card's fields besides its number, in the wire format (`expiry` YYYY-MM): a personal
 * card (birth date, password digits). The expiry moves with the calendar (see card-expiry.mjs) so
 * that the suite never reaches it; a process reads it once, when it loads this module.
 */
export const CARD_FIELDS: Readonly<Omit<TestCard, 'card_number'>> = {
  expiry: validCardExpiry(),
  birth: '900101',
  pwd_2digit: '12',
};

/** A personal card every layer accepts: the sandbox approves it. */
export const VALID_CARD: Readonly<TestCard> = { card_number: CARDS.approved, ...CARD_FIELDS };

/** A business registration number whose check digit is right: a corporate card's `birth`. */
export const BUSINESS_NUMBER = '2208162517';

/** The valid card with another number (a scripted outcome, another brand). */
export function validCard(cardNumber: string = CARDS.approved) {
  return { ...VALID_CARD, card_number: cardNumber };
}

/** A `POST /v1/registrations` body: a token and the valid card. */
export function cardBody(token: string, cardNumber: string = CARDS.approved) {
  return { token, ...validCard(cardNumber) };
}

/** The valid card as a person types it into the form: digits only, the expiry as MMYY. */
export function typedCard(card: TestCard = VALID_CARD): Record<keyof TestCard, string> {
  const [year = '', month = ''] = card.expiry.split('-');
  return {
    card_number: card.card_number.replaceAll('-', ''),
    expiry: `${month}${year.slice(2)}`,
    birth: card.birth,
    pwd_2digit: card.pwd_2digit,
  };
}
