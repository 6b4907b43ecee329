import type { SandboxState } from './sandbox-state.ts';
import type { TokenIssuer } from './token-issuer.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';

/** What the route factories share; built once per sandbox by createSandbox. */
export interface SandboxDeps {
  state: SandboxState;
  tokens: TokenIssuer;
  webhooks: WebhookDispatcher;
  impKey: string;
  impSecret: string;
  webhookUrl: string | undefined;
  missingCustomerStatus: 200 | 404;
  nowMs: () => number;
  nowSeconds: () => number;
}
