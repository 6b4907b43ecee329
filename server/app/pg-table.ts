import type { TokenMode } from '../../widget/contract/index.ts';

// What i'mport does with each PG, as one table: the server's checks (pg-capabilities.ts), the
// sandbox's channels and docs/pgs.md (`npm run docs:pgs`) all read it. Every fact names its source
// with the tags of docs/pgs.md's source list (OAS, NONAUTH, OLDGUIDE, MANUAL, PGDOC/…, RN/…, §6.x
// of the reference they come from); `unconfirmed` marks what the sources leave open.

/** What impcard asks i'mport to do with a PG: the token modes, and `again` (a stored key charged). */
export type PgFlow = TokenMode | 'again';

/** The request fields a PG can insist on, beyond card number and expiry. */
export type PgField = 'birth' | 'pwd_2digit' | 'buyer_name' | 'buyer_email' | 'buyer_tel';

/** One fact with where it comes from. */
export interface Cited<T> {
  value: T;
  /** Reference tags, e.g. `NONAUTH; MANUAL kcp-api-billing-key.md`. */
  source: string;
  /** The reference marks it [UNCONFIRMED] or infers it. */
  unconfirmed?: true;
}

/** English and Korean wording of one text, for docs/pgs.md and docs/ko/pgs.md. */
export interface Bilingual {
  en: string;
  ko: string;
}

/** Everything impcard knows about one i'mport PG code. */
export interface PgFacts {
  label: Bilingual;
  /** The `pg` forms that select this PG's channel, e.g. `kcp`, `kcp.{site code}`. */
  channels: readonly string[];
  /** i'mport takes card details for this PG over its REST API (key-in) at all. */
  restKeyIn: Cited<boolean>;
  /** `POST /subscribe/customers/{customer_uid}`: a billing key without a payment. */
  billingKey: Cited<boolean>;
  /** `POST /subscribe/payments/onetime` without `customer_uid`. */
  payment: Cited<boolean>;
  /** `POST /subscribe/payments/onetime` with `customer_uid`: a key and its first payment. */
  billingKeyAndPayment: Cited<boolean>;
  /** `POST /subscribe/payments/again` with a stored key (`POST /v1/charges`). */
  again: Cited<boolean>;
  /** Fields the PG needs, and in which flows. */
  requires: Readonly<Partial<Record<PgField, Cited<readonly PgFlow[]>>>>;
  /** `birth` may be a 10-digit business registration number (corporate cards). Unset: unknown. */
  corporate: Cited<boolean | undefined>;
  /** The code to use instead for card details over the API, when there is one. */
  instead?: Cited<string>;
  notes: readonly (Bilingual & { source: string; unconfirmed?: true })[];
}

const CARD_FLOWS: readonly PgFlow[] = ['billing_key', 'payment', 'billing_key_and_payment'];
const KEY_REGISTRATION: readonly PgFlow[] = ['billing_key', 'billing_key_and_payment'];
const ONETIME_FLOWS: readonly PgFlow[] = ['payment', 'billing_key_and_payment'];

const REST_LIST = 'NONAUTH (REST key-in PGs); MANUAL 비인증결제/README.md';
const BIRTH: Cited<readonly PgFlow[]> = {
  value: CARD_FLOWS,
  // The card form always asks for it; i'mport leaves its need to the PG and the contract.
  source: 'OAS birth (PG- and contract-dependent); the card form always sends it',
};
const CORPORATE: Cited<boolean | undefined> = {
  value: true,
  source: 'OAS birth ("the 10-digit business registration number for corporate cards")',
};

/** A PG whose card details i'mport takes over REST: all four flows unless said otherwise. */
function restPg(
  label: Bilingual,
  channels: readonly string[],
  source: string,
  more: Partial<PgFacts> = {},
): PgFacts {
  const yes = { value: true, source };
  return {
    label,
    channels,
    restKeyIn: yes,
    billingKey: yes,
    payment: yes,
    billingKeyAndPayment: yes,
    again: yes,
    corporate: CORPORATE,
    notes: [],
    ...more,
    requires: { birth: BIRTH, ...more.requires },
  };
}

