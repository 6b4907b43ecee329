// The client entry of the Vue e2e pages (bundled by esbuild): hydrates the server-rendered
// checkout (createSSRApp), or renders it from nothing (createApp), with the page's props.
import { createApp, createSSRApp } from 'vue';
import Checkout from './Checkout.vue';

const root = document.getElementById('root')!;
const props = JSON.parse(root.dataset.props!) as { server: string; token: string };
(root.dataset.render === 'hydrate' ? createSSRApp : createApp)(Checkout, props).mount(root);
