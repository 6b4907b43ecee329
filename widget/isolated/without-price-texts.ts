import type { ImpCardMessagesTree } from '../contract/frame-settings.ts';

/**
 * The texts near the button and the order summary, where a figure reads as what the customer
 * pays: `amount` (the token's amount goes in its `{amount}`), the button's and the success texts.
 */
const PRICE_TEXTS = ['amount', 'submit', 'success', 'processing'];

/**
 * The page's text overrides without any that could state a price the token does not: in the frame
 * the amount and the order name come from the token the server signed, never from the page
 * (docs/isolation.md). `amount` must keep its `{amount}` and add no digit; the other price texts
 * may hold no digit. Returns the kept texts and the dropped keys, for the frame's console.
 */
export function withoutPriceTexts(messages: ImpCardMessagesTree): {
  messages: ImpCardMessagesTree;
  dropped: string[];
} {
  const kept: ImpCardMessagesTree = { ...messages };
  const dropped: string[] = [];
  const bad = (key: string, text: string): boolean =>
    key === 'amount'
      ? !text.includes('{amount}') || /\d/.test(text.replaceAll('{amount}', ''))
      : /\d/.test(text);
  for (const key of PRICE_TEXTS) {
    const value = kept[key];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      if (bad(key, value)) {
        delete kept[key];
        dropped.push(key);
      }
      continue;
    }
    const inner: ImpCardMessagesTree = {};
    for (const [name, text] of Object.entries(value)) {
      if (typeof text === 'string' && !bad(key, text)) inner[name] = text;
      else dropped.push(`${key}.${name}`);
    }
    kept[key] = inner;
  }
  return { messages: kept, dropped };
}
