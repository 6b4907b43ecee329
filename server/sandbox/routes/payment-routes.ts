import { Hono, type Context } from 'hono';
import type { ParamValue } from '../bracket-params.ts';
import { ok } from '../envelope.ts';
import { pagedList } from '../paged-list.ts';
import { parseInput } from '../parse-input.ts';
import { applyCancel } from '../payment-record.ts';
import { readBody, readQuery } from '../read-params.ts';
import { CancelBodySchema } from '../request-schemas.ts';
import type { SandboxDeps } from '../sandbox-deps.ts';
import { SandboxError } from '../sandbox-error.ts';
import type { StoredPayment } from '../sandbox-state.ts';
import type { ImpPayment, ImpPaymentStatus } from '../types.ts';

const STATUSES: readonly ImpPaymentStatus[] = ['ready', 'paid', 'failed', 'cancelled'];
const NOT_FOUND_MESSAGE = '존재하지 않는 결제정보입니다.';

/** Payment lookups (`/payments/{imp_uid}`, `find`, `findAll`) and `POST /payments/cancel`. */
export function paymentRoutes(deps: SandboxDeps): Hono {
  const { state } = deps;

  const notFound = (): SandboxError =>
    new SandboxError('NOT_FOUND', NOT_FOUND_MESSAGE, { impCode: -1, status: 404 });

  const matching = (c: Context): StoredPayment[] => {
    const merchantUid = c.req.param('merchant_uid') ?? '';
    const status = statusParam(c.req.param('status'));
    const query = readQuery(c);
    return state
      .paymentsFor(merchantUid)
      .filter((p) => status === undefined || p.payment.status === status)
      .sort(sorter(query['sorting']));
  };

  const find = (c: Context): Response => {
    const first = matching(c)[0];
    if (first === undefined) throw notFound();
    return ok(c, first.payment);
  };

  const findAll = (c: Context): Response => {
    const all = matching(c);
    if (all.length === 0) throw notFound();
    const query = readQuery(c);
    const limitRaw = typeof query['limit'] === 'string' ? Number(query['limit']) : 20;
    const limit = Number.isInteger(limitRaw) && limitRaw >= 1 ? Math.min(limitRaw, 1000) : 20;
    return ok(
      c,
      pagedList(
        all.map((p) => p.payment),
        query['page'],
        limit,
      ),
    );
  };

  return new Hono()
    .get('/payments', (c) => {
      // Up to 100 ids; merchant_uid[] entries mean the latest payment of each, like find.
      const query = readQuery(c);
      const impUids = listParam(query['imp_uid']);
      const merchantUids = listParam(query['merchant_uid']);
      const asked = impUids.length + merchantUids.length;
      if (asked === 0 || asked > 100) {
        throw new SandboxError(
          'INVALID_PARAMETER',
          'imp_uid[] 또는 merchant_uid[]를 1~100개 지정해주세요.',
          {
            impCode: -1,
            status: 400,
          },
        );
      }
      const found = [
        ...impUids.map((id) => state.payments.get(id)),
        ...merchantUids.map((id) => state.paymentsFor(id).sort(sorter(undefined))[0]),
      ].filter((p): p is StoredPayment => p !== undefined);
      if (found.length === 0) throw notFound();
      return ok(
        c,
        found.map((p) => p.payment),
        found.length === asked ? 200 : 207,
      );
    })
    .get('/payments/find/:merchant_uid', find)
    .get('/payments/find/:merchant_uid/:status', find)
    .get('/payments/findAll/:merchant_uid', findAll)
    .get('/payments/findAll/:merchant_uid/:status', findAll)
    .post('/payments/cancel', async (c) => {
      const body = parseInput(CancelBodySchema, await readBody(c));
      const impUid = body.imp_uid || null;
      const merchantUid = body.merchant_uid || null;
      if (impUid === null && merchantUid === null) {
        throw new SandboxError(
          'CANCEL_TARGET_MISSING',
          '취소할 결제건의 imp_uid 또는 merchant_uid 중 하나를 지정해주셔야합니다.',
        );
      }
      // imp_uid wins when both are given; by merchant_uid the paid (or latest) record is meant.
      const stored =
        impUid !== null
          ? state.payments.get(impUid)
          : (state.paymentsFor(merchantUid ?? '').find((p) => p.payment.paid_at > 0) ??
            state.paymentsFor(merchantUid ?? '').at(-1));
      if (stored === undefined) {
        throw new SandboxError('CANCEL_NOT_FOUND', '취소할 결제건이 존재하지 않습니다.');
      }
      const payment = stored.payment;
      if (payment.status === 'cancelled') {
        throw new SandboxError('CANCEL_NOT_ALLOWED', '이미 전액취소된 주문입니다.');
      }
      if (payment.status !== 'paid') {
        throw new SandboxError(
          'CANCEL_NOT_ALLOWED',
          '결제완료 상태가 아닌 결제건은 취소할 수 없습니다.',
        );
      }
      const cancellable = payment.amount - payment.cancel_amount;
      if (body.checksum !== undefined && body.checksum !== null && body.checksum !== cancellable) {
        throw new SandboxError(
          'CHECKSUM_MISMATCH',
          `checksum이 취소 가능 잔액과 일치하지 않습니다. (취소 가능 잔액: ${cancellable})`,
        );
      }
      const amount =
        body.amount === undefined || body.amount === null || body.amount === 0
          ? cancellable
          : body.amount;
      if (amount > cancellable) {
        throw new SandboxError(
          'CANCEL_AMOUNT_EXCEEDED',
          `취소 요청 금액이 취소 가능 잔액을 초과합니다. (취소 가능 잔액: ${cancellable})`,
        );
      }
      const last = applyCancel(payment, amount, body.reason ?? '', deps.nowSeconds());
      // API cancels notify only on request, and only payments that had a webhook target.
      const url = body.enable_webhook === true ? (stored.noticeUrl ?? deps.webhookUrl) : undefined;
      if (url !== undefined) {
        deps.webhooks.send(url, {
          imp_uid: payment.imp_uid,
          merchant_uid: payment.merchant_uid,
          status: payment.status,
          cancellation_id: last.cancellation_id,
        });
      }
      return ok(c, payment);
    })
    .get('/payments/:imp_uid', (c) => {
      const stored = state.payments.get(c.req.param('imp_uid'));
      if (stored === undefined) throw notFound();
      return ok(c, stored.payment);
    });
}

