import type { ImpCardMessages } from '../imp-card-form/merge-messages.ts';

/**
 * What a page can set on `<imp-card-form>`, named as attributes (the names frameworks pass through
 * to a custom element). React 19 and Vue set a prop as a property when the element has one.
 */
export interface ImpCardFormAttributes {
  /** URL the card is POSTed to (the server's `/v1/registrations`). */
  endpoint?: string;
  /** The registration token from the merchant backend. */
  token?: string;
  /** `ko` (default) or `en`. */
  lang?: 'ko' | 'en' | (string & {});
  /** Corporate card: business number instead of birth date. */
  corporate?: boolean;
  /** Request timeout in milliseconds. */
  timeout?: number;
  /** Forces a colour scheme; unset follows `prefers-color-scheme`. */
  theme?: 'dark' | 'light';
  'card-number-label'?: string;
  'expiry-label'?: string;
  'birth-label'?: string;
  'password-label'?: string;
  /** Text overrides (a property, not an attribute). */
  messages?: ImpCardMessages;
}
