// `cem analyze` (run by `npm run build`) reads this: it writes dist/custom-elements.json from the
// component's JSDoc, so editors and Storybook-like tools know its attributes, events and parts.
export default {
  globs: ['widget/imp-card-form/*.ts'],
  exclude: ['widget/**/*.test.ts', 'widget/imp-card-form/test-helpers.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json's `customElements` is set by hand to dist/custom-elements.json: a run with another
  // --outdir (the bundle test's) must not rewrite it.
  packagejson: false,
  plugins: [
    {
      // The analyzer lists Lit's internal `state: true` properties as attributes and members, and events it
      // infers from `dispatchEvent(new X(detail))` calls with no name; the JSDoc @event tags
      // already describe every event.
      name: 'impcard-public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            if (decl.attributes) {
              decl.attributes = decl.attributes.filter(
                (a) => !['digits', 'errors', 'state'].includes(a.name),
              );
            }
            if (decl.events) decl.events = decl.events.filter((e) => e.name?.startsWith('imp-'));
            // Private members and Lit's internal state are not API (they are marked @internal).
            if (decl.members) {
              decl.members = decl.members.filter(
                (m) => m.privacy !== 'private' && !['digits', 'errors', 'state'].includes(m.name),
              );
            }
          }
        }
      },
    },
  ],
};
