import assert from 'node:assert/strict';
import type { Frame, Locator, Page } from 'playwright-core';
import { typedCard } from '../../server/testing/test-cards.ts';
import { Scope } from './engine-page.ts';

/**
 * Types the valid card (server/testing/test-cards.ts), or it with another number, into a form one
 * key at a time, as a person does: the widget masks and moves the focus as it goes. `form` is a
 * card frame of any engine (engine-page.ts) or a Playwright scope (the framework tests).
 */
export async function fillCard(
  form: Scope | { locator(selector: string): Locator },
  options: { cardNumber?: string; delay?: number } = {},
): Promise<void> {
  const card = typedCard();
  const delay = options.delay ?? 10;
  const values = {
    card_number: options.cardNumber ?? card.card_number,
    expiry: card.expiry,
    pwd_2digit: card.pwd_2digit,
    birth: card.birth,
  };
  for (const [field, value] of Object.entries(values)) {
    if (form instanceof Scope) await form.fill(`#${field}`, value, delay);
    else await form.locator(`#${field}`).pressSequentially(value, { delay });
  }
}

/** The card form's frame inside the page's (first) `<imp-card-form>`, once its card input is there. */
export async function cardFrameOf(page: Page): Promise<Frame> {
  const handle = await page.locator('imp-card-form iframe').elementHandle();
  const frame = await handle?.contentFrame();
  assert.ok(frame, 'the host renders an iframe');
  await frame.locator('#card_number').waitFor();
  return frame;
}
