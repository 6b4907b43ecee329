// A React 19 page using <imp-card-form>: attributes, properties, typed events and a typed ref.
import type {} from 'impcard/react';
import type { ImpCardForm, ImpCardSuccessEvent } from 'impcard';
import { useRef } from 'react';

export function Checkout({ token }: { token: string }) {
  const form = useRef<ImpCardForm>(null);
  return (
    <imp-card-form
      ref={form}
      endpoint="https://pay.example/v1/registrations"
      token={token}
      lang="en"
      corporate
      timeout={20_000}
      theme="dark"
      card-number-label="Card"
      messages={{ submit: {} }}
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
// @ts-expect-error theme is dark or light
export const wrongTheme = <imp-card-form theme="blue" />;
// @ts-expect-error a success listener gets an ImpCardSuccessEvent, whose detail has no `code`
export const wrongEvent = <imp-card-form onimp-card-success={(e) => e.detail.code} />;
// @ts-expect-error no such attribute
export const unknown = <imp-card-form endpont="/typo" />;