/**
 * A PG i'mport runs only through its payment window (or for which the reference documents no
 * REST key-in). `againSource` is set when the window issues billing keys that `again` charges.
 */
function windowPg(
  label: Bilingual,
  channels: readonly string[],
  source: string,
  more: Partial<PgFacts> & { againSource?: string } = {},
): PgFacts {
  const { againSource, ...rest } = more;
  const no = { value: false, source };
  return {
    label,
    channels,
    restKeyIn: no,
    billingKey: no,
    payment: no,
    billingKeyAndPayment: no,
    again: againSource ? { value: true, source: againSource } : { value: false, source },
    corporate: { value: undefined, source: 'no card details over REST' },
    notes: [],
    requires: {},
    ...rest,
  };
}

const NOT_LISTED = '§6.2 (a code) but in neither list of §6.3 (NONAUTH; OLDGUIDE)';
const WINDOW_BILLING = 'NONAUTH; OLDGUIDE billing-key-issuance-by-pg (window-only billing keys)';
const AGAIN_AFTER_WINDOW =
  'OLDGUIDE bill/pg.mdx; MANUAL *-request-billing-key.md (a window-issued key is charged with again)';

/**
 * Every i'mport PG code of the reference (§6.2), keyed by code. A code missing here is refused:
 * i'mport would route it silently to the merchant's default channel (§6.1).
 */
