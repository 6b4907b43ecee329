import assert from 'node:assert/strict';
import type { Frame, Locator, Page } from 'playwright-core';
import { typedCard } from '../../server/testing/test-cards.ts';

/**
 * Types the valid card (server/testing/test-cards.ts), or it with another number, into a form one
 * key at a time, as a person does: the widget masks and moves the focus as it goes.
 */
export async function fillCard(
  form: { locator(selector: string): Locator },
  options: { cardNumber?: string; delay?: number } = {},
): Promise<void> {
  const card = typedCard();
  const delay = options.delay ?? 10;
  await form.locator('#card_number').pressSequentially(options.cardNumber ?? card.card_number, {
    delay,
  });
  for (const field of ['expiry', 'pwd_2digit', 'birth'] as const) {
    await form.locator(`#${field}`).pressSequentially(card[field], { delay });
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
