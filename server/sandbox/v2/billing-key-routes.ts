import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { readBody } from '../read-params.ts';
import type { SandboxDeps } from '../sandbox-deps.ts';
import { checkChannel, checkCredential, checkStore, scriptedRefusal } from './card-credential.ts';
import { DEFAULT_PORTONE_STORE_ID } from './portone-defaults.ts';
import { selectedChannel } from './portone-channels.ts';
import { PortOneApiError } from './portone-error.ts';
import { sendPortOneWebhook } from './portone-charge.ts';
import { parseV2Input } from './parse-v2-input.ts';
import { GetBillingKeyInfosBodySchema, IssueBillingKeyBodySchema } from './request-schemas.ts';
import type { StoredBillingKey } from './stored-records.ts';
import { billingKeyInfo, customerOf, rfc3339 } from './v2-records.ts';

type SortField = 'REQUESTED_AT' | 'ISSUED_AT' | 'DELETED_AT' | 'STATUS_TIMESTAMP';

/** V2 billing keys: issue from card details, look up one, list (by customer), delete. */
export function billingKeyRoutes(deps: SandboxDeps): Hono {
  const { state } = deps;

  const find = (c: Context): StoredBillingKey => {
    checkStore(c.req.query('storeId'));
    const key = state.billingKeys.get(c.req.param('billingKey') ?? '');
    if (key === undefined) {
      throw new PortOneApiError('BILLING_KEY_NOT_FOUND', '빌링키가 존재하지 않습니다.');
    }
    return key;
  };

  return new Hono()
    .post('/billing-keys', async (c) => {
      const body = parseV2Input(IssueBillingKeyBodySchema, await readBody(c));
      const credential = body.method.card.credential;
      const channel = checkChannel(body, 'issue', credential);
      const card = checkCredential(credential, deps.nowMs());
      // An expired card fails at issue; declining cards get a key and fail when charged (as in V1).
      if (card.behaviour === 'expired') throw scriptedRefusal('expired');
      const key: StoredBillingKey = {
        billingKey: `billing-key-${randomUUID()}`,
        channel,
        card,
        behaviour: card.behaviour,
        customer: customerOf(body.customer),
        customData: body.customData,
        issuedAt: deps.nowMs(),
        deletedAt: undefined,
      };
      state.billingKeys.set(key.billingKey, key);
      sendPortOneWebhook(deps, body, 'BillingKey.Issued', {
        billingKey: key.billingKey,
        storeId: DEFAULT_PORTONE_STORE_ID,
      });
      return c.json({
        billingKeyInfo: {
          billingKey: key.billingKey,
          channels: [selectedChannel(channel)],
          issuedAt: rfc3339(key.issuedAt),
        },
      });
    })
    .get('/billing-keys/:billingKey', (c) => c.json(billingKeyInfo(find(c))))
    .delete('/billing-keys/:billingKey', (c) => {
      const key = find(c);
      if (key.deletedAt !== undefined) {
        throw new PortOneApiError('BILLING_KEY_ALREADY_DELETED', '빌링키가 이미 삭제되었습니다.');
      }
      key.deletedAt = deps.nowMs();
      sendPortOneWebhook(
        deps,
        { skipWebhook: c.req.query('skipWebhook') === 'true' },
        'BillingKey.Deleted',
        { billingKey: key.billingKey, storeId: DEFAULT_PORTONE_STORE_ID },
      );
      return c.json({ deletedAt: rfc3339(key.deletedAt) });
    })
    .get('/billing-keys', async (c) => {
      // A GET that takes a body: PortOne reads it from the `requestBody` query parameter or the body.
      const raw = c.req.query('requestBody');
      let input: unknown = await readBody(c);
      if (raw !== undefined) {
        try {
          input = JSON.parse(raw);
        } catch {
          throw new PortOneApiError('INVALID_REQUEST', 'requestBody는 JSON이어야 합니다.');
        }
      }
      const { page, sort, filter } = parseV2Input(GetBillingKeyInfosBodySchema, input ?? {});
      checkStore(filter?.storeId);
      const from = filter?.from === undefined ? -Infinity : Date.parse(filter.from);
      const until = filter?.until === undefined ? Infinity : Date.parse(filter.until);
      const rangeField = filter?.timeRangeField ?? 'REQUESTED_AT';
      const sortBy = sort?.by ?? 'REQUESTED_AT';
      const sign = sort?.order === 'ASC' ? 1 : -1;
      const matching = [...state.billingKeys.values()]
        .filter((k) => filter?.customerId === undefined || k.customer.id === filter.customerId)
        .filter((k) => filter?.status === undefined || filter.status.includes(statusOf(k)))
        // The sandbox holds only V2 keys: a V1 filter finds none.
        .filter(() => filter?.version !== 'V1')
        .filter((k) => {
          const t = timeOf(k, rangeField);
          return t !== undefined
            ? t >= from && t <= until
            : from === -Infinity && until === Infinity;
        })
        .sort((a, b) => sign * ((timeOf(a, sortBy) ?? 0) - (timeOf(b, sortBy) ?? 0)));
      const number = page?.number ?? 0;
      const size = page?.size ?? 10;
      return c.json({
        items: matching.slice(number * size, (number + 1) * size).map(billingKeyInfo),
        page: { number, size, totalCount: matching.length },
      });
    });
}

function statusOf(key: StoredBillingKey): 'ISSUED' | 'DELETED' {
  return key.deletedAt === undefined ? 'ISSUED' : 'DELETED';
}

function timeOf(key: StoredBillingKey, field: SortField): number | undefined {
  switch (field) {
    case 'REQUESTED_AT':
    case 'ISSUED_AT':
      return key.issuedAt;
    case 'DELETED_AT':
      return key.deletedAt;
    case 'STATUS_TIMESTAMP':
      return key.deletedAt ?? key.issuedAt;
  }
}
