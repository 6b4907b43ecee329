// The subscribe page: asks the shop's backend for a card token (it knows who is logged in), hands
// it to <imp-card-form>, and follows the form's events. No card data ever reaches this script: the
// card is typed in impcard's frame.
const form = document.getElementById('card');
const status = document.getElementById('status');

async function loadToken() {
  const response = await fetch('/subscribe/token', { method: 'POST' });
  if (!response.ok) throw new Error(`token: HTTP ${response.status}`);
  form.token = (await response.json()).token;
}

form.addEventListener('imp-card-success', (event) => {
  status.textContent = `${event.detail.billing_key.card_number} 카드가 등록되었습니다.`;
  setTimeout(() => location.assign('/account'), 1000);
});
form.addEventListener('imp-card-failure', (event) => {
  // The form shows the message itself; a used or expired token needs a fresh one.
  if (event.detail.code === 'TOKEN_EXPIRED' || event.detail.code === 'TOKEN_ALREADY_USED') {
    void loadToken();
  }
  if (event.detail.code === 'FRAME_BLOCKED') status.textContent = event.detail.message;
});

loadToken().catch((error) => {
  status.textContent = '잠시 후 다시 시도해 주세요.';
  console.error(error);
});
