/**
 * The demo page's module script, served as `/demo.js` (its own file for a strict CSP). It plays
 * the merchant's frontend: asks the demo backend for a token per form and shows every result.
 */
export const demoScript = String.raw`
const userKey = 'impcard-demo-user';
let user = localStorage.getItem(userKey);
if (!user || !/^demo_[\w-]{4,40}$/.test(user)) {
  user = 'demo_' + crypto.randomUUID().slice(0, 12);
  localStorage.setItem(userKey, user);
}

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.json();
}

function addResult(section, ok, text) {
  const li = document.createElement('li');
  li.className = ok ? 'ok' : 'failed';
  li.textContent = new Date().toLocaleTimeString() + ' — ' + text;
  section.querySelector('.results').prepend(li);
}

function describe(detail) {
  if (detail.status === 'success') {
    const parts = [];
    if (detail.payment) parts.push('paid ₩' + detail.payment.amount.toLocaleString() + ' (' + detail.payment.imp_uid + ', ' + detail.payment.card_number + ')');
    if (detail.billing_key) parts.push('billing key ' + detail.billing_key.customer_uid + ' (' + (detail.billing_key.card_name || 'card') + ' ' + detail.billing_key.card_number + ')');
    return parts.join('; ');
  }
  return detail.code + ': ' + detail.message + (detail.reason ? ' (' + detail.reason + ')' : '');
}

async function newToken(section) {
  const form = section.querySelector('imp-card-form');
  const minted = await post('/demo/api/tokens', { mode: section.dataset.mode, user });
  if (minted.token) form.setAttribute('token', minted.token);
  else addResult(section, false, 'could not mint a token: ' + (minted.message || 'error'));
}

for (const section of document.querySelectorAll('section.mode')) {
  const form = section.querySelector('imp-card-form');
  form.addEventListener('imp-card-success', (e) => {
    addResult(section, true, describe(e.detail));
    const charge = section.querySelector('[data-action=charge]');
    if (charge && e.detail.billing_key) charge.disabled = false;
  });
  form.addEventListener('imp-card-failure', (e) => addResult(section, false, describe({ status: 'failed', ...e.detail })));
  section.querySelector('[data-action=new-token]').addEventListener('click', () => void newToken(section));
  const charge = section.querySelector('[data-action=charge]');
  if (charge) {
    charge.addEventListener('click', async () => {
      charge.disabled = true;
      const result = await post('/demo/api/charges', { user });
      addResult(section, result.status === 'success', 'charge again: ' + describe(result));
      charge.disabled = false;
    });
  }
  void newToken(section);
}

document.getElementById('lang').addEventListener('change', (e) => {
  for (const form of document.querySelectorAll('imp-card-form')) form.setAttribute('lang', e.target.value);
});

async function pollWebhooks() {
  try {
    const { events } = await (await fetch('/demo/api/events')).json();
    const body = document.querySelector('#webhooks tbody');
    if (events.length > 0) {
      body.replaceChildren(...events.map((ev) => {
        const tr = document.createElement('tr');
        for (const value of [new Date(ev.time).toLocaleTimeString(), ev.event, ev.merchant_uid || '', ev.status || '', ev.result || ev.reason || '']) {
          const td = document.createElement('td');
          td.textContent = value;
          tr.append(td);
        }
        return tr;
      }));
    }
  } catch {
    // The server restarted or the tab slept: the next poll tries again.
  }
  setTimeout(pollWebhooks, 2000);
}
void pollWebhooks();
`;
