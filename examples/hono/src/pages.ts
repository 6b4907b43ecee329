// The shop's pages, as hono/html templates (escaped by default). No inline script or style: the
// subscribe page runs under a strict Content-Security-Policy.
import { html } from 'hono/html';
import type { Subscription } from './shop-db.ts';

const layout = (title: string, body: unknown, head: unknown = '') =>
  html`<!doctype html>
    <html lang="ko">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="stylesheet" href="/shop.css" />
        ${head}
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html>`;

export const loginPage = (error = '') =>
  layout(
    '로그인',
    html`<h1>로그인</h1>
      <form method="post" action="/login">
        <label for="user">아이디 (영문 소문자·숫자)</label>
        <input id="user" name="user" required pattern="[a-z0-9_]{1,20}" autocomplete="username" />
        <button>로그인</button>
        ${error ? html`<p role="alert">${error}</p>` : ''}
      </form>`,
  );

/** The card form, isolated: `imp-card.js` comes from impcard's origin and frames the real form. */
export const subscribePage = (
  user: string,
  plan: { name: string; amount: number },
  payOrigin: string,
) =>
  layout(
    '구독 신청',
    html`<h1>${plan.name}</h1>
      <p>${user}님, 카드를 등록하면 매월 ${plan.amount.toLocaleString('ko-KR')}원이 결제됩니다.</p>
      <imp-card-form id="card"></imp-card-form>
      <p id="status" role="status"></p>
      <p><a href="/account">내 구독</a></p>`,
    html`<script src="${payOrigin}/impcard/imp-card.js" defer></script>
      <script src="/subscribe.js" defer></script>`,
  );

export const accountPage = (subscription: Subscription | undefined) =>
  layout(
    '내 구독',
    html`<h1>내 구독</h1>
      <p id="card">
        ${
          subscription?.card_number
            ? `${subscription.card_name ?? '카드'} ${subscription.card_number}`
            : html`등록된 카드가 없습니다. <a href="/subscribe">카드 등록</a>`
        }
      </p>
      <ul id="payments">
        ${Object.entries(subscription?.payments ?? {}).map(
          ([merchantUid, p]) =>
            html`<li data-merchant-uid="${merchantUid}">
              ${merchantUid}: ${p.status} ${p.amount.toLocaleString('ko-KR')}원 (${p.source})
            </li>`,
        )}
      </ul>`,
  );
