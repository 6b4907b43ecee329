// The widget's figures: the script-tag bundle and each library's part of it, the cost of one
// keystroke's formatting and validation, and, in headless Chromium, script start to an interactive
// form and one keystroke's re-render.
import { gzipSync } from 'node:zlib';
import { decode } from '@jridgewell/sourcemap-codec';
import { build } from 'vite';
import { launchChromium } from '../test/e2e/browser.ts';
import { maskInput, type MaskKind } from '../widget/card/index.ts';
import { checkField, type CardField } from '../widget/contract/index.ts';

export interface WidgetReport {
  bundle: {
    minBytes: number;
    gzipBytes: number;
    shares: { part: string; percent: number; gzipBytesEstimate: number }[];
  };
  keystrokeMicros: number;
  startToInteractiveMs: { median: number; runs: number[] };
  keystrokeRenderMs: { median: number; p90: number; count: number };
}

// The part of vite's (rolldown's) build result this reads.
interface BuildOutput {
  output: {
    type: 'chunk' | 'asset';
    fileName: string;
    code?: string;
    map?: { sources: string[]; mappings: string } | null;
  }[];
}

/**
 * A module id as the part of the bundle it belongs to: an npm package, a widget folder, or on its
 * own the styles and each language's texts.
 */
function partOf(id: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
  if (pkg) return pkg[1]!;
  const own = /(?:^|\/)(widget\/[^/]+)\/([^/]+)\.ts$/.exec(id);
  if (!own) return id;
  return own[2]!.endsWith('.styles') || own[2] === 'ko' || own[2] === 'en'
    ? `${own[1]}/${own[2]}`
    : own[1]!;
}

const gz = (code: string): number => gzipSync(code, { level: 9 }).length;

/**
 * Each part's bytes of the minified bundle, found through its source map, and what they add to the
 * gzipped size where they stand (gzip of everything up to the end of a run minus gzip up to its
 * start): what the minifier dropped counts for nothing, and repeats of earlier text cost little.
 */
function sharesOf(code: string, map: { sources: string[]; mappings: string }) {
  const lineStarts = [0];
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const marks = decode(map.mappings)
    .flatMap((segments, line) =>
      segments
        .filter((s) => s.length >= 4)
        .map((s) => ({ at: lineStarts[line]! + s[0], part: partOf(map.sources[s[1]!]!) })),
    )
    .sort((a, b) => a.at - b.at);
  const byPart = new Map<string, { bytes: number; gzip: number }>();
  let start = 0;
  let before = 0;
  marks.forEach((mark, i) => {
    const end = marks[i + 1]?.at ?? code.length;
    // One gzip per run of a part, not per mapping.
    if (marks[i + 1]?.part === mark.part) return;
    const upTo = gz(code.slice(0, end));
    const entry = byPart.get(mark.part) ?? { bytes: 0, gzip: 0 };
    entry.bytes += end - start;
    entry.gzip += upTo - before;
    byPart.set(mark.part, entry);
    start = end;
    before = upTo;
  });
  return byPart;
}

async function bundle(): Promise<WidgetReport['bundle'] & { code: string }> {
  const outputs = (await build({
    configFile: 'vite.config.ts',
    logLevel: 'silent',
    mode: 'production',
    build: { write: false, sourcemap: true },
  })) as unknown as BuildOutput[];
  const chunk = outputs
    .flatMap((o) => o.output)
    .find((c) => c.type === 'chunk' && c.fileName === 'imp-card-inline.js');
  if (!chunk?.code || !chunk.map) throw new Error('vite build made no imp-card-inline.js');
  // The map comment is not part of the shipped file.
  const code = chunk.code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '');
  const minBytes = Buffer.byteLength(code);
  const gzipBytes = gz(code);
  const shares = [...sharesOf(code, chunk.map)]
    .sort((a, b) => b[1].gzip - a[1].gzip)
    .map(([part, { bytes, gzip }]) => ({
      part,
      percent: (bytes / minBytes) * 100,
      gzipBytesEstimate: gzip,
    }));
  return { minBytes, gzipBytes, shares, code };
}

const TYPING: [CardField & MaskKind, string][] = [
  ['card_number', '4242424242424242'],
  ['card_number', '378282246310005'],
  ['expiry', '1229'],
  ['birth', '900101'],
];

