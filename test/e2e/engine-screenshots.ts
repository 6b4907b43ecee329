// `npm run screenshots:engines`: the isolated form as each engine draws it, side by side, in Korean
// and English, at a desktop width and at 360 px: docs/engines-{ko,en}-{desktop,360}.png. The
// impcard server as `npm start` runs it, a merchant page on another loopback origin, the card form
// in the server's frame; each engine through the e2e driver (engine-page.ts).
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { selectedEngines } from '../engines/selected-engines.mjs';
import { launchEngine, type Engine } from './engine-page.ts';
import { listen, merchantCsp } from './isolation-site.ts';
import { startMain } from './start-main.ts';

const docs = new URL('../../docs/', import.meta.url);
const widths = { desktop: 480, 360: 360 } as const;

let serverUrl = '';
// 'self' framed too: the phone below frames the shop.
const site = await listen(() => merchantCsp(serverUrl).replace('frame-src ', "frame-src 'self' "));
const main = await startMain({ IMPCARD_ALLOWED_ORIGINS: site.origin });
serverUrl = main.url;

const css =
  'body { margin: 0; font-family: sans-serif; background: #eef1f6; } main { padding: 16px; max-width: 448px; }';
site.pages.set('/page.css', css);
// The phone: the merchant page in a 360 px wide frame of its own origin, so the page's viewport is
// 360 px in every engine (WebKitGTK's window cannot be narrower than about 447 px).
site.pages.set(
  '/phone.css',
  'body { margin: 0; } iframe { border: 0; width: 360px; height: 900px; }',
);
site.pages.set(
  '/phone',
  '<!doctype html><html><head><link rel="stylesheet" href="/phone.css"></head><body><iframe src="/shop"></iframe></body></html>',
);

type Shot = { engine: Engine; png: Buffer };
const shots = new Map<string, Shot[]>();

for (const engine of selectedEngines()) {
  const browser = await launchEngine(engine);
  try {
    for (const lang of ['ko', 'en'] as const) {
      for (const [size, width] of Object.entries(widths)) {
        const token = await main.mint({
          customer_uid: `shot_${engine}_${lang}_${size}`,
          mode: 'billing_key_and_payment',
          amount: 12900,
          merchant_uid: `shot_${engine}_${lang}_${size}`,
          name: lang === 'ko' ? '프리미엄 월간 구독' : 'Premium monthly plan',
        });
        site.pages.set(
          '/shop',
          `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<link rel="stylesheet" href="/page.css"><script src="${main.url}/imp-card.js"></script></head>
<body><main><imp-card-form token="${token}"></imp-card-form></main></body></html>`,
        );
        const page = await browser.newPage();
        await page.setViewport(1280, 1000);
        const phone = size === '360';
        let box: { x: number; y: number; width: number; height: number };
        if (phone) {
          await page.goto(`${site.origin}/phone`);
          // The shop is a same-origin frame: the page reaches into it to wait for the form.
          await page.waitFor(() => {
            const shop = document.querySelector('iframe')!.contentDocument;
            const iframe = shop
              ?.querySelector('imp-card-form')
              ?.shadowRoot?.querySelector('iframe');
            return !!iframe && iframe.getBoundingClientRect().height > 300;
          });
          await new Promise((r) => setTimeout(r, 1500));
          box = await page.evaluate(() => {
            const shop = document.querySelector('iframe')!;
            const r = shop.getBoundingClientRect();
            const main = shop.contentDocument!.querySelector('main')!.getBoundingClientRect();
            return { x: r.x, y: r.y, width: r.width, height: main.height };
          });
        } else {
          await page.setViewport(width + 400, 1000);
          await page.goto(`${site.origin}/shop`);
          await page.cardFrame();
          await page.frame().waitForSelector(`imp-card-form[lang="${lang}"]`);
          await page.waitFor(
            () =>
              document
                .querySelector('imp-card-form')!
                .shadowRoot!.querySelector('iframe')!
                .getBoundingClientRect().height > 300,
          );
          await new Promise((r) => setTimeout(r, 1500));
          box = await page.box('main');
        }
        const full = await page.screenshot();
        const png = await sharp(full)
          .extract({
            left: Math.round(box.x),
            top: Math.round(box.y),
            width: Math.round(box.width),
            height: Math.round(box.height),
          })
          .png()
          .toBuffer();
        const key = `${lang}-${size}`;
        shots.set(key, [...(shots.get(key) ?? []), { engine, png }]);
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
}

/** One image: the engines' shots left to right, each under its engine's name. */
async function sideBySide(list: Shot[]): Promise<Buffer> {
  const label = 28;
  const gap = 16;
  const metas = await Promise.all(list.map((s) => sharp(s.png).metadata()));
  const width = metas.reduce((w, m) => w + m.width + gap, gap);
  const height = Math.max(...metas.map((m) => m.height)) + label + gap;
  let x = gap;
  const layers = [];
  for (const [i, shot] of list.entries()) {
    const w = metas[i]!.width;
    const text = `<svg width="${w}" height="${label}"><text x="${w / 2}" y="20" font-family="sans-serif" font-size="16" text-anchor="middle" fill="#333">${shot.engine}</text></svg>`;
    layers.push({ input: Buffer.from(text), left: x, top: 4 });
    layers.push({ input: shot.png, left: x, top: label });
    x += w + gap;
  }
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .png({ palette: true }) // a quarter of the bytes, the package carries docs/*.png
    .toBuffer();
}

for (const [key, list] of shots) {
  const file = new URL(`engines-${key}.png`, docs);
  writeFileSync(file, await sideBySide(list));
  console.log(`wrote docs/engines-${key}.png (${list.map((s) => s.engine).join(', ')})`);
}
await main.stop();
site.server.close();
