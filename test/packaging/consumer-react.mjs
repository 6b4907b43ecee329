// Run by test/packaging.test.ts with plain `node`: a merchant's server renders impcard/react, as
// installed, with react-dom/server (what Next.js does with a client component on the server).
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { ImpCardForm, loadImpCard } from 'impcard/react';

console.log(
  JSON.stringify({
    html: renderToString(createElement(ImpCardForm, { server: '/impcard', token: 't' })),
    loader: typeof loadImpCard,
  }),
);
