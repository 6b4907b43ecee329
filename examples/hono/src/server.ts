// A subscription shop on Hono with impcard mounted by app.route(): one app, one hono (impcard's
// peer dependency is the shop's own copy, so the types agree).
import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { createServer, signRegistrationToken } from 'impcard/server';
import { accountPage, loginPage, subscribePage } from './pages.ts';
import { PLAN, customerUidOf, readSubscriptions, recordPayment, saveCard } from './shop-db.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: copy .env.example to .env`);
  return value;
}
const SHOP_ORIGIN = required('SHOP_ORIGIN');
const PAY_ORIGIN = required('PAY_ORIGIN');
const TOKEN_SECRET = required('IMPCARD_TOKEN_SECRET');

const impcard = createServer({
  impKey: required('IMP_KEY'),
  impSecret: required('IMP_SECRET'),
  // Unset: api.iamport.kr. In development, the offline sandbox (`npx impcard sandbox`).
  impApiUrl: process.env.IMP_API_URL || undefined,
  tokenSecret: TOKEN_SECRET,
  apiKey: required('IMPCARD_API_KEY'),
  // Only the shop's pages may frame the card form and post cards.
  allowedOrigins: [SHOP_ORIGIN],
  // i'mport's webhooks reach impcard under its mount path.
  noticeUrl: `${PAY_ORIGIN}/impcard/v1/webhooks/iamport`,
  onBillingKeyIssued: saveCard,
  onPayment: recordPayment,
});

// Sessions in memory: a stand-in for the shop's own login.
const sessions = new Map<string, string>();
type ShopEnv = { Variables: { user: string } };
const requireUser: MiddlewareHandler<ShopEnv> = async (c, next) => {
  const user = sessions.get(getCookie(c, 'sid') ?? '');
  if (!user) return c.redirect('/', 303);
  c.set('user', user);
  await next();
};

const app = new Hono<ShopEnv>();
app.route('/impcard', impcard);

// The subscribe page's policy: scripts and the card frame from this origin and impcard's only.
const strictCsp = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", PAY_ORIGIN],
    frameSrc: [PAY_ORIGIN],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

app.get('/', (c) =>
  sessions.has(getCookie(c, 'sid') ?? '') ? c.redirect('/account', 303) : c.html(loginPage()),
);

app.post('/login', async (c) => {
  const user = String((await c.req.parseBody())['user'] ?? '');
  if (!/^[a-z0-9_]{1,20}$/.test(user)) return c.html(loginPage('아이디를 확인해 주세요.'), 400);
  const sid = randomBytes(18).toString('base64url');
  sessions.set(sid, user);
  setCookie(c, 'sid', sid, { httpOnly: true, sameSite: 'Lax', path: '/' });
  return c.redirect('/subscribe', 303);
});

app.get('/subscribe', requireUser, strictCsp, (c) =>
  c.html(subscribePage(c.get('user'), PLAN, PAY_ORIGIN)),
);

// The token fixes who: the browser never chooses the customer_uid (it would replace someone
// else's card). Ten minutes to type a card.
app.post('/subscribe/token', requireUser, async (c) => {
  const user = c.get('user');
  const { token } = await signRegistrationToken(TOKEN_SECRET, {
    customer_uid: customerUidOf(user),
    mode: 'billing_key',
    buyer: { name: user },
    ttl_seconds: 600,
  });
  return c.json({ token });
});

app.get('/account', requireUser, (c) =>
  c.html(accountPage(readSubscriptions()[customerUidOf(c.get('user'))])),
);

app.use('/*', serveStatic({ root: './public' }));

const port = Number(process.env.PORT ?? 3000);
serve({ fetch: app.fetch, port }, () =>
  console.log(`shop on ${SHOP_ORIGIN}, impcard on ${PAY_ORIGIN}/impcard/`),
);
