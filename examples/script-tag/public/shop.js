// Gets a token from the shop's backend and follows the form's events. The card itself is typed
// in impcard's frame: no script of this page can read it.
const form = document.getElementById('card');
const status = document.getElementById('status');

fetch('/token', { method: 'POST' })
  .then((response) => response.json())
  .then(({ token }) => {
    form.token = token;
  });

form.addEventListener('imp-card-success', (event) => {
  status.textContent = `${event.detail.billing_key.card_number} 카드가 등록되었습니다.`;
});
form.addEventListener('imp-card-failure', (event) => {
  if (event.detail.code === 'FRAME_BLOCKED') status.textContent = event.detail.message;
});
