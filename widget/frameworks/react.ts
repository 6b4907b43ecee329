// `impcard/react`: the <ImpCardForm> component, and React 19's JSX types for a raw <imp-card-form>.
// A client component: the directive lets a Next.js server component render it (as HTML, then
// hydrated); it stays first in the compiled file.
'use client';
import {
  createElement,
  forwardRef,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type CSSProperties,
  type DetailedHTMLProps,
  type HTMLAttributes,
} from 'react';
import {
  ImpCardFailureEvent,
  type ImpCardChangeEvent,
  type ImpCardSubmitEvent,
  type ImpCardSuccessEvent,
} from '../imp-card-form/imp-card-events.ts';
import type { ImpCardForm as ImpCardFormElement } from '../imp-card-form/imp-card-form.ts';
import type { ImpCardFormAttributes } from './imp-card-form-props.ts';
import { langOf } from '../imp-card-form/lang-of.ts';
import { HOST_TEXTS } from '../isolated/host-texts.ts';
import { impCardFormHandle, type ImpCardFormHandle } from './imp-card-form-handle.ts';
import { impCardServer, loadImpCard } from './load-imp-card.ts';

export { loadImpCard, type ImpCardFormHandle };

/** Props of {@link ImpCardForm}. */
export interface ImpCardFormProps extends Pick<
  ImpCardFormAttributes,
  'token' | 'lang' | 'corporate' | 'theme' | 'isolation' | 'timeout' | 'messages' | 'appearance'
> {
  /**
   * The impcard server's URL, where it serves `imp-card.js`: `https://pay.shop.example/` or a path
   * on the page's origin (`/impcard/`). The form posts to its `v1/registrations`.
   */
  server: string;
  /** Label of the card number input. */
  cardNumberLabel?: string;
  /** Label of the expiry input. */
  expiryLabel?: string;
  /** Label of the birth date / business number input. */
  birthLabel?: string;
  /** Label of the password input. */
  passwordLabel?: string;
  /** A field changed: validity per field and the brand, never digits. */
  onChange?: (event: ImpCardChangeEvent) => void;
  /** About to send; `event.preventDefault()` stops the request. */
  onSubmit?: (event: ImpCardSubmitEvent) => void;
  /** The server's result, card numbers masked. */
  onSuccess?: (event: ImpCardSuccessEvent) => void;
  /** Refused, not reached (`NETWORK_ERROR`), misconfigured; `FRAME_BLOCKED` when `imp-card.js` cannot be loaded. */
  onFailure?: (event: ImpCardFailureEvent) => void;
  className?: string;
  style?: CSSProperties;
  id?: string;
}

const TAG = 'imp-card-form';

const EVENTS = {
  'imp-card-change': 'onChange',
  'imp-card-submit': 'onSubmit',
  'imp-card-success': 'onSuccess',
  'imp-card-failure': 'onFailure',
} as const;

type Handlers = Pick<ImpCardFormProps, (typeof EVENTS)[keyof typeof EVENTS]>;

/**
 * The card form for React 18 and 19, isolated by default: it loads `imp-card.js` from `server`
 * (once per page), so the card is typed in a frame of the server's origin that no page script can
 * read. Server rendering writes `<imp-card-form>` with its attributes; the listeners are attached
 * in an effect, so they work after hydration too.
 *
 * @example
 * ```tsx
 * import { ImpCardForm, type ImpCardFormHandle } from 'impcard/react';
 *
 * const form = useRef<ImpCardFormHandle>(null);
 * <ImpCardForm
 *   ref={form}
 *   server="https://pay.shop.example/"
 *   token={token}
 *   onSuccess={(e) => router.push(`/thanks/${e.detail.billing_key?.customer_uid}`)}
 *   onFailure={(e) => console.warn(e.detail.code)}
 * />;
 * ```
 */
