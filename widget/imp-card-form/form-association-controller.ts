import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A form-associated element (`static formAssociated = true`) that renders with Lit. */
export type FormAssociationHost = ReactiveControllerHost & HTMLElement;

/**
 * Why the element would not pass a surrounding form's check, and the input the browser should
 * point at; `['']` when it would pass.
 */
export type FormProblem = [message: string, anchor?: HTMLElement | undefined];

/**
 * An element's part in a surrounding `<form>` through its `ElementInternals`: its validity, kept
 * after every render, and a surrounding `<fieldset disabled>`. The element keeps the callbacks
 * the browser calls on it (`formDisabledCallback`, `formResetCallback`) and hands them here.
 */
export class FormAssociationController implements ReactiveController {
  /** Disabled by a surrounding `<fieldset disabled>` or form, like a native control. */
  disabled = false;
  #host: FormAssociationHost;
  #internals: ElementInternals;
  #problem: () => FormProblem;

  constructor(host: FormAssociationHost, problem: () => FormProblem) {
    this.#internals = host.attachInternals();
    (this.#host = host).addController(this);
    this.#problem = problem;
  }

  /** The element's `ElementInternals`: its validity, as a surrounding form sees it. */
  get internals(): ElementInternals {
    return this.#internals;
  }

  /** The validation message a surrounding form reports, or '' when the element would pass. */
  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  setDisabled(disabled: boolean): void {
    this.disabled = disabled;
    this.#host.requestUpdate();
  }

  hostUpdated(): void {
    const [message, anchor] = this.#problem();
    this.#internals.setValidity({ customError: !!message }, message, anchor);
  }
}