/** maskInput + checkField (partial), as the component runs them per `input` event: µs per key. */
function keystrokeMicros(quick: boolean): number {
  const rounds = quick ? 500 : 3000;
  let best = Infinity;
  for (let batch = 0; batch < 5; batch++) {
    let keys = 0;
    const started = performance.now();
    for (let r = 0; r < rounds; r++) {
      for (const [field, digits] of TYPING) {
        let value = '';
        let typed = '';
        for (const key of digits) {
          typed += key;
          const next = value + key;
          value = maskInput(field, {
            previous: value,
            value: next,
            caret: next.length,
            inputType: 'insertText',
          }).value;
          checkField(field, typed, { partial: true });
          keys++;
        }
      }
    }
    best = Math.min(best, ((performance.now() - started) * 1000) / keys);
  }
  return best;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

async function inChromium(code: string, quick: boolean) {
  const browser = await launchChromium();
  try {
    const runs: number[] = [];
    for (let i = 0; i < (quick ? 3 : 10); i++) {
      const page = await browser.newPage();
      await page.setContent('<!doctype html><imp-card-form lang="en"></imp-card-form>');
      // From the first line of the script to the card-number input rendered and focusable.
      runs.push(
        await page.evaluate(async (source: string) => {
          const start = performance.now();
          const script = document.createElement('script');
          script.textContent = source;
          document.head.append(script);
          await customElements.whenDefined('imp-card-form');
          const el = document.querySelector('imp-card-form') as HTMLElement & {
            updateComplete: Promise<unknown>;
          };
          await el.updateComplete;
          if (!el.shadowRoot?.querySelector('#card_number')) throw new Error('no card input');
          return performance.now() - start;
        }, code),
      );
      if (i < (quick ? 2 : 9)) await page.close();
    }
    const page = browser.contexts()[0]!.pages().at(-1)!;
    const times = await page.evaluate(
      async (rounds: number) => {
        const el = document.querySelector('imp-card-form') as HTMLElement & {
          updateComplete: Promise<unknown>;
        };
        const input = el.shadowRoot!.querySelector<HTMLInputElement>('#card_number')!;
        input.focus();
        const out: number[] = [];
        for (let round = 0; round < rounds; round++) {
          input.value = '';
          input.dispatchEvent(
            new InputEvent('input', { inputType: 'deleteContentBackward', bubbles: true }),
          );
          await el.updateComplete;
          for (const d of '4242424242424242') {
            const start = performance.now();
            input.setRangeText(d, input.selectionStart!, input.selectionEnd!, 'end');
            input.dispatchEvent(
              new InputEvent('input', { inputType: 'insertText', data: d, bubbles: true }),
            );
            await el.updateComplete;
            out.push(performance.now() - start);
          }
        }
        return out;
      },
      quick ? 5 : 25,
    );
    const sorted = [...times].sort((a, b) => a - b);
    return {
      startToInteractiveMs: { median: median(runs), runs },
      keystrokeRenderMs: {
        median: median(times),
        p90: sorted[Math.floor(sorted.length * 0.9)] ?? NaN,
        count: times.length,
      },
    };
  } finally {
    await browser.close();
  }
}

export async function measureWidget(quick: boolean): Promise<WidgetReport> {
  const { code, ...bundleReport } = await bundle();
  const browser = await inChromium(code, quick);
  return { bundle: bundleReport, keystrokeMicros: keystrokeMicros(quick), ...browser };
}

export function printWidget(w: WidgetReport): void {
  console.log('\n### Widget\n');
  console.log(
    `dist/imp-card-inline.js (the whole form, script tag): ${w.bundle.minBytes} B min, ${w.bundle.gzipBytes} B min+gzip -9\n`,
  );
  console.log('| part | share of min B | gzip B it adds |');
  console.log('|---|---|---|');
  for (const s of w.bundle.shares) {
    console.log(`| ${s.part} | ${s.percent.toFixed(1)}% | ${s.gzipBytesEstimate} |`);
  }
  console.log('\n| measure | value |');
  console.log('|---|---|');
  console.log(
    `| format + validate one keystroke (Node, best of 5) | ${w.keystrokeMicros.toFixed(2)} µs |`,
  );
  console.log(
    `| script start → interactive form (Chromium, median of ${w.startToInteractiveMs.runs.length}) | ${w.startToInteractiveMs.median.toFixed(1)} ms |`,
  );
  console.log(
    `| keystroke re-render (Chromium, median / p90 of ${w.keystrokeRenderMs.count}) | ${w.keystrokeRenderMs.median.toFixed(3)} / ${w.keystrokeRenderMs.p90.toFixed(3)} ms |`,
  );
}
