// The merchant's React checkout of the React e2e test: an <ImpCardForm> with every handler, a ref
// driven from the page's own buttons, and a switch whose state a new onSubmit closure reads.
import { createElement, useRef, useState } from 'react';
import { ImpCardForm, type ImpCardFormHandle } from '../../../widget/frameworks/react.ts';

export interface CheckoutProps {
  server: string;
  tokens: string[];
}

/** What the handlers saw, for the test to read: type and detail, in order. */
export type Recorded = Array<{ type: string; form: number; detail: unknown }>;

function record(type: string, form: number, detail: unknown): void {
  const w = window as unknown as { recorded?: Recorded };
  (w.recorded ??= []).push({ type, form, detail });
}

export function Checkout({ server, tokens }: CheckoutProps) {
  const form = useRef<ImpCardFormHandle>(null);
  const [cancel, setCancel] = useState(false);
  const [result, setResult] = useState('');
  return createElement(
    'main',
    null,
    tokens.map((token, i) =>
      createElement(ImpCardForm, {
        key: token,
        ref: i === 0 ? form : undefined,
        server,
        token,
        lang: 'en',
        className: 'card-form',
        id: `form-${i}`,
        // A label per form, without a digit: the frame ignores submit texts that could restate a
        // price (docs/isolation.md).
        messages: { submit: { billing_key: `Save card ${'AB'[i] ?? 'C'}` } },
        onChange: (e) => record('change', i, e.detail),
        onSubmit: (e) => {
          record('submit', i, { ...e.detail, cancelled: cancel });
          if (cancel) e.preventDefault();
        },
        onSuccess: (e) => {
          record('success', i, e.detail);
          setResult(`success ${e.detail.billing_key?.customer_uid ?? ''}`);
        },
        onFailure: (e) => {
          record('failure', i, e.detail);
          setResult(`failure ${e.detail.code}`);
        },
      }),
    ),
    createElement(
      'label',
      null,
      createElement('input', {
        id: 'cancel',
        type: 'checkbox',
        checked: cancel,
        onChange: () => setCancel(!cancel),
      }),
      'Cancel submits',
    ),
    createElement(
      'button',
      { id: 'focus', type: 'button', onClick: () => form.current?.focus() },
      'Focus',
    ),
    createElement(
      'button',
      { id: 'reset', type: 'button', onClick: () => form.current?.reset() },
      'Clear',
    ),
    createElement(
      'button',
      { id: 'submit', type: 'button', onClick: () => void form.current?.submit() },
      'Pay',
    ),
    createElement('output', { id: 'result' }, result),
  );
}
