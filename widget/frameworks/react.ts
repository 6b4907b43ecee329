// `impcard/react`: types only. `import type {} from 'impcard/react'` (or list it in tsconfig
// `types`) lets React 19's JSX accept <imp-card-form> with its attributes, properties and events.
// React 19 sets props that the element defines as properties and adds `on<event-name>` props as
// listeners for that exact event name.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  ImpCardChangeEvent,
  ImpCardFailureEvent,
  ImpCardSubmitEvent,
  ImpCardSuccessEvent,
} from '../imp-card-form/imp-card-events.ts';
import type { ImpCardForm } from '../imp-card-form/imp-card-form.ts';
import type { ImpCardFormAttributes } from './imp-card-form-props.ts';

export interface ImpCardFormReactProps
  extends
    Omit<DetailedHTMLProps<HTMLAttributes<ImpCardForm>, ImpCardForm>, keyof ImpCardFormAttributes>,
    ImpCardFormAttributes {
  'onimp-card-change'?: (event: ImpCardChangeEvent) => void;
  'onimp-card-submit'?: (event: ImpCardSubmitEvent) => void;
  'onimp-card-success'?: (event: ImpCardSuccessEvent) => void;
  'onimp-card-failure'?: (event: ImpCardFailureEvent) => void;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'imp-card-form': ImpCardFormReactProps;
    }
  }
}
