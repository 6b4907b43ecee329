import type { Lang } from '../i18n/index.ts';

/**
 * The language `el` speaks: its nearest `lang` across shadow roots (its own, then an ancestor's,
 * then the page's), else the browser's. A regional tag ('en-US', 'en-GB') is English too; anything
 * but English reads Korean. The form's texts and the isolated host's (the frame's `title`, its
 * messages before the frame answers) both follow this one rule.
 */
export function langOf(el: HTMLElement): Lang {
  const up = (n: Element): Element | undefined =>
    n.parentElement ?? (n.getRootNode() as Partial<ShadowRoot>).host;
  // The property, not the attribute: a form's render runs before Lit reflects a new `lang`.
  let lang = el.lang;
  for (let n = up(el); n && !lang; n = up(n)) lang = n.getAttribute('lang') ?? '';
  return /^en(?![a-z])/i.test(lang || navigator.language) ? 'en' : 'ko';
}
