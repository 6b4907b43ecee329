import type { ImpCardForm as ImpCardFormElement } from '../imp-card-form/imp-card-form.ts';
import { langOf } from '../imp-card-form/lang-of.ts';
import { HOST_TEXTS } from '../isolated/host-texts.ts';

/** What a ref to `<ImpCardForm>` (`impcard/react`) holds: the element's methods and validity. */
export interface ImpCardFormHandle {
  /**
   * Validates and sends the card; resolves once the attempt is over. Rejects only in isolated mode,
   * with a `FrameDetachedError` (`code: 'FRAME_DETACHED'`, `isFrameDetachedError` in
   * `impcard/contract`), when the form's frame goes away (unmounted, reloaded) before that: the
   * attempt's outcome is then unknown.
   */
  submit(): Promise<void>;
  /** Clears every field, error and result. */
  reset(): void;
  /** Moves focus to the card number input. */
  focus(options?: FocusOptions): void;
  /**
   * The form's validity, as on a native control; isolated, the one the frame last reported. Until
   * `imp-card.js` has defined the element, `valueMissing`: no card can have been typed yet.
   */
  readonly validity: ValidityState;
  /**
   * Why the form would not pass (names the problem, never the value), or `''`; until the element
   * is defined, the isolated host's own "enter your card" in the form's language.
   */
  readonly validationMessage: string;
  /** Whether the form would pass a surrounding `<form>`'s check; fires `invalid` when not. */
  checkValidity(): boolean;
  /**
   * As `checkValidity()`, and shows each field's error and focuses the first field in error, as
   * `submit()` does before it sends (nothing is sent).
   */
  reportValidity(): boolean;
}

const TAG = 'imp-card-form';

/** The validity of an element `imp-card.js` has not defined yet: no card. */
const NOT_LOADED: ValidityState = Object.freeze({
  badInput: false,
  customError: false,
  patternMismatch: false,
  rangeOverflow: false,
  rangeUnderflow: false,
  stepMismatch: false,
  tooLong: false,
  tooShort: false,
  typeMismatch: false,
  valid: false,
  valueMissing: true,
});

/**
 * The ref's object for `element` (null before React has rendered it). The validity members are
 * read from the element at each call, so a ref kept across renders always says what it says now.
 */
export function impCardFormHandle(element: ImpCardFormElement | null): ImpCardFormHandle {
  /** The element, once defined: before that it is a bare HTMLElement without these members. */
  const defined = () => (element && customElements.get(TAG) ? element : null);
  return {
    async submit() {
      if (!element) return;
      await customElements.whenDefined(TAG);
      await element.submit();
    },
    reset() {
      if (element) void customElements.whenDefined(TAG).then(() => element.reset());
    },
    focus(options) {
      // Synchronous, as focus must be within a user's gesture; before the upgrade, nothing.
      defined()?.focus(options);
    },
    get validity() {
      return defined()?.validity ?? NOT_LOADED;
    },
    get validationMessage() {
      return (
        defined()?.validationMessage ??
        HOST_TEXTS[langOf(element ?? document.documentElement)].empty
      );
    },
    checkValidity() {
      return defined()?.checkValidity() ?? false;
    },
    reportValidity() {
      return defined()?.reportValidity() ?? false;
    },
  };
}
