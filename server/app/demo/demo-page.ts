/**
 * The sandbox demo page: static HTML, no inline script or style (strict CSP). The widget comes
 * from `widgetOrigin`, another origin than the page's, so the card is typed in its frame.
 */
export function demoPageHtml(sandboxUrl: string | undefined, widgetOrigin: string): string {
  const sandbox = sandboxUrl ? ` at <code>${sandboxUrl}</code>` : '';
  const section = (mode: string, title: string, text: string, charge: boolean) => `
    <section class="mode" data-mode="${mode}">
      <h2>${title}</h2>
      <p class="what">${text}</p>
      <imp-card-form endpoint="/v1/registrations" lang="en"></imp-card-form>
      <div class="actions">
        <button type="button" data-action="new-token">New token</button>
        ${charge ? '<button type="button" data-action="charge" disabled>Charge this billing key again (₩9,900)</button>' : ''}
      </div>
      <h3>Attempts</h3>
      <ol class="results" aria-live="polite"></ol>
    </section>`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>impcard demo — sandbox</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/demo.css">
  <script src="${widgetOrigin}/imp-card.js" defer></script>
  <script src="/demo.js" type="module"></script>
</head>
<body>
  <p class="banner" role="alert"><strong>SANDBOX MODE — no real money moves.</strong> Every call goes to the local i’mport sandbox${sandbox}.</p>
  <header>
    <h1>impcard demo</h1>
    <p>A merchant page: its backend mints a signed token per form (who pays and how much), the
      widget sends the card to this server, and the server talks to i’mport.
      <label>Language <select id="lang"><option value="en">English</option><option value="ko">한국어</option></select></label></p>
  </header>
  <main>
    ${section('billing_key', '1. Register a card (billing key)', 'Stores the card at i’mport under this visitor’s <code>customer_uid</code>; nothing is charged.', true)}
    ${section('payment', '2. Pay once (₩15,000)', 'A key-in payment; the card is not stored.', false)}
    ${section('billing_key_and_payment', '3. Subscribe: pay and store (₩9,900)', 'The first month is charged and the card stored in one i’mport call.', true)}
    <section class="wide">
      <h2>Test cards</h2>
      <table>
        <thead><tr><th>card number</th><th>what the sandbox does</th></tr></thead>
        <tbody>
          <tr><td><code>4242 4242 4242 4242</code> (any other Luhn-valid number)</td><td>approved</td></tr>
          <tr><td><code>4000 0000 0000 0002</code></td><td>declined by the card company (<code>CARD_DECLINED</code>); the token stays usable</td></tr>
          <tr><td><code>4000 0000 0000 0119</code></td><td>PG error (<code>PG_ERROR</code>)</td></tr>
          <tr><td><code>4000 0000 0000 0069</code></td><td>expired card, refused when a billing key is issued</td></tr>
        </tbody>
      </table>
      <p>Any future expiry, a real birth date (<code>YYMMDD</code>, e.g. 900101) and any two password digits.</p>
    </section>
    <section class="wide">
      <h2>Webhook log <small>(i’mport → <code>/v1/webhooks/iamport</code>, re-queried and amount-checked)</small></h2>
      <p class="what"><code>duplicate</code>: the registration or charge already told the merchant (<code>onPayment</code> runs once per payment).</p>
      <table id="webhooks">
        <thead><tr><th>time</th><th>event</th><th>merchant_uid</th><th>status</th><th>result</th></tr></thead>
        <tbody><tr><td colspan="5">No webhook yet.</td></tr></tbody>
      </table>
    </section>
  </main>
</body>
</html>`;
}
