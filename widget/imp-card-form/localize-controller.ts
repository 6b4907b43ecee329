import { translations, type Lang, type Translation } from '../i18n/index.ts';
import { langOf } from './lang-of.ts';
import { mergeMessages, type ImpCardMessages } from './merge-messages.ts';

/** What the controller reads of its element: its `lang` and the merchant's `messages`. */
export type LocalizeHost = HTMLElement & { messages: ImpCardMessages };

/**
 * The texts an element shows: the language of its nearest `lang`, across shadow roots (its own,
 * then an ancestor's, then the page's), else the browser's; with the element's `messages` laid
 * over them. It needs no lifecycle hook: the language is looked up on every read, so an ancestor's
 * new `lang` shows from the element's next render on.
 */
export class LocalizeController {
  #host: LocalizeHost;
  #lang: Lang | undefined;
  #messages: ImpCardMessages | undefined;
  #t: Translation | undefined;

  constructor(host: LocalizeHost) {
    this.#host = host;
  }

  /**
   * The merged texts. Merging builds a new tree, which a render reads several times and each
   * keystroke renders: it is kept until the language or the `messages` object changes (a new
   * object, as Lit sees a change).
   */
  get t(): Translation {
    const host = this.#host;
    const key = langOf(host);
    if (key !== this.#lang || host.messages !== this.#messages) {
      this.#lang = key;
      this.#t = mergeMessages(translations[key], (this.#messages = host.messages));
    }
    return this.#t!;
  }
}
