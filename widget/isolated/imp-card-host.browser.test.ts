/* eslint-disable @typescript-eslint/no-floating-promises -- @open-wc/testing types chai's Assertion as thenable (for its async a11y/snapshot checks); plain assertions are synchronous. */
// The isolated host's notice for a frame it cannot use, against the widget stub's stand-in frames
// (test/widget-stub.mjs): what it says and in which language, whom it believes, and how it recovers;
// and its method calls when the frame goes away before answering. The real server's refusal and
// the real causes are in test/e2e/isolation-fallback.test.ts, a real frame going away in
// test/e2e/isolation-detached.test.ts. In Firefox, puppeteer runs every site in one content process
// (fission.webContentIsolationStrategy=0): these tests check what the page and the frame see
// (origins, messages), the same in every engine, not that the frame has a process of its own.
import { expect, waitUntil } from '@open-wc/testing';
import { FrameDetachedError, isFrameDetachedError } from '../contract/frame-detached-error.ts';
import { HOST_TEXTS } from './host-texts.ts';
import { defineHost } from './imp-card-host.ts';

type Host = HTMLElement & {
  messages: object;
  validationMessage: string;
  submit(): Promise<void>;
  reset(): void;
};
interface Blocked {
  code: string;
  message: string;
}

/** The tag of a host whose frame is the stub's stand-in `kind`. */
type Kind = 'refuse' | 'late' | 'elsewhere' | 'hold';

function hostOf(kind: Kind): string {
  const tag = `test-host-${kind}`;
  if (!customElements.get(tag)) {
    customElements.define(tag, defineHost(new URL(`/__stub/frame/${kind}/`, location.href)));
  }
  return tag;
}

const mounted: Element[] = [];
/** What the host told the developer (console.error), kept out of the test run's log. */
let told: string[] = [];
const consoleError = console.error;
beforeEach(() => {
  told = [];
  console.error = (...args: unknown[]) => told.push(args.join(' '));
});
afterEach(() => {
  console.error = consoleError;
  mounted.splice(0).forEach((el) => el.remove());
});

/** Puts a host in `parent` (the body by default) and records its imp-card-failure details. */
function mount(
  kind: Kind,
  setUp: (el: Host) => void = () => {},
  parent: Element | ShadowRoot = document.body,
): { el: Host; failures: Blocked[] } {
  const el = document.createElement(hostOf(kind)) as Host;
  const failures: Blocked[] = [];
  el.addEventListener('imp-card-failure', (e) => failures.push((e as CustomEvent<Blocked>).detail));
  setUp(el);
  parent.append(el);
  mounted.push(parent instanceof ShadowRoot ? parent.host : el);
  return { el, failures };
}

const noticeOf = (el: Host) => el.shadowRoot!.querySelector<HTMLElement>('[part~="unavailable"]');

