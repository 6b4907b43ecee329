import type { Context } from 'hono';
import type { IamportClient, IamportClock } from '../iamport/index.ts';
import type { PortOneClient } from '../portone/index.ts';
import type { Logger } from './logger.ts';
import type { RateLimitOptions } from './middleware/rate-limit.ts';
import type { Store } from './store/store.ts';
import type {
  BillingKeyChangedEvent,
  BillingKeyIssuedEvent,
  PaymentEvent,
  RegistrationIntent,
} from './payments/intents.ts';
import type { WidgetAssetLoader, WidgetFiles } from './widget/widget-files.ts';

export type { WidgetAssetLoader };

/**
 * An i'mport client with i'mport's clock when it measures one (`createIamportClient`'s does): a
 * lost billing-key issue is judged by it. Without one the clocks are taken to agree.
 */
export type ServerIamportClient = IamportClient & { readonly clock?: IamportClock | undefined };

export interface ServerOptions {
  /** The i'mport client; when absent, one is made from `impKey`/`impSecret`/`impApiUrl`. */
  iamport?: ServerIamportClient | undefined;
  /** i'mport REST API key (used only when `iamport` is absent). */
  impKey?: string | undefined;
  /** i'mport REST API secret (used only when `iamport` is absent). */
  impSecret?: string | undefined;
  /** @default 'https://api.iamport.kr' */
  impApiUrl?: string | undefined;
  /**
   * Also see payments made through i'mport *test* channels: since 2026-01-26 i'mport hides them
   * from `GET /payments/{imp_uid}` (webhook re-queries) unless asked. Turn on while testing with a
   * test channel (used only when `iamport` is absent).
   * @default false
   */
  impIncludeSandbox?: boolean | undefined;
  /**
   * A PortOne V2 client: selects V2 instead of i'mport V1 (with `portoneApiSecret`, one is made).
   * Refused together with `iamport` or `impKey`: a server talks to one version.
   */
  portone?: PortOneClient | undefined;
  /** PortOne V2 API secret: selects V2 (used only when `portone` is absent). */
  portoneApiSecret?: string | undefined;
  /** @default 'https://api.portone.io' */
  portoneApiUrl?: string | undefined;
  /** A PortOne sub-store id (`store-…`); absent: the secret's own store. */
  portoneStoreId?: string | undefined;
  /** The V2 channel key payments and billing keys go through (required with V2). */
  portoneChannelKey?: string | undefined;
  /**
   * The V2 webhook secret (Standard Webhooks, `whsec_…`) that `POST /v1/webhooks/portone` verifies
   * with; two while one is rotated in, separated by a comma and/or spaces. Unset: every V2 webhook
   * is refused (401).
   */
  portoneWebhookSecret?: string | undefined;
  /** HS256 secret for registration tokens; at least 32 characters. */
  tokenSecret: string;
  /** The merchant backend's key for the server-to-server routes; at least 16 characters. */
  apiKey: string;
  /**
   * A second bearer token that opens `GET /metrics` only (for a Prometheus scraper that must not
   * hold the API key); at least 16 characters. The API key opens it too.
   */
  metricsToken?: string | undefined;
  /** Origins allowed to call `POST /v1/registrations` from a browser. @default [] */
  allowedOrigins?: readonly string[] | undefined;
  /** Default `pg` when a token names none (e.g. 'nice', 'kcp.A52CY'). @default i'mport's default channel */
  pg?: string | undefined;
  /** @default createMemoryStore() */
  store?: Store | undefined;
  /** Clock in ms. @default Date.now */
  now?: (() => number) | undefined;
  /** Structured log sink; `false` for none. @default one JSON line per entry on stdout */
  logger?: Logger | false | undefined;
  /** Called after a billing key was issued (once per registration). */
  onBillingKeyIssued?: ((event: BillingKeyIssuedEvent) => void | Promise<void>) | undefined;
  /**
   * Called when the card i'mport holds for a customer is not the one this server saved last: a
   * lost key-storing call landed after `upstreamWindowMs` (read back a window after a registration
   * that followed a doubt). The customer is held (CUSTOMER_IN_DOUBT) for a window; ask them to
   * register again. Told the brand and last four digits only.
   */
  onBillingKeyChanged?: ((event: BillingKeyChangedEvent) => void | Promise<void>) | undefined;
  /**
   * Called once per verified payment state and once per refund (`source: "refund"`, per
   * cancellation: a partial refund keeps the payment "paid"), however many times it is seen.
   */
  onPayment?: ((event: PaymentEvent) => void | Promise<void>) | undefined;
  /**
   * Replaces registration tokens when the app is mounted behind the merchant's own session auth:
   * return the intent for this request, or null to answer 401 UNAUTHORIZED; or throw Hono's
   * `HTTPException`, whose status stays (403 is FORBIDDEN, 401 UNAUTHORIZED). Its `jti` must be the
   * same for every submit of one intent (replays, the once-only rule, attempt bound and lock are
   * keyed by it).
   */
  authorize?:
    ((c: Context) => RegistrationIntent | null | Promise<RegistrationIntent | null>) | undefined;
  /** `false` turns every limit off. @default DEFAULT_RATE_LIMITS */
  rateLimit?: RateLimitOptions | false | undefined;
  /** Proxies whose X-Forwarded-For is believed. @default [] */
  trustedProxies?: readonly string[] | undefined;
  /** The peer address off Node. @default the Node socket's remote address */
  remoteAddress?: ((c: Context) => string | undefined) | undefined;
  /** Declined attempts allowed per token. @default 5 */
  maxAttempts?: number | undefined;
  /**
   * How long after it was sent a call to i'mport may still take effect (the client's timeout plus
   * i'mport's own processing). A lock left by a dead instance expires after it, and a customer
   * whose billing-key call was lost is held (CUSTOMER_IN_DOUBT) for it. @default 60000
   */
  upstreamWindowMs?: number | undefined;
  /**
   * Client addresses allowed to post `POST /v1/webhooks/iamport` (as seen through
   * `trustedProxies`); others get 401. `IAMPORT_WEBHOOK_SENDERS` lists i'mport's. Off by default.
   */
  webhookSenders?: readonly string[] | undefined;
  /** Request body limit in bytes. @default 8192 */
  bodyLimitBytes?: number | undefined;
  /** Passed to i'mport as `notice_url` on payments (this server's /v1/webhooks/iamport, public). */
  noticeUrl?: string | undefined;
  /**
   * Serves the widget from elsewhere than this package's own build (a patched or self-hosted
   * build): returns the named file (`imp-card.js`, `imp-card-inline.js`, `imp-card-frame.js`,
   * `imp-card.mjs`) or null for a 404. @default the widget built into the installed package
   */
  widgetAsset?: WidgetAssetLoader | undefined;
  /** Mounts the sandbox demo page at `/`. @default false */
  demo?: DemoOptions | false | undefined;
}

