import type { Locator } from 'playwright-core';
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
