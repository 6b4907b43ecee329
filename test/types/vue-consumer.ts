// A Vue 3 app using <imp-card-form>: GlobalComponents types what a template (vue-tsc) may pass.
import { loadImpCard } from 'impcard/vue';
import type { ImpCardAppearance, ImpCardForm } from 'impcard';
import type { GlobalComponents } from 'vue';

type Props = InstanceType<GlobalComponents['imp-card-form']>['$props'];

export const props: Props = {
  endpoint: '/v1/registrations',
  token: 'token',
  lang: 'ko',
  corporate: false,
  timeout: 30_000,
  theme: 'auto',
  isolation: 'none',
  'card-number-label': '카드 번호',
  messages: { submit: { billing_key: '카드 등록' } },
  appearance: { rules: { input: { 'border-radius': '4px' } } },
  onImpCardSuccess: (event) => event.detail.status,
  onImpCardFailure: (event) => event.detail.code,
};

export const loaded: Promise<void> = loadImpCard('https://pay.shop.example/');

// @ts-expect-error theme is light, dark or auto
export const wrongTheme: Props = { theme: 'blue' };
// @ts-expect-error isolation can only be switched off
export const wrongIsolation: Props = { isolation: 'frame' };
// @ts-expect-error corporate is a boolean
export const wrongCorporate: Props = { corporate: 'yes' };
// @ts-expect-error a failure listener gets an ImpCardFailureEvent, whose detail has no `status`
export const wrongListener: Props = { onImpCardFailure: (event) => event.detail.status };

// The DOM's own map knows the element too.
const element: ImpCardForm = document.createElement('imp-card-form');
element.token = 'token';
element.addEventListener('imp-card-success', (event) => event.detail.status);
// A template ref (`useTemplateRef<ImpCardForm>('form')`) is the element: a native control's validity API.
export const checked: [boolean, boolean, boolean, string] = [
  element.checkValidity(),
  element.reportValidity(),
  element.validity.valueMissing,
  element.validationMessage,
];

// The appearance object's own type, for a page that builds it apart from the element.
export const appearance: ImpCardAppearance = { rules: { 'input:focus': { outline: 'none' } } };
// @ts-expect-error appearance allows looks only, nothing that positions
export const wrongAppearance: ImpCardAppearance = { rules: { form: { position: 'fixed' } } };
