// A subscription shop on Express with impcard mounted under /impcard.
//   - customers log in; the shop signs a card token for the logged-in customer only
//   - the subscribe page embeds the isolated card form under a strict CSP
//   - impcard's hooks keep the shop's records (masked card, payments, webhooks)
//   - charge-monthly.js charges the stored cards through impcard's merchant API
import { randomBytes } from 'node:crypto';
import express from 'express';
import { nodeHandler } from 'impcard/node';
import { createServer, signRegistrationToken } from 'impcard/server';
import { accountPage, loginPage, subscribePage } from './pages.js';
import { PLAN, customerUidOf, readSubscriptions, recordPayment, saveCard } from './shop-db.js';

const env = process.env;
for (const name of ['SHOP_ORIGIN', 'PAY_ORIGIN', 'IMP_KEY', 'IMP_SECRET']) {
  if (!env[name]) throw new Error(`${name} is not set: copy .env.example to .env`);
}

const impcard = createServer({
  impKey: env.IMP_KEY,
  impSecret: env.IMP_SECRET,
  // Unset: api.iamport.kr. In development, the offline sandbox (`npx impcard sandbox`).
  impApiUrl: env.IMP_API_URL || undefined,
  tokenSecret: env.IMPCARD_TOKEN_SECRET,
  apiKey: env.IMPCARD_API_KEY,
  // Only the shop's pages may frame the card form and post cards.
  allowedOrigins: [env.SHOP_ORIGIN],
  // i'mport's webhooks reach impcard under its mount path.
  noticeUrl: `${env.PAY_ORIGIN}/impcard/v1/webhooks/iamport`,
  onBillingKeyIssued: ({ billing_key }) => saveCard(billing_key),
  onPayment: recordPayment,
});

const app = express();
// Before any body parser of the shop's (nodeHandler copes with one that ran first, too).
app.use('/impcard', nodeHandler(impcard));
app.use(express.urlencoded({ extended: false }));
app.use(express.static(new URL('./public/', import.meta.url).pathname));

// Sessions in memory: a stand-in for the shop's own login.
const sessions = new Map();
function currentUser(req) {
  const sid = /(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
  return sid ? sessions.get(sid) : undefined;
}
function requireUser(req, res, next) {
  const user = currentUser(req);
  if (!user) return res.redirect(303, '/');
  req.user = user;
  next();
}

// The subscribe page's policy: scripts and the card frame from this origin and impcard's only.
const subscribeCsp = [
  "default-src 'self'",
  `script-src 'self' ${env.PAY_ORIGIN}`,
  `frame-src ${env.PAY_ORIGIN}`,
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

app.get('/', (req, res) =>
  currentUser(req) ? res.redirect(303, '/account') : res.send(loginPage()),
);

app.post('/login', (req, res) => {
  const user = String(req.body.user ?? '');
  if (!/^[a-z0-9_]{1,20}$/.test(user))
    return res.status(400).send(loginPage('아이디를 확인해 주세요.'));
  const sid = randomBytes(18).toString('base64url');
  sessions.set(sid, user);
  res.cookie('sid', sid, { httpOnly: true, sameSite: 'lax' });
  res.redirect(303, '/subscribe');
});

app.get('/subscribe', requireUser, (req, res) => {
  res.set('Content-Security-Policy', subscribeCsp);
  res.send(subscribePage({ user: req.user, plan: PLAN, payOrigin: env.PAY_ORIGIN }));
});

// The token fixes who: the browser never chooses the customer_uid (it would replace someone
// else's card). Ten minutes to type a card.
app.post('/subscribe/token', requireUser, async (req, res) => {
  const { token } = await signRegistrationToken(env.IMPCARD_TOKEN_SECRET, {
    customer_uid: customerUidOf(req.user),
    mode: 'billing_key',
    buyer: { name: req.user },
    ttl_seconds: 600,
  });
  res.json({ token });
});

app.get('/account', requireUser, (req, res) => {
  const subscription = readSubscriptions()[customerUidOf(req.user)];
  res.send(accountPage({ subscription }));
});

const port = Number(env.PORT ?? 3000);
app.listen(port, () =>
  console.log(`shop on ${env.SHOP_ORIGIN}, impcard on ${env.PAY_ORIGIN}/impcard/`),
);
