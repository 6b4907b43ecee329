import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CARD_FIELDS, isFieldComplete, maxCardDigits, type CardField } from '../contract/index.ts';

/** What the controller reads of its element: the shadow root's focus and the card kind. */
export type FocusAdvanceHost = ReactiveControllerHost & HTMLElement & { corporate: boolean };

/**
 * How long typing must pause before a card number that could still grow (a valid 16-digit Visa or
 * UnionPay may have 19 digits), or the password's 2 digits, count as finished and focus moves on.
 */
const PAUSE_MS = 1000;

/**
 * Moves focus along the form's inputs (each with its field's name as id, in `CARD_FIELDS` order)
 * as the customer completes each one, and back with Backspace in an empty input.
 */
export class FocusAdvanceController implements ReactiveController {
  #host: FocusAdvanceHost;
  #pause: ReturnType<typeof setTimeout> | undefined;
  /** The last move that waited for a pause in typing (it moves only from where it was). */
  #next: (() => void) | undefined;

  constructor(host: FocusAdvanceHost) {
    (this.#host = host).addController(this);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** Forgets a move waiting for a pause in typing: the customer typed on, or went elsewhere. */
  cancel(): void {
    clearTimeout(this.#pause);
  }

  #input(field: CardField | undefined): HTMLInputElement | null | undefined {
    return field && this.#host.shadowRoot!.querySelector<HTMLInputElement>(`#${field}`);
  }

  /**
   * After an edit of the focused input `el` changed its field's `digits`: moves on when the edit
   * added to the end and completed the field. `grew` stands in for the input type that autofill
   * and password managers leave out.
   */
  edited(el: HTMLInputElement, digits: string, grew: boolean, inputType: string | undefined): void {
    const field = el.name as CardField;
    if (
      !(inputType === undefined ? grew : inputType.startsWith('insert')) ||
      el.selectionStart !== el.value.length ||
      !isFieldComplete(field, digits, { corporate: this.#host.corporate })
    )
      return;
    const next = (): void => {
      // Only from where it was: the customer may have clicked elsewhere during the pause.
      // document.activeElement is the host, not the input: only the shadow root knows.
      if (this.#host.shadowRoot!.activeElement === el && el.selectionStart === el.value.length)
        this.#input(CARD_FIELDS[CARD_FIELDS.indexOf(field) + 1])?.focus();
    };
    // Keys typed after focus moved would land in the next field: a number that may still grow
    // waits for a pause. So does the password: many customers type the whole 4-digit PIN out of
    // habit (the ATM's, the bank app's) without looking, and its 3rd and 4th digits would land in
    // the birth date, in clear text. While they keep typing, focus stays and the extra digits go
    // nowhere (the field is full), as a PIN pad ignores keys past its length; Stripe's and the
    // Korean PGs' forms move on only once a field cannot take another digit. A whole value
    // (paste, autofill) or the brand's longest length is done at once.
    if (
      /^insert(Text|Comp)/.test(inputType ?? '') &&
      (field === 'pwd_2digit' || (field === 'card_number' && digits.length < maxCardDigits(digits)))
    ) {
      this.#pause = setTimeout((this.#next = next), PAUSE_MS);
    } else next();
  }

  /**
   * A key typed into a full field changed nothing: a move waiting for a pause in typing waits
   * again, so that every digit of a 4-digit PIN stays out of the next field. (A move from another
   * field than the focused one does nothing when its time comes.)
   */
  typedOver(): void {
    if (this.#next) this.#pause = setTimeout(this.#next, PAUSE_MS);
  }

  /**
   * Focus moves on by itself, so Backspace in an empty field goes back to the previous one. Not on
   * auto-repeat: holding Backspace to clear a field must not go on to wipe the one before.
   */
  keydown = (e: KeyboardEvent): void => {
    const el = e.target as HTMLInputElement;
    const previous = CARD_FIELDS[CARD_FIELDS.indexOf(el.name as CardField) - 1];
    if (e.key !== 'Backspace' || e.repeat || !previous || el.value !== '') return;
    e.preventDefault();
    const to = this.#input(previous);
    to?.focus();
    to?.setSelectionRange(to.value.length, to.value.length);
  };
}