export const PG_TABLE = {
  html5_inicis: restPg(
    { en: 'KG Inicis', ko: 'KG이니시스' },
    ['html5_inicis', 'html5_inicis.{MID}'],
    REST_LIST,
    {
      notes: [
        {
          en: 'REST key-in and API billing keys need a separate contract with KG Inicis.',
          ko: 'REST API 비인증 결제(키인)와 빌링키 발급은 KG이니시스와 별도 계약이 필요합니다.',
          source: 'MANUAL inicis-request-billing-key.md',
        },
      ],
    },
  ),
  inicis: restPg(
    { en: 'KG Inicis (older code)', ko: 'KG이니시스 (이전 코드)' },
    ['inicis', 'inicis.{MID}'],
    `${REST_LIST}; §6.2 (older code of KG Inicis)`,
    {
      notes: [
        {
          en: 'The older code of KG Inicis; new integrations use html5_inicis.',
          ko: 'KG이니시스의 이전 PG사 코드입니다. 새로 연동한다면 html5_inicis를 쓰세요.',
          source: '§6.2 (OLDGUIDE pg-codes.mdx)',
        },
      ],
    },
  ),
  kcp: restPg({ en: 'NHN KCP', ko: 'NHN KCP' }, ['kcp', 'kcp.{site code}'], REST_LIST, {
    notes: [
      {
        en: 'REST billing needs a separate contract with NHN KCP; its billing window is kcp_billing.',
        ko: 'REST API 정기결제는 NHN KCP와 별도 계약이 필요합니다. 결제창 정기결제 채널은 kcp_billing입니다.',
        source: 'MANUAL kcp-api-billing-key.md, kcp-request-billing-key.md',
      },
    ],
  }),
  kcp_billing: windowPg(
    { en: 'NHN KCP billing window', ko: 'NHN KCP 정기결제 결제창' },
    ['kcp_billing', 'kcp_billing.{site code}'],
    '§6.2 (NHN KCP subscription window); MANUAL kcp-request-billing-key.md',
    {
      instead: { value: 'kcp', source: 'MANUAL kcp-api-billing-key.md (REST billing uses kcp)' },
      againSource: AGAIN_AFTER_WINDOW,
    },
  ),
  kcp_quick: windowPg({ en: 'NHN KCP Quick Pay', ko: 'NHN KCP 퀵페이' }, ['kcp_quick'], NOT_LISTED),
  uplus: windowPg(
    { en: 'Toss Payments (old LG U+ module)', ko: '토스페이먼츠 (구 LG U+ 모듈)' },
    ['uplus', 'uplus.{MID}'],
    NOT_LISTED,
    {
      instead: {
        value: 'tosspayments',
        source: '§6.2 (tosspayments is the new Toss Payments module; a separate contract)',
        unconfirmed: true,
      },
    },
  ),
  tosspayments: restPg(
    { en: 'Toss Payments', ko: '토스페이먼츠' },
    ['tosspayments', 'tosspayments.{MID}'],
    REST_LIST,
    {
      notes: [
        {
          en: 'i’mport documents customer_id as required for a billing key here; impcard does not send one yet, so a standalone billing key may be refused by the PG.',
          ko: '아임포트 문서상 빌링키 발급 시 customer_id가 필수이지만 impcard는 아직 보내지 않습니다. 결제 없는 빌링키 발급은 PG사가 거절할 수 있습니다.',
          source: 'OAS customer_id (POST /subscribe/customers)',
        },
      ],
    },
  ),
  nice: restPg({ en: 'NICE Payments', ko: '나이스페이먼츠' }, ['nice', 'nice.{MID}'], REST_LIST),
  nice_v2: restPg(
    { en: 'NICE Payments (new)', ko: '나이스페이먼츠 (신모듈)' },
    ['nice_v2', 'nice_v2.{MID}'],
    `${REST_LIST}; PGDOC/nice-v2/billing-api-caution.mdx`,
  ),
  jtnet: restPg(
    { en: 'JTNet', ko: 'JTNet' },
    ['jtnet', 'jtnet.{MID}'],
    'MANUAL jtnet-api-billing-key.md',
    {
      notes: [
        {
          en: 'Listed for REST key-in only historically; whether new contracts still get it is not documented.',
          ko: 'REST API 비인증 결제 지원은 과거 문서에만 있습니다. 신규 계약에서도 되는지는 문서로 확인되지 않았습니다.',
          source: '§6.3 ("historically also JTNet")',
          unconfirmed: true,
        },
      ],
    },
  ),
  kicc: windowPg({ en: 'KICC', ko: 'KICC' }, ['kicc', 'kicc.{MID}'], WINDOW_BILLING, {
    againSource: AGAIN_AFTER_WINDOW,
  }),
  bluewalnut: windowPg({ en: 'Bluewalnut', ko: '블루월넛' }, ['bluewalnut'], NOT_LISTED),
  kakaopay: windowPg(
    { en: 'Kakao Pay', ko: '카카오페이' },
    ['kakaopay', 'kakaopay.{CID}'],
    WINDOW_BILLING,
    {
      againSource: AGAIN_AFTER_WINDOW,
    },
  ),
  danal: windowPg({ en: 'Danal (phone)', ko: '다날 (휴대폰 결제)' }, ['danal'], NOT_LISTED, {
    instead: {
      value: 'danal_tpay',
      source: '§6.2 (danal is phone payment, danal_tpay is Danal card)',
    },
  }),
  danal_tpay: windowPg(
    { en: 'Danal (card)', ko: '다날 (신용카드)' },
    ['danal_tpay'],
    WINDOW_BILLING,
    {
      againSource: AGAIN_AFTER_WINDOW,
      notes: [
        {
          en: 'The reference lists “Danal” among window-only billing PGs; that it means this card code is inferred.',
          ko: '참고 문서는 “다날”을 결제창 전용 빌링 PG사로 적고 있으며, 그것이 이 카드 코드라는 것은 추론입니다.',
          source: '§6.3',
          unconfirmed: true,
        },
      ],
    },
  ),
  mobilians: windowPg({ en: 'KG Mobilians', ko: 'KG모빌리언스' }, ['mobilians'], WINDOW_BILLING, {
    againSource: AGAIN_AFTER_WINDOW,
  }),
  payco: windowPg({ en: 'PAYCO', ko: '페이코' }, ['payco'], WINDOW_BILLING, {
    againSource: AGAIN_AFTER_WINDOW,
  }),
  paypal: windowPg({ en: 'PayPal', ko: '페이팔' }, ['paypal'], WINDOW_BILLING, {
    againSource: AGAIN_AFTER_WINDOW,
  }),
  eximbay: windowPg({ en: 'Eximbay', ko: '엑심베이' }, ['eximbay'], NOT_LISTED),
  naverpay: windowPg({ en: 'Naver Pay', ko: '네이버페이' }, ['naverpay'], WINDOW_BILLING, {
    againSource: AGAIN_AFTER_WINDOW,
  }),
  naverco: windowPg(
    { en: 'Naver Pay (checkout)', ko: '네이버페이 (주문형)' },
    ['naverco'],
    NOT_LISTED,
  ),
  smilepay: windowPg({ en: 'SmilePay', ko: '스마일페이' }, ['smilepay'], WINDOW_BILLING, {
    againSource: AGAIN_AFTER_WINDOW,
  }),
  alipay: windowPg({ en: 'Alipay', ko: '알리페이' }, ['alipay'], NOT_LISTED),
  paymentwall: restPg(
    { en: 'Paymentwall', ko: '페이먼트월' },
    ['paymentwall', 'paymentwall.{project key}'],
    'NONAUTH; PGDOC/paymentwall.mdx; MANUAL paymentwall-api-billing-key.md',
    {
      billingKey: {
        value: false,
        source:
          'PGDOC/paymentwall.mdx; MANUAL paymentwall-api-billing-key.md (key only with a first charge)',
      },
      requires: {
        birth: {
          value: ONETIME_FLOWS,
          source: 'MANUAL paymentwall-api-billing-key.md (sends birth); OAS (foreign PGs: 000000)',
        },
        buyer_email: {
          value: ['billing_key_and_payment', 'again'],
          source: 'PGDOC/paymentwall.mdx (buyer_email at issue and at billing must match)',
        },
      },
      corporate: { value: undefined, source: 'not documented for foreign PGs', unconfirmed: true },
      notes: [
        {
          en: 'API key-in requires PCI-DSS certification; issuing a key with a dummy charge that is refunded at once may get the merchant suspended. A foreign card’s birth may be 000000.',
          ko: 'API 비인증 결제(키인)에는 PCI-DSS 인증이 필요합니다. 빌링키만 받으려고 결제 후 바로 환불하면 가맹점 이용이 정지될 수 있습니다. 해외 카드의 birth는 000000을 보낼 수 있습니다.',
          source: 'PGDOC/paymentwall.mdx; OAS birth',
        },
      ],
    },
  ),
  tosspay: windowPg({ en: 'Toss Pay (old)', ko: '토스페이 (구모듈)' }, ['tosspay'], NOT_LISTED),
  tosspay_v2: windowPg({ en: 'Toss Pay', ko: '토스페이' }, ['tosspay_v2'], WINDOW_BILLING, {
    againSource: AGAIN_AFTER_WINDOW,
  }),
  smartro: windowPg({ en: 'Smartro (old)', ko: '스마트로 (구모듈)' }, ['smartro'], NOT_LISTED),
  smartro_v2: windowPg(
    { en: 'Smartro', ko: '스마트로' },
    ['smartro_v2', 'smartro_v2.{MID}'],
    WINDOW_BILLING,
    {
      againSource: AGAIN_AFTER_WINDOW,
      requires: {
        buyer_name: { value: ['again'], source: 'PGDOC/smartro-v2/api.mdx' },
        buyer_email: { value: ['again'], source: 'PGDOC/smartro-v2/api.mdx' },
        buyer_tel: { value: ['again'], source: 'PGDOC/smartro-v2/api.mdx' },
      },
    },
  ),
  settle: restPg(
    { en: 'Hecto Financial (ex-Settlebank)', ko: '헥토파이낸셜 (구 세틀뱅크)' },
    ['settle', 'settle.{MID}'],
    `${REST_LIST}; MANUAL settlebank-api-billing-key.md`,
    {
      billingKey: {
        value: true,
        source:
          'RN/2023-07-03; PGDOC/settle/readme.mdx (since 2023-07-03, with a separate contract)',
      },
      notes: [
        {
          en: 'A billing key without a payment needs a separate contract (since 2023-07-03). If the contract needs no birth, i’mport’s guide sends the dummy 123456.',
          ko: '결제 없는 빌링키 발급은 2023-07-03부터 별도 계약으로 가능합니다. 계약상 생년월일이 필요 없으면 아임포트 가이드는 더미값 123456을 보냅니다.',
          source: 'RN/2023-07-03; MANUAL settlebank-api-billing-key.md',
        },
      ],
    },
  ),
  daou: restPg(
    { en: 'Kiwoom Pay (PAYJOA, Daou Data)', ko: '키움페이 (페이조아, 다우데이타)' },
    ['daou', 'daou.{MID}'],
    `${REST_LIST}; MANUAL payjoa-api-billing-key.md`,
    {
      notes: [
        {
          en: 'Keep key-in payment calls at or under 50 per second; above that the PG may answer errors.',
          ko: '비인증 결제 API 호출은 초당 50건 이하로 유지하세요. 넘으면 오류가 날 수 있습니다.',
          source: 'PGDOC/daou/undefined.mdx',
        },
      ],
    },
  ),
  ksnet: restPg(
    { en: 'KSNET', ko: 'KSNET' },
    ['ksnet', 'ksnet.{MID}'],
    `${REST_LIST}; PGDOC/ksnet/warning.mdx`,
    {
      requires: {
        birth: {
          value: CARD_FLOWS,
          source: 'PGDOC/ksnet/warning.mdx (required for key registration)',
        },
        pwd_2digit: {
          value: KEY_REGISTRATION,
          source: 'PGDOC/ksnet/warning.mdx (required for key registration, corporate cards too)',
        },
        buyer_name: {
          value: ONETIME_FLOWS,
          source: 'OAS onetime buyer_name ("required for KSNET")',
        },
      },
      notes: [
        {
          en: 'KSNET key-in does not verify birth and password digits. It requires product_type on key-in and billing payments, which impcard does not send yet.',
          ko: 'KSNET 비인증 결제는 생년월일과 비밀번호 앞 2자리를 검증하지 않습니다. 비인증 결제와 빌링키 결제에 product_type이 필수인데 impcard는 아직 보내지 않습니다.',
          source: 'PGDOC/ksnet/warning.mdx',
        },
      ],
    },
  ),
  welcome: restPg(
    { en: 'Welcome Payments', ko: '웰컴페이먼츠' },
    ['welcome', 'welcome.{MID}'],
    `${REST_LIST}; PGDOC/welcome/api.mdx`,
    {
      requires: {
        buyer_name: {
          value: ['payment', 'billing_key_and_payment', 'again'],
          source: 'PGDOC/welcome/api.mdx (again, onetime, schedule)',
        },
      },
      notes: [
        {
          en: 'The code welcome itself is not confirmed by the reference. vat_amount above 10% of the amount is declined.',
          ko: 'PG사 코드 welcome 자체는 참고 문서로 확인되지 않았습니다. vat_amount가 결제 금액의 10%를 넘으면 거절됩니다.',
          source: '§6.2 [UNCONFIRMED]; PGDOC/welcome/api.mdx',
          unconfirmed: true,
        },
      ],
    },
  ),
} as const satisfies Readonly<Record<string, PgFacts>>;

/** An i'mport PG code of {@link PG_TABLE}. */
export type PgCode = keyof typeof PG_TABLE;

/** Every code of {@link PG_TABLE}, in its order. */
export const PG_CODES = Object.keys(PG_TABLE) as readonly PgCode[];

/** The facts of `code` (the part before the dot), or undefined for a code i'mport has not. */
export function pgFactsOf(code: string): PgFacts | undefined {
  // Own keys only: "__proto__" or "constructor" are no PG.
  return Object.hasOwn(PG_TABLE, code) ? PG_TABLE[code as PgCode] : undefined;
}

/** Whether `facts` lets `flow` through i'mport's REST API. */
export function pgAllows(facts: PgFacts, flow: PgFlow): boolean {
  switch (flow) {
    case 'billing_key':
      return facts.billingKey.value;
    case 'payment':
      return facts.payment.value;
    case 'billing_key_and_payment':
      return facts.billingKeyAndPayment.value;
    case 'again':
      return facts.again.value;
  }
}

/** Whether `facts` needs `field` in `flow`. */
export function pgRequires(facts: PgFacts, field: PgField, flow: PgFlow): boolean {
  return facts.requires[field]?.value.includes(flow) ?? false;
}
