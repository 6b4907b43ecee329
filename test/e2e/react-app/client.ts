// The client entry of the React e2e pages (bundled by esbuild): hydrates the server-rendered
// checkout, or renders it from nothing, with the props the page carries in `data-props`.
import { createElement } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { Checkout, type CheckoutProps } from './checkout.ts';

const root = document.getElementById('root')!;
const props = JSON.parse(root.dataset.props!) as CheckoutProps;
const errors: string[] = ((window as unknown as { reactErrors: string[] }).reactErrors = []);
const onRecoverableError = (error: unknown) => errors.push(String(error));

if (root.dataset.render === 'hydrate') {
  hydrateRoot(root, createElement(Checkout, props), { onRecoverableError });
} else {
  createRoot(root, { onRecoverableError }).render(createElement(Checkout, props));
}