export const ImpCardForm = forwardRef<ImpCardFormHandle, ImpCardFormProps>(
  function ImpCardForm(props, ref) {
    const [element, setElement] = useState<ImpCardFormElement | null>(null);
    const handlers = useRef<Handlers>(props);
    const server = impCardServer(props.server);

    // Listeners read the latest props through this ref, so a new handler needs no re-attaching.
    useEffect(() => {
      handlers.current = props;
    });

    useEffect(() => {
      if (!element) return;
      const listeners = Object.entries(EVENTS).map(([type, prop]) => {
        const listener = (event: Event) => handlers.current[prop]?.(event as never);
        element.addEventListener(type, listener);
        return () => element.removeEventListener(type, listener);
      });
      return () => listeners.forEach((remove) => remove());
    }, [element]);

    // The loader could not be fetched (a wrong `server`, the server down, the page's CSP): the
    // customer gets the same notice the isolated host shows for a frame it cannot use, the page
    // FRAME_BLOCKED, the developer the URL on the console.
    const [unavailable, setUnavailable] = useState<string | null>(null);
    useEffect(() => {
      if (!element) return;
      let live = true;
      setUnavailable(null);
      loadImpCard(server).catch((error: Error) => {
        if (!live) return;
        console.error(
          `${error.message}: is "server" the impcard server's URL (its mount path included)?`,
        );
        const message = HOST_TEXTS[langOf(element)].blocked;
        setUnavailable(message);
        element.dispatchEvent(new ImpCardFailureEvent({ code: 'FRAME_BLOCKED', message }));
      });
      return () => {
        live = false;
      };
    }, [element, server]);

    // Objects go in as properties once the element is upgraded: before that a property set on it
    // would be an own field hiding the class's setter, and an attribute would read [object Object].
    // Compared as JSON, so an inline object literal is not sent to the frame on every render.
    const messages = JSON.stringify(props.messages ?? {});
    const appearance = JSON.stringify(props.appearance ?? {});
    useEffect(() => {
      if (!element) return;
      let live = true;
      void customElements.whenDefined(TAG).then(() => {
        if (!live) return;
        Object.assign(element, {
          messages: JSON.parse(messages) as unknown,
          appearance: JSON.parse(appearance) as unknown,
        });
      });
      return () => {
        live = false;
      };
    }, [element, messages, appearance]);

    useImperativeHandle(ref, () => impCardFormHandle(element), [element]);

    return createElement(
      TAG,
      {
        // The host reads `isolation` once, when connected: another value needs a new element.
        key: props.isolation ?? 'isolated',
        ref: setElement,
        id: props.id,
        // `class`, which React 19 and 18 both write; React 18 would write `className` as is.
        class: props.className,
        style: props.style,
        // Isolated, the frame posts to its own origin; inline (isolation="none", or a page on the
        // server's origin) the form needs the URL, which is always this one on an impcard server.
        endpoint: `${server}v1/registrations`,
        token: props.token,
        lang: props.lang,
        // `true` or absent: React 18 would write `false` as the attribute `corporate="false"`.
        corporate: props.corporate || undefined,
        theme: props.theme,
        isolation: props.isolation,
        timeout: props.timeout,
        'card-number-label': props.cardNumberLabel,
        'expiry-label': props.expiryLabel,
        'birth-label': props.birthLabel,
        'password-label': props.passwordLabel,
      },
      // Light DOM of an element that never upgrades is what the page shows.
      unavailable === null ? null : createElement('p', { role: 'alert' }, unavailable),
    );
  },
);

/** `<imp-card-form>` in JSX, for pages that load `imp-card.js` themselves. */
export interface ImpCardFormReactProps
  extends
    Omit<
      DetailedHTMLProps<HTMLAttributes<ImpCardFormElement>, ImpCardFormElement>,
      keyof ImpCardFormAttributes
    >,
    ImpCardFormAttributes {
  'onimp-card-change'?: (event: ImpCardChangeEvent) => void;
  'onimp-card-submit'?: (event: ImpCardSubmitEvent) => void;
  'onimp-card-success'?: (event: ImpCardSuccessEvent) => void;
  'onimp-card-failure'?: (event: ImpCardFailureEvent) => void;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'imp-card-form': ImpCardFormReactProps;
    }
  }
}
