import type { TokenMode } from '../../widget/contract/index.ts';
import { ServerError } from './server-error.ts';

export interface PgCapability {
  /** Shown in error messages. */
  label: string;
  /** Card data can be sent over the REST API at all (key-in); false for window-only PGs. */
  keyIn: boolean;
  /** `POST /subscribe/customers/{uid}` without a payment. */
  standaloneBillingKey: boolean;
  /** Fields this PG needs beyond card number and expiry. */
  requires: {
    pwd_2digit?: boolean;
    buyer_name?: boolean;
    buyer_email?: boolean;
    buyer_tel?: boolean;
  };
}

const ALL_FLOWS = { keyIn: true, standaloneBillingKey: true, requires: {} } as const;
const WINDOW_ONLY = { keyIn: false, standaloneBillingKey: false, requires: {} } as const;

/**
 * What each PG can do through i'mport's REST API (reference §6.3). A PG missing here is passed
 * through as i'mport does (it falls back to the merchant's default channel).
 */
export const PG_CAPABILITIES: Readonly<Record<string, PgCapability>> = {
  html5_inicis: { label: 'KG Inicis', ...ALL_FLOWS },
  inicis: { label: 'KG Inicis', ...ALL_FLOWS },
  kcp: { label: 'NHN KCP', ...ALL_FLOWS },
  nice: { label: 'NICE', ...ALL_FLOWS },
  nice_v2: { label: 'NICE (v2)', ...ALL_FLOWS },
  tosspayments: { label: 'Toss Payments', ...ALL_FLOWS },
  daou: { label: 'Kiwoom Pay (PAYJOA)', ...ALL_FLOWS },
  jtnet: { label: 'JTNet', ...ALL_FLOWS },
  settle: { label: 'Hecto Financial', ...ALL_FLOWS },
  ksnet: { label: 'KSNET', ...ALL_FLOWS, requires: { pwd_2digit: true, buyer_name: true } },
  welcome: { label: 'Welcome Payments', ...ALL_FLOWS, requires: { buyer_name: true } },
  // Paymentwall issues a key only together with a first charge (onetime with customer_uid).
  paymentwall: {
    label: 'Paymentwall',
    keyIn: true,
    standaloneBillingKey: false,
    requires: { buyer_email: true },
  },
  smartro_v2: {
    label: 'Smartro (v2)',
    ...WINDOW_ONLY,
    requires: { buyer_name: true, buyer_email: true, buyer_tel: true },
  },
  danal_tpay: { label: 'Danal', ...WINDOW_ONLY },
  kicc: { label: 'KICC', ...WINDOW_ONLY },
  mobilians: { label: 'KG Mobilians', ...WINDOW_ONLY },
  kakaopay: { label: 'Kakao Pay', ...WINDOW_ONLY },
  naverpay: { label: 'Naver Pay', ...WINDOW_ONLY },
  payco: { label: 'PAYCO', ...WINDOW_ONLY },
  smilepay: { label: 'SmilePay', ...WINDOW_ONLY },
  tosspay_v2: { label: 'Toss Pay', ...WINDOW_ONLY },
  paypal: { label: 'PayPal', ...WINDOW_ONLY },
};

/** `pg` may be `code` or `code.MID` (reference §6.1). */
export function pgCapabilityOf(pg: string | undefined): PgCapability | undefined {
  if (!pg) return undefined;
  const code = pg.split('.')[0]?.toLowerCase() ?? '';
  // Own keys only: a pg of "__proto__" or "constructor" is no PG we know.
  return Object.hasOwn(PG_CAPABILITIES, code) ? PG_CAPABILITIES[code] : undefined;
}

export interface PgCheckInput {
  pg: string | undefined;
  /** 'again' is a charge of a stored key (`POST /v1/charges`). */
  flow: TokenMode | 'again';
  hasPwd2digit?: boolean | undefined;
  buyer?:
    { name?: string | undefined; email?: string | undefined; tel?: string | undefined } | undefined;
}

/** Throws PG_NOT_SUPPORTED before any upstream call when the PG cannot do what is asked. */
export function assertPgSupports(input: PgCheckInput): void {
  const capability = pgCapabilityOf(input.pg);
  if (!capability) return;
  const { label } = capability;
  if (input.flow !== 'again' && !capability.keyIn) {
    throw new ServerError(
      'PG_NOT_SUPPORTED',
      `${label} does not accept card details over the API; use its payment window.`,
    );
  }
  if (input.flow === 'billing_key' && !capability.standaloneBillingKey) {
    throw new ServerError(
      'PG_NOT_SUPPORTED',
      `${label} cannot issue a billing key without a payment; use the billing_key_and_payment mode.`,
    );
  }
  const needs = capability.requires;
  if (input.flow !== 'again' && needs.pwd_2digit && input.hasPwd2digit === false) {
    throw new ServerError(
      'PG_NOT_SUPPORTED',
      `${label} needs the first two digits of the card password.`,
    );
  }
  const missing = (['name', 'email', 'tel'] as const).filter(
    (field) => needs[`buyer_${field}`] && !input.buyer?.[field],
  );
  if (missing.length > 0) {
    throw new ServerError(
      'PG_NOT_SUPPORTED',
      `${label} needs the buyer's ${missing.join(', ')}; add it to the token or charge request.`,
    );
  }
}
