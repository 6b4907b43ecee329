import type { CardProfile } from '../card-rules.ts';
import type { CardBehaviour } from '../types.ts';
import type { PortOneChannel } from './portone-channels.ts';

// What the sandbox keeps of V2 objects (the state holds them; v2-records.ts renders them).

/** `Customer` as V2 reports it (the input's name objects become one string). */
export interface PortOneCustomer {
  id?: string;
  name?: string;
  birthYear?: string;
  birthMonth?: string;
  birthDay?: string;
  gender?: 'MALE' | 'FEMALE' | 'OTHER';
  email?: string;
  phoneNumber?: string;
  zipcode?: string;
}

/** A V2 billing key. Like V1's, it keeps the card's scripted behaviour, never its number. */
export interface StoredBillingKey {
  billingKey: string;
  channel: PortOneChannel;
  card: CardProfile;
  behaviour: CardBehaviour;
  customer: PortOneCustomer;
  customData: string | undefined;
  /** Unix ms of the sandbox clock. */
  issuedAt: number;
  deletedAt: number | undefined;
}

/** What a V2 payment has beyond the ledger's V1-shaped record. */
export interface V2PaymentExtras {
  channel: PortOneChannel;
  customer: PortOneCustomer;
  billingKey: string | undefined;
  taxFree: number;
  vat: number | undefined;
  installmentMonth: number;
  failure: { pgCode: string; pgMessage: string } | undefined;
  /** Tax-free and VAT parts of each cancellation, by cancellation id. */
  cancelParts: Map<string, { taxFree: number; vat: number; requestedAt: number }>;
}
