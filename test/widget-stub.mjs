// web-test-runner middleware for the widget's browser tests: a stand-in for POST /v1/registrations
// with delay/failure controls and a request log, plus the real built bundle for load tests.
// Routes (all under /__stub/, nothing leaves 127.0.0.1):
//   POST /__stub/register?id=ID[&delay=MS][&drop=N][&result=success|declined|invalid|unavailable|html|code][&mode=M]
//        result=code&code=ERROR_CODE&http=STATUS: a failure with that code and HTTP status
//        drop=N: the first N requests of ID get a response cut off mid-body (a network error)
//   GET  /__stub/log?id=ID      every request received for ID: { idempotencyKey, contentType, body }
//   GET  /__stub/imp-card.js    dist/imp-card-inline.js (the inline bundle) built in memory (once per run) with the project's vite config;
//        also as /__stub/imp-card-inline.js, where a host with base /__stub/ loads it (isolation="none")
//   GET  /__stub/frame/KIND/frame   a stand-in for the isolated host's frame (GET /frame), by KIND:
//        refuse: says `impcard:refused` at once, as the server's refusal page does
//        late: says nothing for 4 s, then `impcard:ready`, and `resize` on connect
//        elsewhere: navigates itself to the refusing stand-in on http://127.0.0.1 (another origin)
//        hold: says `impcard:ready` at once and, on connect, `resize` to 100 px plus the number of times
//              it was loaded in this tab; never answers a method call, as a form whose request hangs;
//              says `gone` when it unloads, as the real frame does
//        other: a page that is not the form (an error page): says nothing
//        real: the real form and bridge (GET /frame's page, from the sources): for layout at a width
import { fileURLToPath } from 'node:url';

const log = new Map();
let bundle;

/** The isolated host's stand-in frames (see above): each a page with one script. */
const frames = {
  refuse: `parent.postMessage({ type: 'impcard:refused' }, '*');`,
  late: `setTimeout(() => parent.postMessage({ type: 'impcard:ready' }, '*'), 4000);
addEventListener('message', (e) => {
  if (e.data?.type === 'impcard:connect') e.ports[0].postMessage({ type: 'resize', height: 123 });
});`,
  elsewhere: `location.href = 'http://127.0.0.1:' + location.port + '/__stub/frame/refuse/frame';`,
  other: `// Not the card form: it says nothing.`,
  hold: `const loads = Number(sessionStorage.getItem('holdLoads') ?? 0) + 1;
sessionStorage.setItem('holdLoads', String(loads));
parent.postMessage({ type: 'impcard:ready' }, '*');
addEventListener('message', (e) => {
  if (e.data?.type !== 'impcard:connect') return;
  const port = e.ports[0];
  port.postMessage({ type: 'resize', height: 100 + loads });
  addEventListener('pagehide', () => port.postMessage({ type: 'gone' }));
});`,
};

const results = {
  success: (mode) => [
    200,
    mode === 'payment'
      ? {
          status: 'success',
          mode,
          payment: {
            imp_uid: 'imps_123456789012',
            merchant_uid: 'order-1',
            amount: 9900,
            status: 'paid',
            paid_at: 1763700000,
            card_name: '신한카드',
            card_number: '424242******4242',
            receipt_url: 'https://example.invalid/receipt',
          },
        }
      : {
          status: 'success',
          mode,
          billing_key: {
            customer_uid: 'cust-1',
            card_name: '신한카드',
            card_number: '424242******4242',
            pg_provider: 'jtnet',
          },
        },
  ],
  declined: () => [402, { status: 'failed', code: 'CARD_DECLINED', message: '한도초과' }],
  invalid: () => [
    400,
    { status: 'failed', code: 'INVALID_REQUEST', message: 'bad', fields: { birth: ['date'] } },
  ],
  unavailable: () => [503, { status: 'failed', code: 'UPSTREAM_UNAVAILABLE', message: 'down' }],
};

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

async function buildBundle() {
  const { build } = await import('vite');
  const out = await build({
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    logLevel: 'silent',
    build: { write: false },
  });
  for (const o of [out].flat()) {
    const chunk = o.output.find((c) => c.fileName === 'imp-card-inline.js');
    if (chunk) return chunk.code;
  }
  throw new Error('imp-card-inline.js not in the build output');
}

/** @type {import('koa').Middleware} */
export async function widgetStub(ctx, next) {
  if (!ctx.path.startsWith('/__stub/')) return next();
  const q = ctx.query;
  const id = String(q.id ?? '');
  if (ctx.path === '/__stub/imp-card.js' || ctx.path === '/__stub/imp-card-inline.js') {
    bundle ??= buildBundle();
    ctx.type = 'application/javascript';
    ctx.body = await bundle;
    return;
  }
  const frame = /^\/__stub\/frame\/(\w+)\/frame$/.exec(ctx.path);
  if (frame?.[1] === 'real') {
    // As server/app/routes/frame.ts serves it, with the sources the dev server compiles.
    ctx.type = 'text/html';
    ctx.body = `<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>impcard</title>
<script type="module" src="/widget/imp-card-form/define.ts"></script>
<script type="module" src="/widget/isolated/frame-entry.ts"></script>
</head><body><imp-card-form endpoint="/__stub/register?id=real"></imp-card-form></body></html>`;
    return;
  }
  if (frame && frames[frame[1]]) {
    ctx.type = 'text/html';
    ctx.body = `<!doctype html><title>frame</title><script>${frames[frame[1]]}</script>`;
    return;
  }
  if (ctx.path === '/__stub/log') {
    ctx.body = log.get(id) ?? [];
    return;
  }
  if (ctx.path === '/__stub/register' && ctx.method === 'POST') {
    const text = await readBody(ctx.req);
    const entries = log.get(id) ?? [];
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    entries.push({
      idempotencyKey: ctx.get('idempotency-key'),
      contentType: ctx.get('content-type'),
      body,
    });
    log.set(id, entries);
    if (q.delay) await new Promise((r) => setTimeout(r, Number(q.delay)));
    if (entries.length <= Number(q.drop ?? 0)) {
      // The request arrived but the answer is cut off mid-body: the outcome is unknown to the
      // client, the case a retry with the same Idempotency-Key exists for. (Dropping before any
      // byte is sent would let Chromium silently resend the POST on a fresh connection.)
      ctx.respond = false;
      ctx.res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
      ctx.res.write('{"status":', () => ctx.req.socket.destroy());
      return;
    }
    if (q.result === 'html') {
      ctx.status = 502;
      ctx.type = 'text/html';
      ctx.body = '<h1>Bad gateway</h1>';
      return;
    }
    if (q.result === 'code') {
      ctx.status = Number(q.http ?? 400);
      ctx.body = { status: 'failed', code: String(q.code), message: 'stub' };
      return;
    }
    const [status, json] = (results[String(q.result ?? 'success')] ?? results.success)(
      String(q.mode ?? 'billing_key'),
    );
    ctx.status = status;
    ctx.body = json;
    return;
  }
  ctx.status = 404;
}
