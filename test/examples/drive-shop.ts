// A customer of the example shops, in a real browser: logs in, waits for the isolated card form,
// types a card into impcard's frame and submits it. Shared by the shops with the same pages
// (examples/express, examples/hono, examples/nextjs).
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { fillCard } from '../e2e/fill-card.ts';

export interface ShopVisit {
  page: Page;
  /** Console errors and CSP violations the page met. */
  problems: string[];
  close(): Promise<void>;
}

export async function openShop(browser: Browser): Promise<ShopVisit> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // "Failed to load resource" is told with its URL by the response listener.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  return { page, problems, close: () => context.close() };
}

/** Logs in as `user` and waits for the card inputs inside impcard's frame: the widget loaded. */
export async function reachCardForm(visit: ShopVisit, shop: string, user: string): Promise<void> {
  const { page } = visit;
  await page.goto(`${shop}/`);
  await page.locator('#user').fill(user);
  await page.locator('form button').click();
  await page.waitForURL(/\/subscribe$/);
  const frame = page.frameLocator('imp-card-form iframe');
  await frame.locator('#card_number').waitFor({ state: 'visible', timeout: 15_000 });
}

/**
 * Types the card in the frame and submits it; resolves with the page's own status text once the
 * shop shows the outcome. The page's scripts cannot read the frame: the frame is impcard's origin.
 */
export async function submitCard(visit: ShopVisit, cardNumber: string): Promise<string> {
  const { page } = visit;
  const frame = page.frameLocator('imp-card-form iframe');
  await fillCard(frame, { cardNumber });
  // The card inputs are out of the page's reach: the frame's document is another origin's.
  const reachable = await page.evaluate(() => {
    const iframe = document.querySelector('imp-card-form')?.shadowRoot?.querySelector('iframe');
    try {
      return iframe?.contentDocument !== null && iframe?.contentDocument !== undefined;
    } catch {
      return false;
    }
  });
  assert.equal(reachable, false, 'the page can read the card frame');
  await frame.locator('[part~="submit"]').click();
  const status = page.locator('#status');
  await status.filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
  return (await status.textContent()) ?? '';
}