function listParam(raw: ParamValue | undefined): string[] {
  const values = Array.isArray(raw) ? raw : [raw];
  return values.filter((v): v is string => typeof v === 'string' && v !== '');
}

function statusParam(raw: string | undefined): ImpPaymentStatus | undefined {
  if (raw === undefined) return undefined;
  const status = STATUSES.find((s) => s === raw);
  if (status === undefined) {
    throw new SandboxError('INVALID_PARAMETER', '지원되지 않는 상태값입니다.', {
      impCode: -1,
      status: 400,
    });
  }
  return status;
}

const SORT_KEYS: Readonly<Record<string, (p: ImpPayment) => number>> = {
  started: startedAt,
  paid: (p) => p.paid_at,
  updated: (p) =>
    Math.max(
      p.started_at,
      p.paid_at,
      p.failed_at,
      p.cancelled_at,
      ...p.cancel_history.map((h) => h.cancelled_at),
    ),
};

/** i'mport's `sorting` (`-started` default): a key, descending with a leading '-'. */
function sorter(raw: ParamValue | undefined): (a: StoredPayment, b: StoredPayment) => number {
  const text = typeof raw === 'string' ? raw : '';
  const descending = text.startsWith('-');
  const named = SORT_KEYS[descending ? text.slice(1) : text];
  const key = named ?? startedAt;
  const sign = named === undefined || descending ? -1 : 1;
  // Ties (same second) fall back to insertion order in the same direction.
  return (a, b) => sign * (key(a.payment) - key(b.payment) || a.seq - b.seq);
}

function startedAt(p: ImpPayment): number {
  return p.started_at;
}
