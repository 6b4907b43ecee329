// Run by test/packaging.test.ts with plain `node` (no DOM): importing the widget the way a
// server-rendering framework does must not throw nor pretend a browser exists.
const widget = await import('impcard');
const contract = await import('impcard/contract');
console.log(
  JSON.stringify({
    exports: Object.keys(widget).sort(),
    contract: typeof contract.checkField,
    HTMLElement: typeof globalThis.HTMLElement,
    document: typeof globalThis.document,
  }),
);
