import type { CardProfile } from './card-rules.ts';
import type { PgChannel } from './pg-channels.ts';
import type { ImpCustomer } from './types.ts';

export interface NewCustomerInput {
  customerUid: string;
  channel: PgChannel;
  card: CardProfile;
  customerId: string | null;
  contact: Pick<
    ImpCustomer,
    'customer_name' | 'customer_tel' | 'customer_email' | 'customer_addr' | 'customer_postcode'
  >;
  /** The key this one replaces, if the customer_uid was used before. */
  previous: ImpCustomer | undefined;
  nowSeconds: number;
}

/**
 * A Customer (billing key) record. Re-issuing under the same customer_uid replaces the card but
 * keeps the first `inserted` time, as i'mport's upsert does.
 */
export function newCustomer(input: NewCustomerInput): ImpCustomer {
  return {
    customer_uid: input.customerUid,
    pg_provider: input.channel.provider,
    pg_id: input.channel.pgId,
    sandbox: true,
    customer_id: input.customerId,
    card_name: input.card.cardName,
    card_code: input.card.cardCode,
    card_issuer_code: null,
    card_issuer_name: null,
    card_publisher_code: null,
    card_publisher_name: null,
    card_number: input.card.masked,
    card_type: input.card.cardType,
    ...input.contact,
    inserted: input.previous?.inserted ?? input.nowSeconds,
    updated: input.nowSeconds,
  };
}
