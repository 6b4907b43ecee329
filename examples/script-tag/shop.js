// The shop: a static page, and one backend route that asks impcard for a card token over HTTP.
// Any backend can do this (PHP, Java, Go: one POST with the API key); nothing here imports impcard.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const { SHOP_PORT = '8080', IMPCARD_URL, IMPCARD_API_KEY } = process.env;
if (!IMPCARD_URL || !IMPCARD_API_KEY)
  throw new Error('IMPCARD_URL and IMPCARD_API_KEY: copy .env.example to .env');

const page = readFileSync(new URL('./public/index.html', import.meta.url), 'utf8').replaceAll(
  '%IMPCARD_URL%',
  IMPCARD_URL,
);
const script = readFileSync(new URL('./public/shop.js', import.meta.url));

// The page's policy: scripts and the card frame from this origin and impcard's only.
const csp = `default-src 'self'; script-src 'self' ${IMPCARD_URL}; frame-src ${IMPCARD_URL}; connect-src 'self'; object-src 'none'; base-uri 'none'`;

/** POST /v1/tokens: the token fixes who pays and for what; the browser cannot change it. */
async function mintToken(customerUid) {
  const response = await fetch(`${IMPCARD_URL}/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${IMPCARD_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ customer_uid: customerUid, mode: 'billing_key', ttl_seconds: 600 }),
  });
  if (response.status !== 201) throw new Error(`POST /v1/tokens answered ${response.status}`);
  return (await response.json()).token;
}

createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/') {
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': csp,
      })
      .end(page);
  } else if (req.method === 'GET' && req.url === '/shop.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  } else if (req.method === 'POST' && req.url === '/token') {
    // Your backend knows the logged-in customer; this example has one.
    const token = await mintToken('cust_script_tag').catch((error) => {
      console.error(error);
      return null;
    });
    res
      .writeHead(token ? 200 : 502, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token }));
  } else {
    res.writeHead(404).end();
  }
}).listen(Number(SHOP_PORT), () => console.log(`shop on http://localhost:${SHOP_PORT}`));
