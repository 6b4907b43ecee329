// The impcard server of this shop: one instance, used by the route handler that mounts it
// (app/impcard/[...path]/route.ts). The page mints tokens with the same secret, statelessly.
import { Hono } from 'hono';
import { createServer } from 'impcard/server';
import { recordPayment, saveCard } from './shop-db';

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: copy .env.example to .env`);
  return value;
}

/** Where the browser reaches impcard: another origin than the shop's, so the form is isolated. */
export const impcardUrl = () => `${required('PAY_ORIGIN')}/impcard/`;

let app: Hono | undefined;

/** The shop's Hono app with impcard under /impcard, made on the first request (not at build). */
export function impcardApp(): Hono {
  app ??= new Hono().route(
    '/impcard',
    createServer({
      impKey: required('IMP_KEY'),
      impSecret: required('IMP_SECRET'),
      // Unset: api.iamport.kr. In development, the offline sandbox (`npx impcard sandbox`).
      impApiUrl: process.env.IMP_API_URL || undefined,
      tokenSecret: required('IMPCARD_TOKEN_SECRET'),
      apiKey: required('IMPCARD_API_KEY'),
      // Only the shop's pages may frame the card form and post cards.
      allowedOrigins: [required('SHOP_ORIGIN')],
      // i'mport's webhooks reach impcard under its mount path.
      noticeUrl: `${required('PAY_ORIGIN')}/impcard/v1/webhooks/iamport`,
      // A route handler sees no socket. `next start` appends the address it was called from to
      // X-Forwarded-For, so the last hop is the peer; behind your own proxies, list them in
      // trustedProxies too. Without this every customer shares one rate-limit bucket.
      remoteAddress: (c) => c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim(),
      onBillingKeyIssued: saveCard,
      onPayment: recordPayment,
    }),
  );
  return app;
}
