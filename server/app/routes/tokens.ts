import { vValidator } from '@hono/valibot-validator';
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { jsonBody } from '../middleware/json-body.ts';
import type { PaymentLedger } from '../payments/payment-ledger.ts';
import { invalidMerchantRequestHook } from '../middleware/validation-hook.ts';
import { assertPgSupports } from '../pg-capabilities.ts';
import { signRegistrationToken } from '../token/sign-registration-token.ts';
import { TokenRequestSchema } from '../token/token-request-schema.ts';

/** What {@link tokensRoute} uses. */
export interface TokensRouteDeps {
  tokenSecret: string;
  /** The default PG, when a request names none. */
  pg: string | undefined;
  now: () => number;
  ledger: Pick<PaymentLedger, 'expect'>;
}

/** `POST /v1/tokens` (API key): mints a registration token for backends that are not Node. */
export function tokensRoute(deps: TokensRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const body = jsonBody(vValidator('json', TokenRequestSchema, invalidMerchantRequestHook));
  app.post('/', body, async (c) => {
    const request = c.req.valid('json');
    // Refuse now what the PG could never do, rather than when the card holder submits.
    assertPgSupports({ pg: request.pg ?? deps.pg, flow: request.mode, buyer: request.buyer });
    const signed = await signRegistrationToken(deps.tokenSecret, request, { now: deps.now });
    if (signed.claims.merchant_uid !== undefined && signed.claims.amount !== undefined) {
      await deps.ledger.expect(signed.claims.merchant_uid, {
        amount: signed.claims.amount,
        customer_uid: signed.claims.customer_uid,
      });
    }
    c.get('log')('info', 'token.issued', {
      mode: request.mode,
      customer_uid: request.customer_uid,
      jti: signed.claims.jti,
    });
    return c.json(
      {
        token: signed.token,
        expires_at: signed.expires_at,
        ...(signed.claims.merchant_uid ? { merchant_uid: signed.claims.merchant_uid } : {}),
      },
      201,
    );
  });
  return app;
}
