// Type-checked by test/packaging.test.ts against the installed tarball: every entry resolves to
// its .d.ts through the exports map, and the types say what the code does.
import { Hono } from 'hono';
import { ImpCardForm, defineImpCardForm, type ImpCardSuccessEvent } from 'impcard';
import { checkField } from 'impcard/contract';
import { ImpCardForm as ImpCardReact } from 'impcard/react';
import { createElement } from 'react';
import { nodeHandler, startNodeServer, type RunningServer } from 'impcard/node';
import { createRedisStore } from 'impcard/redis';
import { startSandbox, type RunningSandbox } from 'impcard/sandbox';
import { createIamportClient } from 'impcard/iamport';
import {
  createMemoryStore,
  createServer,
  signRegistrationToken,
  type ServerOptions,
  type Store,
} from 'impcard/server';

const store: Store = createMemoryStore();
const options: ServerOptions = { tokenSecret: 'x'.repeat(32), apiKey: 'y'.repeat(16), store };
const app = createServer(options);
// The merchant's own hono (another version than impcard's pin): one copy, so the types agree.
export const merchantApp = new Hono().route('/impcard', app);
export const handler: (
  req: import('node:http').IncomingMessage,
  res: import('node:http').ServerResponse,
) => Promise<void> = nodeHandler(app);
export const signed: Promise<{ token: string }> = signRegistrationToken('x'.repeat(32), {
  customer_uid: 'c1',
  mode: 'billing_key',
});
export const running: Promise<RunningServer> = startNodeServer({});
export const sandbox: Promise<RunningSandbox> = startSandbox();
export const redis: typeof createRedisStore = createRedisStore;
export const check: typeof checkField = checkField;
export const client = createIamportClient({ impKey: 'k', impSecret: 's' });

const form: ImpCardForm = document.createElement('imp-card-form');
form.token = 'token';
form.corporate = true;
form.addEventListener('imp-card-success', (event: ImpCardSuccessEvent) => event.detail.status);
defineImpCardForm();

// Options straight from the environment (string | undefined), as with exactOptionalPropertyTypes.
export const fromEnv: ServerOptions = {
  tokenSecret: 'x'.repeat(32),
  apiKey: 'y'.repeat(16),
  impApiUrl: process.env['IMP_API_URL'],
  pg: process.env['IMPCARD_PG'],
};

// @ts-expect-error tokenSecret is a string
export const wrong: ServerOptions = { tokenSecret: 1, apiKey: 'y'.repeat(16) };

export const reactForm: ReturnType<typeof createElement> = createElement(ImpCardReact, {
  server: 'https://pay.example/',
  theme: 'auto',
  onSuccess: (event: ImpCardSuccessEvent) => event.detail.billing_key?.customer_uid,
});
// @ts-expect-error `server` is required
export const noServer = createElement(ImpCardReact, { token: 't' });