export interface DemoOptions {
  /** Where the sandbox's test controls are, shown on the page. */
  sandboxUrl?: string;
}

/** The upstream a server talks to, as its options chose it. */
export type ResolvedUpstream =
  | { version: 'v1'; iamport: ServerIamportClient }
  | {
      version: 'v2';
      portone: PortOneClient;
      channelKey: string;
      webhookSecret: string | undefined;
    };

export interface ResolvedOptions {
  upstream: ResolvedUpstream;
  tokenSecret: string;
  apiKey: string;
  metricsToken: string | undefined;
  allowedOrigins: ReadonlySet<string>;
  pg: string | undefined;
  store: Store;
  now: () => number;
  logger: Logger;
  onBillingKeyIssued: ServerOptions['onBillingKeyIssued'];
  onBillingKeyChanged: ServerOptions['onBillingKeyChanged'];
  onPayment: ServerOptions['onPayment'];
  authorize: ServerOptions['authorize'];
  rateLimit: RateLimitOptions | false;
  trustedProxies: readonly string[];
  remoteAddress: ServerOptions['remoteAddress'];
  maxAttempts: number;
  upstreamWindowMs: number;
  webhookSenders: ReadonlySet<string> | undefined;
  bodyLimitBytes: number;
  noticeUrl: string | undefined;
  widgetFiles: WidgetFiles;
  demo: DemoOptions | false;
}
