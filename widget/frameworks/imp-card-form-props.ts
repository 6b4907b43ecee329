import type { ImpCardAppearance } from '../contract/frame-settings.ts';
import type { ImpCardMessages } from '../imp-card-form/merge-messages.ts';

/**
 * What a page can set on `<imp-card-form>`, named as attributes (the names frameworks pass through
 * to a custom element), plus the two object properties. The inline form and the isolated host
 * (`imp-card.js`) take the same set; docs/widget.md lists it, and `test/element-docs.test.ts`
 * fails when the two disagree.
 */
export interface ImpCardFormAttributes {
  /**
   * URL the card is POSTed to (the server's `/v1/registrations`). Isolated, the frame posts to its
   * own origin and this is ignored.
   */
  endpoint?: string;
  /** The registration token from the merchant backend. */
  token?: string;
  /** `ko` or `en`; unset, the nearest ancestor's `lang`, then the browser's. */
  lang?: 'ko' | 'en' | (string & {});
  /** Corporate card: business number instead of birth date. */
  corporate?: boolean;
  /** Request timeout in milliseconds. @default 30000 */
  timeout?: number;
  /** `dark` forces the dark scheme, `auto` follows `prefers-color-scheme`. @default 'light' */
  theme?: 'light' | 'dark' | 'auto';
  /**
   * `none` renders the form inline, in the page, instead of in a frame of the impcard origin
   * (`imp-card.js` only; read when the element is connected).
   */
  isolation?: 'none';
  'card-number-label'?: string;
  'expiry-label'?: string;
  'birth-label'?: string;
  'password-label'?: string;
  /** Text overrides (a property, not an attribute). @default {} */
  messages?: ImpCardMessages;
  /** Styles per part, across the frame: docs/isolation.md (a property, not an attribute). @default {} */
  appearance?: ImpCardAppearance;
}