describe('isolated host: a frame it cannot use', () => {
  it('shows a notice in its place, in Korean by default, and fires FRAME_BLOCKED', async () => {
    const wrapper = document.createElement('div');
    wrapper.lang = 'ko';
    document.body.append(wrapper);
    mounted.push(wrapper);
    const { el, failures } = mount('refuse', () => {}, wrapper);
    await waitUntil(() => failures.length > 0, 'FRAME_BLOCKED', { timeout: 5000 });
    expect(failures).to.deep.equal([{ code: 'FRAME_BLOCKED', message: HOST_TEXTS.ko.blocked }]);
    const notice = noticeOf(el)!;
    expect(notice.textContent).to.equal(HOST_TEXTS.ko.blocked);
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(notice.getBoundingClientRect().height).to.be.greaterThan(40);
    expect(el.shadowRoot!.querySelector('iframe')!.hidden).to.equal(true);
    expect(el.validationMessage).to.equal(HOST_TEXTS.ko.blocked);
    expect(told).to.have.length(1);
    expect(told[0]).to.match(
      /refused this page: add http:\/\/localhost:\d+ to the server's allowedOrigins \(IMPCARD_ALLOWED_ORIGINS\)/,
    );
  });

  it('speaks the nearest lang: its own, an ancestor’s, the page’s from a shadow root, then the browser’s', async () => {
    const html = document.documentElement;
    const pageLang = html.getAttribute('lang');
    const say = async (el: Host) => {
      await waitUntil(() => noticeOf(el), 'the notice', { timeout: 5000 });
      return noticeOf(el)!.textContent;
    };
    try {
      html.setAttribute('lang', 'ko');
      expect(await say(mount('refuse', (el) => el.setAttribute('lang', 'en-GB')).el)).to.equal(
        HOST_TEXTS.en.blocked,
      );
      const en = document.createElement('section');
      en.lang = 'en';
      document.body.append(en);
      mounted.push(en);
      expect(await say(mount('refuse', () => {}, en).el)).to.equal(HOST_TEXTS.en.blocked);
      // In a shadow root `closest` stops at its boundary: the page's lang decides.
      html.setAttribute('lang', 'en');
      const shell = document.createElement('div');
      document.body.append(shell);
      expect(
        await say(mount('refuse', () => {}, shell.attachShadow({ mode: 'open' })).el),
      ).to.equal(HOST_TEXTS.en.blocked);
      html.removeAttribute('lang');
      const browser = /^en(?![a-z])/i.test(navigator.language) ? 'en' : 'ko';
      expect(await say(mount('refuse').el)).to.equal(HOST_TEXTS[browser].blocked);
    } finally {
      if (pageLang === null) html.removeAttribute('lang');
      else html.setAttribute('lang', pageLang);
    }
  });

  it('says messages.errors.FRAME_BLOCKED when the page set it', async () => {
    const text = '결제창을 열 수 없어요. 고객센터(1588-0000)로 연락해 주세요.';
    const { el, failures } = mount('refuse', (host) => {
      host.messages = { errors: { FRAME_BLOCKED: text } };
    });
    await waitUntil(() => failures.length > 0, 'FRAME_BLOCKED', { timeout: 5000 });
    expect(failures[0]!.message).to.equal(text);
    expect(noticeOf(el)!.textContent).to.equal(text);
  });

  it('tries again when put back on the page', async () => {
    const { el, failures } = mount('refuse');
    await waitUntil(() => failures.length === 1, 'the first refusal', { timeout: 5000 });
    el.remove();
    expect(noticeOf(el)).to.equal(null);
    expect(el.shadowRoot!.querySelector('iframe')).to.equal(null);
    document.body.append(el);
    await waitUntil(() => failures.length === 2, 'the second refusal', { timeout: 5000 });
    expect(noticeOf(el)).to.not.equal(null);
  });

  it('does not believe its frame once that shows a page of another origin', async () => {
    const other = `http://127.0.0.1:${location.port}`;
    let heard = false;
    const listen = (e: MessageEvent) => {
      if (e.origin === other && (e.data as { type?: string }).type === 'impcard:refused')
        heard = true;
    };
    addEventListener('message', listen);
    try {
      const { el, failures } = mount('elsewhere');
      await waitUntil(() => heard, 'the other origin said refused', { timeout: 5000 });
      await new Promise((r) => setTimeout(r, 300));
      expect(failures).to.deep.equal([]);
      expect(noticeOf(el)).to.equal(null);
    } finally {
      removeEventListener('message', listen);
    }
  });

  it('gives up on a loaded frame that stays silent, and shows it when it answers after all', async () => {
    const { el, failures } = mount('late');
    await waitUntil(() => noticeOf(el), 'the notice, 3 s after the frame loaded', {
      timeout: 6000,
    });
    expect(failures.map((f) => f.code)).to.deep.equal(['FRAME_BLOCKED']);
    expect(told[0]).to.match(/^impcard: no answer from /);
    const frame = el.shadowRoot!.querySelector('iframe')!;
    await waitUntil(() => !noticeOf(el), 'the form instead of the notice', { timeout: 6000 });
    expect(frame.hidden).to.equal(false);
    await waitUntil(() => frame.style.height === '123px', 'sized by the frame');
    expect(failures).to.have.length(1);
  });
});

/** How `promise` has settled so far: 'pending', 'resolved', or the error it rejected with. */
function watch(promise: Promise<unknown>): () => unknown {
  let state: unknown = 'pending';
  promise.then(
    () => (state = 'resolved'),
    (error: unknown) => (state = error),
  );
  return () => state;
}

