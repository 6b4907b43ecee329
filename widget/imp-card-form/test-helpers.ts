// Helpers shared by the component's browser tests.
import { fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { typedCard } from '../../server/testing/test-cards.ts';
import type { CardField } from '../contract/index.ts';
import './define.ts';
import type { ImpCardForm } from './imp-card-form.ts';

// The tests' page is a Korean shop's: the widget speaks the page's language unless told otherwise.
document.documentElement.lang = 'ko';

/**
 * The engine running this test file (test/run-browser.mjs runs each file in Chromium, Firefox and
 * WebKit). Only for skipping, with the reason beside it, what an engine or its automation cannot do.
 */
export const engine: 'chromium' | 'firefox' | 'webkit' = navigator.userAgent.includes('Firefox/')
  ? 'firefox'
  : /Chrom(e|ium)\//.test(navigator.userAgent)
    ? 'chromium'
    : 'webkit';

/**
 * Sizes the page's viewport in every engine (wtr's own setViewport is Chromium-only; see
 * test/engines/engine-commands.mjs). WebKit refuses a width under its window's minimum, ~447 px.
 */
export async function setViewport(viewport: { width: number; height: number }): Promise<void> {
  await executeServerCommand('impcard-set-viewport', viewport);
}

/**
 * Emulates the OS colour scheme (prefers-color-scheme) in Chromium and Firefox; WebKit's
 * automation cannot, and says so.
 */
export async function emulateMedia(media: {
  colorScheme: 'light' | 'dark' | 'no-preference';
}): Promise<void> {
  await executeServerCommand('impcard-emulate-media', media);
}

/**
 * A fresh form, rendered, with optional attributes. It has a token and an endpoint (a stub that
 * answers success) unless `attrs` sets them, even to '' (a merchant's mistake).
 */
export async function form(attrs: Record<string, string> = {}): Promise<ImpCardForm> {
  const el = await fixture<ImpCardForm>(html`<imp-card-form></imp-card-form>`);
  const all = { token: 'tok.en', endpoint: '/__stub/register?id=default', ...attrs };
  for (const [k, v] of Object.entries(all)) el.setAttribute(k, v);
  await el.updateComplete;
  return el;
}

export const field = (el: ImpCardForm, name: CardField): HTMLInputElement =>
  el.shadowRoot!.querySelector<HTMLInputElement>(`input[name=${name}]`)!;

export const part = (el: ImpCardForm, name: string): HTMLElement =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`)!;

export const focused = (el: ImpCardForm): string | undefined =>
  (el.shadowRoot!.activeElement as HTMLInputElement | null)?.name;

/** Focuses the input and types like a person: one key press per character. */
export async function type(el: ImpCardForm, name: CardField, text: string): Promise<void> {
  field(el, name).focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

/** Presses keys (e.g. 'Backspace') in the focused input. */
export async function press(el: ImpCardForm, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await sendKeys({ press: key });
  await el.updateComplete;
}

/** Puts the caret at `at` in a field (focused). */
export function caretAt(el: ImpCardForm, name: CardField, at: number): void {
  const input = field(el, name);
  input.focus();
  input.setSelectionRange(at, at);
}

/**
 * Pastes like the browser does: the text replaces the selection, then one `input` event with
 * `inputType: 'insertFromPaste'` (what Chrome fires for Ctrl+V).
 */
export async function paste(el: ImpCardForm, name: CardField, text: string): Promise<void> {
  const input = field(el, name);
  input.focus();
  input.setRangeText(text, input.selectionStart ?? 0, input.selectionEnd ?? 0, 'end');
  input.dispatchEvent(
    new InputEvent('input', {
      inputType: 'insertFromPaste',
      data: text,
      bubbles: true,
      composed: true,
    }),
  );
  await el.updateComplete;
}

/** A token-shaped string whose payload the widget reads for display (the signature is not checked). */
export function tokenFor(claims: Record<string, unknown>): string {
  const b64 = (o: unknown): string =>
    btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(o))))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ jti: 'j1', iat: now, exp: now + 600, customer_uid: 'cust-1', ...claims })}.sig`;
}

/** Types the valid card (server/testing/test-cards.ts) into the form. */
export async function fillValid(el: ImpCardForm): Promise<void> {
  const c = typedCard();
  for (const f of ['card_number', 'expiry', 'pwd_2digit', 'birth'] as const)
    await type(el, f, c[f]);
}

type Rgba = [number, number, number, number];

/** A computed colour (`rgb(…)`, `rgba(…)` or `color(srgb …)`) as 0-255 channels and alpha. */
function parseColor(c: string): Rgba {
  const n = (c.match(/-?[\d.]+(?:e-?\d+)?/g) ?? []).map(Number);
  const scale = c.startsWith('color(') ? 255 : 1;
  return [n[0]! * scale, n[1]! * scale, n[2]! * scale, n[3] ?? 1];
}

/** `top` painted over `under`, both as computed colour strings; returns `rgb(…)`. */
export function over(top: string, under: string): string {
  const t = parseColor(top);
  const u = parseColor(under);
  const [r, g, b] = [0, 1, 2].map((i) => t[i]! * t[3] + u[i]! * (1 - t[3]));
  return `rgb(${r}, ${g}, ${b})`;
}

/** WCAG 2 contrast ratio of two opaque computed colours. */
export function contrast(a: string, b: string): number {
  const lum = (c: string): number => {
    const [r, g, bl] = parseColor(c).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
