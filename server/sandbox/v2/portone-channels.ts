/**
 * The V2 PG modules (`pgProvider`) whose API key-in or API billing keys the sandbox emulates:
 * those of the Korean PGs that take card details over PortOne V2's REST API.
 */
export type PortOnePgProvider =
  'NICE_V2' | 'KCP_V2' | 'INICIS_V2' | 'TOSSPAYMENTS' | 'KSNET' | 'KPN' | 'WELCOME' | 'SMARTRO_V2';

/** A V2 call that takes a channel: billing-key issue, key-in payment, billing-key payment. */
export type PortOneFlow = 'issue' | 'instant' | 'billing-key';

/** A request field a PG may insist on, named by its path in the V2 body. */
export type PortOneField =
  | 'birthOrBusinessRegistrationNumber'
  | 'passwordTwoDigits'
  | 'customer.id'
  | 'customer.name'
  | 'customer.phoneNumber'
  | 'customer.email'
  | 'productType';

/** One test channel of the sandbox's store. */
export interface PortOneChannel {
  key: string;
  id: string;
  name: string;
  pgProvider: PortOnePgProvider;
  pgMerchantId: string;
  /** The flows the PG runs over the API, and the fields each needs. */
  flows: Readonly<Partial<Record<PortOneFlow, readonly PortOneField[]>>>;
}

const CREDENTIAL_EXTRAS: readonly PortOneField[] = [
  'birthOrBusinessRegistrationNumber',
  'passwordTwoDigits',
];
const BUYER: readonly PortOneField[] = ['customer.name', 'customer.phoneNumber', 'customer.email'];

// What each PG's V2 integration guide asks for (docs/sandbox.md, "PortOne V2", lists them):
// KCP and NICE need birth and password digits; KSNET all five credential fields for a key and a
// product type on payments; Inicis and Welcome the buyer's name, phone and e-mail; KPN the name
// for billing; Smartro issues keys (with a customer id) but takes no key-in card payment.
const FLOWS: Readonly<Record<PortOnePgProvider, PortOneChannel['flows']>> = {
  NICE_V2: { issue: CREDENTIAL_EXTRAS, instant: CREDENTIAL_EXTRAS, 'billing-key': [] },
  KCP_V2: { issue: CREDENTIAL_EXTRAS, instant: CREDENTIAL_EXTRAS, 'billing-key': [] },
  INICIS_V2: { issue: BUYER, instant: BUYER, 'billing-key': BUYER },
  TOSSPAYMENTS: { issue: [], instant: [], 'billing-key': [] },
  KSNET: { issue: CREDENTIAL_EXTRAS, instant: ['productType'], 'billing-key': ['productType'] },
  KPN: {
    issue: [...CREDENTIAL_EXTRAS, 'customer.name'],
    instant: [],
    'billing-key': ['customer.name'],
  },
  WELCOME: { issue: BUYER, instant: BUYER, 'billing-key': BUYER },
  SMARTRO_V2: { issue: [...CREDENTIAL_EXTRAS, 'customer.id'], 'billing-key': [] },
};

const MIDS: Readonly<Record<PortOnePgProvider, string>> = {
  NICE_V2: 'nictest00m',
  KCP_V2: 'T0000',
  INICIS_V2: 'INIBillTst',
  TOSSPAYMENTS: 'tosstest',
  KSNET: '2999199999',
  KPN: 'kpntest00m',
  WELCOME: 'welcometst',
  SMARTRO_V2: 'smartrotst',
};

const slug = (provider: string): string => provider.toLowerCase().replaceAll('_', '-');

/** The channel key of each PG's test channel in the sandbox's store. */
export const PORTONE_CHANNEL_KEYS: Readonly<Record<PortOnePgProvider, string>> = Object.fromEntries(
  (Object.keys(FLOWS) as PortOnePgProvider[]).map((p) => [p, `channel-key-sandbox-v2-${slug(p)}`]),
) as Record<PortOnePgProvider, string>;

/** The channel key of the default channel (NICE, as `nice` is V1's default PG). */
export const DEFAULT_PORTONE_CHANNEL_KEY = PORTONE_CHANNEL_KEYS.NICE_V2;

const CHANNELS: ReadonlyMap<string, PortOneChannel> = new Map(
  (Object.keys(FLOWS) as PortOnePgProvider[]).map((pgProvider) => [
    PORTONE_CHANNEL_KEYS[pgProvider],
    {
      key: PORTONE_CHANNEL_KEYS[pgProvider],
      id: `channel-id-sandbox-v2-${slug(pgProvider)}`,
      name: `${pgProvider} (sandbox)`,
      pgProvider,
      pgMerchantId: MIDS[pgProvider],
      flows: FLOWS[pgProvider],
    },
  ]),
);

/** The channel a `channelKey` names, or undefined (the API answers CHANNEL_NOT_FOUND). */
export function channelByKey(key: string): PortOneChannel | undefined {
  return CHANNELS.get(key);
}

/** `SelectedChannel` as payments and billing keys report it. */
export function selectedChannel(channel: PortOneChannel): {
  type: 'TEST';
  id: string;
  key: string;
  name: string;
  pgProvider: PortOnePgProvider;
  pgMerchantId: string;
} {
  return {
    type: 'TEST',
    id: channel.id,
    key: channel.key,
    name: channel.name,
    pgProvider: channel.pgProvider,
    pgMerchantId: channel.pgMerchantId,
  };
}
