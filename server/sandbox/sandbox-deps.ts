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
  /** PortOne V2: the API secret, the webhook secrets to sign with, the default webhook target. */
  portone: {
    apiSecret: string;
    webhookSecrets: readonly string[];
    webhookUrl: string | undefined;
  };
  nowMs: () => number;
  nowSeconds: () => number;
}
