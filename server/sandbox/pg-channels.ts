/** A PG channel the sandbox merchant has configured. */
export interface PgChannel {
  /** `pg_provider` as i'mport reports it. */
  provider: string;
  /** `pg_id` (MID). */
  pgId: string;
  /** Whether `POST /subscribe/customers/{uid}` can issue a key without a payment. */
  standaloneBillingKey: boolean;
  /** Whether `birth` must be sent (foreign PGs take none). */
  requiresBirth: boolean;
}

/** The default channel, used when `pg` is absent or names no configured channel (as i'mport does). */
export const DEFAULT_PG = 'nice';

const CHANNELS: Readonly<Record<string, Omit<PgChannel, 'pgId'> & { defaultMid: string }>> = {
  nice: {
    provider: 'nice',
    defaultMid: 'nictest04m',
    standaloneBillingKey: true,
    requiresBirth: true,
  },
  nice_v2: {
    provider: 'nice_v2',
    defaultMid: 'nictest00m',
    standaloneBillingKey: true,
    requiresBirth: true,
  },
  kcp: { provider: 'kcp', defaultMid: 'T0000', standaloneBillingKey: true, requiresBirth: true },
  jtnet: {
    provider: 'jtnet',
    defaultMid: 'tpaytest0m',
    standaloneBillingKey: true,
    requiresBirth: true,
  },
  daou: {
    provider: 'daou',
    defaultMid: 'CTS16826',
    standaloneBillingKey: true,
    requiresBirth: true,
  },
  html5_inicis: {
    provider: 'html5_inicis',
    defaultMid: 'INIBillTst',
    standaloneBillingKey: true,
    requiresBirth: true,
  },
  inicis: {
    provider: 'inicis',
    defaultMid: 'INIBillTst',
    standaloneBillingKey: true,
    requiresBirth: true,
  },
  tosspayments: {
    provider: 'tosspayments',
    defaultMid: 'tosstest',
    standaloneBillingKey: true,
    requiresBirth: true,
  },
  ksnet: {
    provider: 'ksnet',
    defaultMid: '2999199999',
    standaloneBillingKey: true,
    requiresBirth: true,
  },
  settle: {
    provider: 'settle',
    defaultMid: 'nxca_jt_bi',
    standaloneBillingKey: true,
    requiresBirth: true,
  },
  welcome: {
    provider: 'welcome',
    defaultMid: 'welcometst',
    standaloneBillingKey: true,
    requiresBirth: true,
  },
  paymentwall: {
    provider: 'paymentwall',
    defaultMid: 'sandbox_project',
    standaloneBillingKey: false,
    requiresBirth: false,
  },
};

/**
 * Resolves the `pg` parameter (`"{pg}"` or `"{pg}.{MID}"`) to a channel. An unknown or absent PG
 * falls back to the default channel, and a MID after the dot becomes the `pg_id`.
 */
export function resolvePg(pg: string | undefined): PgChannel {
  const [code = '', ...mid] = (pg ?? '').split('.');
  const known = Object.hasOwn(CHANNELS, code) ? CHANNELS[code] : undefined;
  const channel = known ?? CHANNELS[DEFAULT_PG];
  if (channel === undefined) throw new Error('default PG channel missing');
  const midText = mid.join('.');
  return {
    provider: channel.provider,
    pgId: known !== undefined && midText !== '' ? midText : channel.defaultMid,
    standaloneBillingKey: channel.standaloneBillingKey,
    requiresBirth: channel.requiresBirth,
  };
}

/** One entry of `GET /users/pg` (PgSettingAnnotation), as the sandbox merchant has it. */
export interface PgSetting {
  pg_provider: string;
  pg_id: string;
  sandbox: boolean;
  type: 'payment' | 'api_payment' | 'certification';
  channel_name: string;
  channel_key: string;
}

/**
 * The sandbox merchant's console: every channel above, with its default MID, as a REST key-in
 * (`api_payment`) test channel. Payments stay more lenient (any MID after the dot is taken).
 */
export function pgSettings(): PgSetting[] {
  return Object.entries(CHANNELS).map(([code, channel]) => ({
    pg_provider: channel.provider,
    pg_id: channel.defaultMid,
    sandbox: true,
    type: 'api_payment',
    channel_name: `${code} (sandbox)`,
    channel_key: `channel-key-sandbox-${code.replace(/_/g, '-')}`,
  }));
}
