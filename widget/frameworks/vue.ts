// `impcard/vue`: `loadImpCard(server)`, and types: importing it registers <imp-card-form> in Vue's
// GlobalComponents, so vue-tsc/Volar check its attributes and `@imp-card-*` listeners. Vue itself
// must treat the tag as a custom element: `compilerOptions.isCustomElement: (tag) => tag ===
// 'imp-card-form'`.
import type { DefineComponent } from 'vue';
import type {
  ImpCardChangeEvent,
  ImpCardFailureEvent,
  ImpCardSubmitEvent,
  ImpCardSuccessEvent,
} from '../imp-card-form/imp-card-events.ts';
import type { ImpCardFormAttributes } from './imp-card-form-props.ts';

export { loadImpCard } from './load-imp-card.ts';

export interface ImpCardFormVueProps extends ImpCardFormAttributes {
  onImpCardChange?: (event: ImpCardChangeEvent) => void;
  onImpCardSubmit?: (event: ImpCardSubmitEvent) => void;
  onImpCardSuccess?: (event: ImpCardSuccessEvent) => void;
  onImpCardFailure?: (event: ImpCardFailureEvent) => void;
}

export type ImpCardFormVueComponent = DefineComponent<ImpCardFormVueProps>;

declare module 'vue' {
  interface GlobalComponents {
    'imp-card-form': ImpCardFormVueComponent;
    ImpCardForm: ImpCardFormVueComponent;
  }
}
