// What `import Checkout from './Checkout.vue'` gives TypeScript; esbuild compiles the file itself
// (compile-vue.ts), as a Vue plugin does in a merchant's build.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<{ server: string; token: string }>;
  export default component;
}
