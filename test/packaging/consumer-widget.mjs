// Run by test/packaging.test.ts with plain `node` (no DOM), as installed and again after a
// consumer's bundler (esbuild, standard class fields) bundled it: importing the widget the way a
// server-rendering framework does must not throw nor pretend a browser exists, and the element's
// reactive properties must stay Lit's accessors (an own class field would shadow them).
const widget = await import('impcard');
const contract = await import('impcard/contract');
const element = new widget.ImpCardForm();
element.endpoint = '/v1/registrations';
console.log(
  JSON.stringify({
    exports: Object.keys(widget).sort(),
    contract: typeof contract.checkField,
    HTMLElement: typeof globalThis.HTMLElement,
    document: typeof globalThis.document,
    ownFields: ['endpoint', 'token', 'corporate', 'timeout', 'messages'].filter((name) =>
      Object.hasOwn(element, name),
    ),
    updatePending: element.isUpdatePending,
  }),
);
