// Run by test/packaging.test.ts with plain `node` in an empty project that installed the packed
// tarball with --omit=dev: a merchant's server, built only from the package's public entries.
import { createServer as createHttpServer } from 'node:http';
import { nodeHandler } from 'impcard/node';
import { DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, SANDBOX_CARDS, startSandbox } from 'impcard/sandbox';
import { createServer, signRegistrationToken } from 'impcard/server';

// The valid card's expiry moves with the calendar; the test passes the one it uses everywhere.
const expiry = process.env.IMPCARD_TEST_EXPIRY;
if (!expiry)
  throw new Error('IMPCARD_TEST_EXPIRY (YYYY-MM) is unset: test/packaging.test.ts sets it');
const tokenSecret = 'packaging-token-secret-0123456789abcdef';
const sandbox = await startSandbox({ port: 0 });
const app = createServer({
  impKey: DEFAULT_IMP_KEY,
  impSecret: DEFAULT_IMP_SECRET,
  impApiUrl: sandbox.url,
  tokenSecret,
  apiKey: 'packaging-api-key-0123456789',
  allowedOrigins: ['https://shop.example'],
  logger: false,
});
const http = createHttpServer(nodeHandler(app));
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${http.address().port}`;

const { token } = await signRegistrationToken(tokenSecret, {
  customer_uid: 'packaging_customer',
  mode: 'billing_key',
});
const response = await fetch(`${url}/v1/registrations`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  // The valid card of server/testing/test-cards.ts, copied: the installed package has no tests.
  body: JSON.stringify({
    token,
    card_number: SANDBOX_CARDS.approved,
    expiry,
    birth: '900101',
    pwd_2digit: '12',
  }),
});
// The widget, served by createServer itself from the installed package (no widget option).
const widget = {};
const frame = await fetch(`${url}/frame?origin=${encodeURIComponent('https://shop.example')}`);
widget.frame = frame.status;
for (const src of [
  'imp-card.js',
  ...[...(await frame.text()).matchAll(/src="([^"]+)"/g)].map((m) => m[1]),
]) {
  widget[src.replace(/\.[0-9a-f]{16}\./, '.<hash>.')] = (await fetch(`${url}/${src}`)).status;
}
console.log(JSON.stringify({ status: response.status, body: await response.json(), widget }));
http.close();
await sandbox.close();
