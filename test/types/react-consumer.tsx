// React 19 pages: the <ImpCardForm> component with its typed props and ref, and a raw
// <imp-card-form> (JSX IntrinsicElements) with attributes, properties, typed events and a ref.
import { ImpCardForm, loadImpCard, type ImpCardFormHandle } from 'impcard/react';
import type { ImpCardForm as ImpCardFormElement, ImpCardSuccessEvent } from 'impcard';
import { useRef } from 'react';

export function ComponentCheckout({ token }: { token: string }) {
  const form = useRef<ImpCardFormHandle>(null);
  const loaded: Promise<void> = loadImpCard('/impcard/');
  void loaded;
  return (
    <>
      <ImpCardForm
        ref={form}
        server="https://pay.shop.example/impcard/"
        token={token}
        lang="en"
        corporate
        theme="auto"
        isolation="none"
        timeout={20_000}
        cardNumberLabel="Card"
        expiryLabel="Valid thru"
        birthLabel="Born"
        passwordLabel="PIN"
        messages={{ submit: { billing_key: 'Save card' } }}
        appearance={{ rules: { 'input:focus': { 'border-color': '#333' } }, fonts: ['/f.css'] }}
        onChange={(event) => event.detail.complete}
        onSubmit={(event) => event.preventDefault()}
        onSuccess={(event) => event.detail.billing_key?.customer_uid}
        onFailure={(event) => event.detail.code}
        className="checkout"
        style={{ maxWidth: 480 }}
        id="card"
      />
      <button onClick={() => void form.current?.submit().then(() => form.current?.reset())}>
        Pay
      </button>
      <button onClick={() => form.current?.focus({ preventScroll: true })}>Edit</button>
      <button
        onClick={() => {
          const handle = form.current;
          if (!handle || handle.reportValidity()) return;
          const missing: boolean = handle.validity.valueMissing;
          const why: string = handle.validationMessage;
          const valid: boolean = handle.checkValidity();
          return [missing, why, valid];
        }}
      >
        Check
      </button>
    </>
  );
}

export function readOnlyValidity(handle: ImpCardFormHandle, other: ValidityState) {
  // @ts-expect-error the ref's validity is read-only, as a native control's
  handle.validity = other;
}

// @ts-expect-error `server` is required: the component loads imp-card.js from it
export const noServer = <ImpCardForm token="t" />;
// @ts-expect-error theme is light, dark or auto
export const blueComponent = <ImpCardForm server="/" theme="blue" />;
// @ts-expect-error isolation can only be switched off
export const isolationOn = <ImpCardForm server="/" isolation="frame" />;
// @ts-expect-error onSuccess gets an ImpCardSuccessEvent, whose detail has no `code`
export const wrongHandler = <ImpCardForm server="/" onSuccess={(e) => e.detail.code} />;
// @ts-expect-error onChange is the form's own event, not a React ChangeEvent of an input
export const inputChange = <ImpCardForm server="/" onChange={(e) => e.target.value} />;
// @ts-expect-error a label is text
export const numberLabel = <ImpCardForm server="/" cardNumberLabel={1} />;
// @ts-expect-error messages follow the translation tree
export const unknownText = <ImpCardForm server="/" messages={{ nope: 'x' }} />;
export const positioned = (
  // @ts-expect-error appearance allows looks only, nothing that positions
  <ImpCardForm server="/" appearance={{ rules: { form: { position: 'fixed' } } }} />
);

export function RawCheckout({ token }: { token: string }) {
  const form = useRef<ImpCardFormElement>(null);
  return (
    <imp-card-form
      ref={form}
      endpoint="https://pay.example/v1/registrations"
      token={token}
      lang="en"
      corporate
      timeout={20_000}
      theme="auto"
      isolation="none"
      card-number-label="Card"
      messages={{ submit: {} }}
      appearance={{ rules: { submit: { 'background-color': '#111' } } }}
      onimp-card-success={(event) => {
        const status: 'success' = event.detail.status;
        return status;
      }}
      onimp-card-failure={(event) => event.detail.code}
      onimp-card-change={(event) => event.detail.complete}
      onimp-card-submit={(event) => event.preventDefault()}
    >
      <span slot="footer">Terms</span>
    </imp-card-form>
  );
}

export const handler = (event: ImpCardSuccessEvent) => event.detail;

// @ts-expect-error timeout is a number
export const wrongTimeout = <imp-card-form timeout="soon" />;
// @ts-expect-error theme is light, dark or auto
export const wrongTheme = <imp-card-form theme="blue" />;
// @ts-expect-error isolation is none or unset
export const wrongIsolation = <imp-card-form isolation="strict" />;
// @ts-expect-error a success listener gets an ImpCardSuccessEvent, whose detail has no `code`
export const wrongEvent = <imp-card-form onimp-card-success={(e) => e.detail.code} />;
// @ts-expect-error no such attribute
export const unknown = <imp-card-form endpont="/typo" />;
