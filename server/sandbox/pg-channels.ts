import { PG_CODES, PG_TABLE, pgAllows, type PgField, type PgFlow } from '../app/pg-table.ts';

/** A PG channel the sandbox merchant has configured. */
export interface PgChannel {
  /** `pg_provider` as i'mport reports it. */
  provider: string;
  /** `pg_id` (MID). */
  pgId: string;
  /** Whether `POST /subscribe/customers/{uid}` can issue a key without a payment. */
  standaloneBillingKey: boolean;
  /** The flows the PG runs over REST, and the fields each needs (server/app/pg-table.ts). */
  flows: Readonly<Partial<Record<PgFlow, readonly PgField[]>>>;
}

/** The default channel, used when `pg` is absent or names no configured channel (as i'mport does). */
export const DEFAULT_PG = 'nice';

/** The sandbox merchant's MID per channel (test MIDs of i'mport's guides where there is one). */
const SANDBOX_MIDS: Readonly<Record<string, string>> = {
  nice: 'nictest04m',
  nice_v2: 'nictest00m',
  kcp: 'T0000',
  jtnet: 'tpaytest0m',
  daou: 'CTS16826',
  html5_inicis: 'INIBillTst',
  inicis: 'INIBillTst',
  tosspayments: 'tosstest',
  ksnet: '2999199999',
  settle: 'nxca_jt_bi',
  welcome: 'welcometst',
  paymentwall: 'sandbox_project',
};

const FLOWS: readonly PgFlow[] = ['billing_key', 'payment', 'billing_key_and_payment', 'again'];

// One channel per PG whose card details i'mport takes over REST: what they allow and require is
// the server's own table, so the two cannot drift apart.
const CHANNELS: ReadonlyMap<string, Omit<PgChannel, 'pgId'> & { defaultMid: string }> = new Map(
  PG_CODES.filter((code) => PG_TABLE[code].restKeyIn.value).map((code) => {
    const facts = PG_TABLE[code];
    const defaultMid = SANDBOX_MIDS[code];
    if (defaultMid === undefined) throw new Error(`sandbox: no MID for the REST PG ${code}`);
    const flows: Partial<Record<PgFlow, readonly PgField[]>> = {};
    for (const flow of FLOWS.filter((f) => pgAllows(facts, f))) {
      flows[flow] = (Object.keys(facts.requires) as PgField[]).filter((field) =>
        facts.requires[field]?.value.includes(flow),
      );
    }
    return [
      code,
      { provider: code, defaultMid, standaloneBillingKey: facts.billingKey.value, flows },
    ];
  }),
);

/**
 * Resolves the `pg` parameter (`"{pg}"` or `"{pg}.{MID}"`) to a channel. An unknown or absent PG
 * falls back to the default channel, and a MID after the dot becomes the `pg_id`.
 */
export function resolvePg(pg: string | undefined): PgChannel {
  const [code = '', ...mid] = (pg ?? '').split('.');
  const known = CHANNELS.get(code);
  const channel = known ?? CHANNELS.get(DEFAULT_PG);
  if (channel === undefined) throw new Error('default PG channel missing');
  const midText = mid.join('.');
  return {
    provider: channel.provider,
    pgId: known !== undefined && midText !== '' ? midText : channel.defaultMid,
    standaloneBillingKey: channel.standaloneBillingKey,
    flows: channel.flows,
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
  return [...CHANNELS].map(([code, channel]) => ({
    pg_provider: channel.provider,
    pg_id: channel.defaultMid,
    sandbox: true,
    type: 'api_payment',
    channel_name: `${code} (sandbox)`,
    channel_key: `channel-key-sandbox-${code.replace(/_/g, '-')}`,
  }));
}
