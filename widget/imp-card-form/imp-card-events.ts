import type {
  CardBrand,
  CardField,
  ErrorCode,
  FieldErrorCode,
  RegistrationFailure,
  RegistrationSuccess,
  TokenMode,
} from '../contract/index.ts';

/** What `imp-card-change` reports about one field: never its value. */
export interface ImpCardFieldState {
  /** The field holds a full-length value. */
  complete: boolean;
  /** Nothing typed so far rules the value out ("could still be valid"). */
  valid: boolean;
  /** Why the value would be refused if submitted now, or null when it would pass. */
  error: FieldErrorCode | null;
}

export interface ImpCardChangeDetail {
  /** The field that changed. */
  field: CardField;
  brand: CardBrand;
  corporate: boolean;
  /** Every field passes: submitting now would send the request. */
  complete: boolean;
  fields: Record<CardField, ImpCardFieldState>;
}

export interface ImpCardSubmitDetail {
  brand: CardBrand;
  corporate: boolean;
  mode: TokenMode | null;
}

export interface ImpCardFailureDetail {
  code: ErrorCode;
  /** Localised, safe to show: never contains card data. */
  message: string;
  /** Codes per field when the server refused some fields. */
  fields?: NonNullable<RegistrationFailure['fields']>;
  /**
   * With `CARD_DECLINED` and `PG_ERROR`: the card company's or PG's own words as the server relayed
   * them (e.g. `한도초과`), untranslated. Shown after `message` in the form too.
   */
  reason?: string;
}

/** Base of the widget's events: they cross the shadow boundary so page code can listen on ancestors. */
class ImpCardEvent<T> extends Event {
  constructor(
    type: string,
    readonly detail: T,
    cancelable = false,
  ) {
    super(type, { bubbles: true, composed: true, cancelable });
  }
}

/** A field's value changed; detail has validity per field and the brand, never digits. */
export class ImpCardChangeEvent extends ImpCardEvent<ImpCardChangeDetail> {
  constructor(detail: ImpCardChangeDetail) {
    super('imp-card-change', detail);
  }
}

/** About to send; `preventDefault()` stops the request. */
export class ImpCardSubmitEvent extends ImpCardEvent<ImpCardSubmitDetail> {
  constructor(detail: ImpCardSubmitDetail) {
    super('imp-card-submit', detail, true);
  }
}

/** The server registered the card and/or took the payment; detail is its (masked) result. */
export class ImpCardSuccessEvent extends ImpCardEvent<RegistrationSuccess> {
  constructor(detail: RegistrationSuccess) {
    super('imp-card-success', detail);
  }
}

/** The attempt failed: refused by the server, or the server was not reached (`NETWORK_ERROR`). */
export class ImpCardFailureEvent extends ImpCardEvent<ImpCardFailureDetail> {
  constructor(detail: ImpCardFailureDetail) {
    super('imp-card-failure', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'imp-card-change': ImpCardChangeEvent;
    'imp-card-submit': ImpCardSubmitEvent;
    'imp-card-success': ImpCardSuccessEvent;
    'imp-card-failure': ImpCardFailureEvent;
  }
}
