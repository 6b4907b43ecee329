// `npm run screenshots`: renders the built widget (dist/imp-card.js) in headless Chromium on a
// page served from 127.0.0.1 under a strict CSP (no inline styles, no eval), and writes
// docs/widget-light.png and docs/widget-dark.png. Fails if the page reports any CSP violation.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './ensure-packages.mjs';

const root = new URL('..', import.meta.url);
const bundle = readFileSync(new URL('dist/imp-card-inline.js', root));

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

const page = (theme) => `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>impcard</title>
<link rel="stylesheet" href="/page.css"><script src="/imp-card.js"></script></head>
<body class="${theme}"><main id="shot">
<imp-card-form theme="${theme}" endpoint="/v1/registrations" token="${token}"></imp-card-form>
</main></body></html>`;

const css = `body{margin:0;font-family:system-ui,sans-serif}
body.light{background:#eef1f6}body.dark{background:#0b0c10}
#shot{width:440px;padding:28px}`;

const server = createServer((req, res) => {
  const headers = {
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'",
  };
  if (req.url === '/imp-card.js') {
    res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(bundle);
  } else if (req.url === '/page.css') {
    res.writeHead(200, { ...headers, 'content-type': 'text/css' }).end(css);
  } else {
    const theme = req.url === '/dark' ? 'dark' : 'light';
    res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(page(theme));
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
  for (const theme of ['light', 'dark']) {
    const context = await browser.newContext({ deviceScaleFactor: 2, locale: 'ko-KR' });
    const tab = await context.newPage();
    tab.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    // runs in the page, so it is passed as source text
    await tab.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => console.error('Refused to: CSP ' + e.violatedDirective))",
    );
    await tab.goto(`${base}/${theme}`);
    const form = tab.locator('imp-card-form');
    await form.locator('input[name=card_number]').pressSequentially('4242424242424242');
    await tab.keyboard.type('1229');
    await tab.keyboard.type('12');
    if (theme === 'light') {
      // a birth date that cannot exist, then leave the field: the error styling is part of the look
      await form.locator('input[name=birth]').pressSequentially('901331');
      await form.locator('input[name=card_number]').focus();
      await form.locator('input[name=card_number]').blur();
    } else {
      await form.locator('input[role=switch]').check();
      await form.locator('input[name=birth]').pressSequentially('2208162517');
      await form.locator('input[name=birth]').blur();
    }
    const out = fileURLToPath(new URL(`docs/widget-${theme}.png`, root));
    await tab.locator('#shot').screenshot({ path: out });
    console.log(`wrote ${out}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
if (violations.length > 0) {
  console.error(`CSP violations:\n${violations.join('\n')}`);
  process.exit(1);
}
console.log('no CSP violations under a strict policy (no inline styles, no eval)');
