import { ImpCardForm } from './imp-card-form.ts';

/**
 * Registers `<imp-card-form>` unless the tag is taken, so a page that loads the script twice (two
 * bundles, a CMS block repeated) keeps the first definition instead of throwing. Where there is no
 * custom element registry (a server rendering without a DOM), it does nothing.
 */
export function defineImpCardForm(tag = 'imp-card-form', element = ImpCardForm): void {
  if (typeof customElements === 'undefined') return;
  if (!customElements.get(tag)) customElements.define(tag, element);
}

defineImpCardForm();

declare global {
  interface HTMLElementTagNameMap {
    'imp-card-form': ImpCardForm;
  }
}