describe('isolated host: calls its frame can no longer answer', () => {
  const frameOf = (el: Host) => el.shadowRoot!.querySelector('iframe')!;
  /** A host whose stand-in frame connected (it sized the frame) and never answers a call. */
  async function connected(): Promise<{ el: Host; failures: Blocked[]; height: () => number }> {
    const { el, failures } = mount('hold');
    const height = () => parseInt(frameOf(el).style.height, 10) || 0;
    await waitUntil(() => height() > 100, 'the stand-in frame connected', { timeout: 5000 });
    return { el, failures, height };
  }
  let unhandled: unknown[] = [];
  const onUnhandled = (e: PromiseRejectionEvent) => unhandled.push(e.reason);
  beforeEach(() => {
    unhandled = [];
    addEventListener('unhandledrejection', onUnhandled);
  });
  afterEach(() => removeEventListener('unhandledrejection', onUnhandled));

  it('rejects a pending submit() with FRAME_DETACHED when the element is removed', async () => {
    const { el } = await connected();
    const submitted = watch(el.submit());
    el.reset();
    el.focus();
    await new Promise((r) => setTimeout(r, 200));
    expect(submitted()).to.equal('pending');
    el.remove();
    await waitUntil(() => submitted() !== 'pending', 'submit() settled');
    const error = submitted() as FrameDetachedError;
    expect(error).to.be.instanceOf(FrameDetachedError);
    expect(error.code).to.equal('FRAME_DETACHED');
    expect(error.name).to.equal('FrameDetachedError');
    expect(isFrameDetachedError(error)).to.equal(true);
    // reset() and focus() were pending too: they settle without an unhandled rejection.
    await new Promise((r) => setTimeout(r, 50));
    expect(unhandled).to.deep.equal([]);
  });

  it('rejects a pending submit() when the frame reloads, and talks to the new document', async () => {
    const { el, failures, height } = await connected();
    const before = height();
    const submitted = watch(el.submit());
    frameOf(el).contentWindow!.location.reload();
    await waitUntil(() => submitted() !== 'pending', 'submit() settled', { timeout: 5000 });
    expect(isFrameDetachedError(submitted())).to.equal(true);
    // The new document connected on a new channel (it reports its own load count).
    await waitUntil(() => height() === before + 1, 'the reloaded frame connected', {
      timeout: 5000,
    });
    const again = watch(el.submit());
    await new Promise((r) => setTimeout(r, 200));
    expect(again()).to.equal('pending');
    expect(failures).to.deep.equal([]);
    el.remove();
    await waitUntil(() => again() !== 'pending', 'the second submit() settled');
    expect(isFrameDetachedError(again())).to.equal(true);
  });

  it('rejects a pending submit() when the frame navigates to a page that is not the form, then shows the notice', async () => {
    const { el, failures } = await connected();
    const submitted = watch(el.submit());
    frameOf(el).contentWindow!.location.href = '/__stub/frame/other/frame';
    await waitUntil(() => submitted() !== 'pending', 'submit() settled', { timeout: 5000 });
    expect(isFrameDetachedError(submitted())).to.equal(true);
    // Nothing answers in the frame any more: after the wait for a loaded frame, the notice.
    await waitUntil(() => failures.length > 0, 'FRAME_BLOCKED', { timeout: 6000 });
    expect(failures.map((f) => f.code)).to.deep.equal(['FRAME_BLOCKED']);
    expect(noticeOf(el)).to.not.equal(null);
  });
});

describe('isolated host: its own texts in the form’s language', () => {
  it('titles the frame and states its early validity in the language the form resolves', () => {
    const html = document.documentElement;
    const pageLang = html.getAttribute('lang');
    const texts = (el: Host) => [
      el.shadowRoot!.querySelector('iframe')!.title,
      el.validationMessage,
    ];
    try {
      // An English page, no lang on the element.
      html.setAttribute('lang', 'en');
      expect(texts(mount('hold').el)).to.deep.equal([HOST_TEXTS.en.title, HOST_TEXTS.en.empty]);
      // A Korean page whose app renders the element in its own shadow root, under lang="en":
      // the inline form reads through shadow roots, and so must the host.
      html.setAttribute('lang', 'ko');
      const app = document.createElement('div');
      app.lang = 'en-US';
      document.body.append(app);
      mounted.push(app);
      const inApp = mount('hold', () => {}, app.attachShadow({ mode: 'open' })).el;
      expect(texts(inApp)).to.deep.equal([HOST_TEXTS.en.title, HOST_TEXTS.en.empty]);
      // An empty lang on the element says nothing: the page's decides, as for the form.
      expect(texts(mount('hold', (el) => el.setAttribute('lang', '')).el)).to.deep.equal([
        HOST_TEXTS.ko.title,
        HOST_TEXTS.ko.empty,
      ]);
    } finally {
      if (pageLang === null) html.removeAttribute('lang');
      else html.setAttribute('lang', pageLang);
    }
  });
});
