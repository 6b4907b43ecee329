// The shop's pages. No inline script or style anywhere: the subscribe page runs under a strict
// Content-Security-Policy that allows scripts and frames only from this origin and impcard's.

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const layout = (title, body, head = '') => `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<link rel="stylesheet" href="/shop.css">
${head}
</head>
<body><main>${body}</main></body>
</html>`;

export function loginPage(error = '') {
  return layout(
    '로그인',
    `<h1>로그인</h1>
<form method="post" action="/login">
  <label for="user">아이디 (영문 소문자·숫자)</label>
  <input id="user" name="user" required pattern="[a-z0-9_]{1,20}" autocomplete="username">
  <button>로그인</button>
  ${error ? `<p role="alert">${escape(error)}</p>` : ''}
</form>`,
  );
}

/** The card form, isolated: `imp-card.js` comes from impcard's origin and frames the real form. */
export function subscribePage({ user, plan, payOrigin }) {
  return layout(
    '구독 신청',
    `<h1>${escape(plan.name)}</h1>
<p>${escape(user)}님, 카드를 등록하면 매월 ${plan.amount.toLocaleString('ko-KR')}원이 결제됩니다.</p>
<imp-card-form id="card"></imp-card-form>
<p id="status" role="status"></p>
<p><a href="/account">내 구독</a></p>`,
    `<script src="${payOrigin}/impcard/imp-card.js" defer></script>
<script src="/subscribe.js" defer></script>`,
  );
}

export function accountPage({ subscription }) {
  const payments = Object.entries(subscription?.payments ?? {})
    .map(
      ([merchantUid, p]) =>
        `<li data-merchant-uid="${escape(merchantUid)}">${escape(merchantUid)}: ${escape(p.status)} ${p.amount.toLocaleString('ko-KR')}원 (${escape(p.source)})</li>`,
    )
    .join('');
  return layout(
    '내 구독',
    `<h1>내 구독</h1>
<p id="card">${
      subscription?.card_number
        ? `${escape(subscription.card_name ?? '카드')} ${escape(subscription.card_number)}`
        : '등록된 카드가 없습니다. <a href="/subscribe">카드 등록</a>'
    }</p>
<ul id="payments">${payments}</ul>`,
  );
}
