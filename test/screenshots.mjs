// `npm run screenshots`: renders the built widget (dist/imp-card-inline.js) in headless Chromium on
// a page served from 127.0.0.1 under a strict CSP (no inline styles, no eval), and writes
// docs/widget-{light,dark,360,corporate}.png (an issuer badge in dark, 360 and corporate); then the
// isolated host (dist/imp-card.js) from another origin whose frame cannot be used, and writes its
// notice as docs/widget-blocked-{ko,en}.png. Fails if the page reports any CSP violation. Korean
// text needs a Korean font on the machine (Debian: fonts-noto-cjk).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './ensure-packages.mjs';

const root = new URL('..', import.meta.url);
const bundle = readFileSync(new URL('dist/imp-card-inline.js', root));
const host = readFileSync(new URL('dist/imp-card.js', root));

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const token = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
  jti: 'shot',
  iat: now,
  exp: now + 3600,
  customer_uid: 'cust-1',
  mode: 'billing_key_and_payment',
  amount: 12900,
  name: '프리미엄 월간 구독',
})}.signature`;

const page = (theme, cls) => `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>impcard</title>
<link rel="stylesheet" href="/page.css"><script src="/imp-card.js"></script></head>
<body class="${theme} ${cls}"><main id="shot">
<imp-card-form theme="${theme}" endpoint="/v1/registrations" token="${token}"></imp-card-form>
</main></body></html>`;

const css = `body{margin:0;font-family:system-ui,sans-serif}
body.light{background:#eef1f6}body.dark{background:#0b0c10}
#shot{width:440px;padding:28px}body.phone #shot{width:auto;padding:0}`;

/**
 * The shots: name, theme, viewport width, and what is typed (each field filled on its own, as
 * focus does not move on from a 16-digit Visa until typing pauses).
 */
const yy = String((new Date().getFullYear() + 3) % 100).padStart(2, '0');
const shots = [
  // a Visa, and a birth date that cannot exist, left: the error styling is part of the look
  { name: 'light', theme: 'light', width: 800, card: '4242424242424242', birth: '901331' },
  // a KakaoBank Mastercard: the issuer badge beside the brand
  { name: 'dark', theme: 'dark', width: 800, card: '5365101234567893', birth: '900101' },
  // a Shinhan Visa on a 360 px phone
  { name: '360', theme: 'light', width: 360, card: '4518421234567894', birth: '900101' },
  // a corporate card: the business registration number, the password optional
  { name: 'corporate', theme: 'light', width: 800, card: '4579721234567893', brn: '2208162517' },
];

/**
 * The impcard side of the blocked shots, on another origin: the host script, and a `/frame` that
 * is not impcard's form (a bare 403), so the host shows its notice once the frame has loaded and
 * stayed silent.
 */
const impcard = createServer((req, res) => {
  if (req.url === '/imp-card.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(host);
  } else res.writeHead(403, { 'content-type': 'text/html' }).end('');
});
impcard.listen(0, '127.0.0.1');
await once(impcard, 'listening');
const other = `http://localhost:${impcard.address().port}`;

const blockedPage = (lang, theme) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>impcard</title>
<link rel="stylesheet" href="/page.css"><script src="${other}/imp-card.js"></script></head>
<body class="${theme}"><main id="shot"><imp-card-form theme="${theme}"></imp-card-form></main></body></html>`;

/** The blocked frame's notice: language and theme. */
const blockedShots = [
  { lang: 'ko', theme: 'light' },
  { lang: 'en', theme: 'dark' },
];

const server = createServer((req, res) => {
  const headers = {
    'content-security-policy': `default-src 'self'; script-src 'self' ${other}; frame-src ${other}; style-src 'self'`,
  };
  const blocked = /^\/blocked\/(\w+)\/(\w+)$/.exec(req.url ?? '');
  if (blocked) {
    res
      .writeHead(200, { ...headers, 'content-type': 'text/html' })
      .end(blockedPage(blocked[1], blocked[2]));
  } else if (req.url === '/imp-card.js') {
    res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(bundle);
  } else if (req.url === '/page.css') {
    res.writeHead(200, { ...headers, 'content-type': 'text/css' }).end(css);
  } else {
    const [, theme, cls] = /^\/(\w+)\/?(\w*)/.exec(req.url ?? '') ?? [];
    res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(page(theme, cls));
  }
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: chromiumArgs,
});
const violations = [];
try {
  for (const shot of shots) {
    const context = await browser.newContext({
      deviceScaleFactor: 2,
      locale: 'ko-KR',
      viewport: { width: shot.width, height: 900 },
    });
    const tab = await context.newPage();
    tab.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    // runs in the page, so it is passed as source text
    await tab.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => console.error('Refused to: CSP ' + e.violatedDirective))",
    );
    await tab.goto(`${base}/${shot.theme}/${shot.width < 400 ? 'phone' : ''}`);
    const form = tab.locator('imp-card-form');
    const input = (name) => form.locator(`input[name=${name}]`);
    await input('card_number').pressSequentially(shot.card);
    await input('expiry').pressSequentially(`12${yy}`);
    if (shot.brn) {
      await form.locator('input[role=switch]').check();
      await input('birth').pressSequentially(shot.brn);
    } else {
      await input('pwd_2digit').pressSequentially('12');
      await input('birth').pressSequentially(shot.birth);
    }
    await input('birth').blur();
    const out = fileURLToPath(new URL(`docs/widget-${shot.name}.png`, root));
    await tab.locator('#shot').screenshot({ path: out });
    console.log(`wrote ${out}`);
    await context.close();
  }
  for (const shot of blockedShots) {
    const context = await browser.newContext({
      deviceScaleFactor: 2,
      locale: 'ko-KR',
      viewport: { width: 800, height: 400 },
    });
    const tab = await context.newPage();
    tab.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await tab.goto(`${base}/blocked/${shot.lang}/${shot.theme}`);
    await tab.locator('imp-card-form [part~="unavailable"]').waitFor({ timeout: 20_000 });
    const out = fileURLToPath(new URL(`docs/widget-blocked-${shot.lang}.png`, root));
    await tab.locator('#shot').screenshot({ path: out });
    console.log(`wrote ${out}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
  impcard.close();
}
if (violations.length > 0) {
  console.error(`CSP violations:\n${violations.join('\n')}`);
  process.exit(1);
}
console.log('no CSP violations under a strict policy (no inline styles, no eval)');
