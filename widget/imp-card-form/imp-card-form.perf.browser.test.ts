/* eslint-disable @typescript-eslint/no-floating-promises -- @open-wc/testing types chai's Assertion as thenable; plain assertions are synchronous. */
// How fast the element is where a user would notice: the first render, and one keystroke
// (masking, validation, the change event, the re-render). Figures are printed for the README.
import { expect } from '@open-wc/testing';
import './define.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe('<imp-card-form> speed', () => {
  it('renders for the first time in well under a frame', async () => {
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const start = performance.now();
      const el = document.createElement('imp-card-form');
      document.body.appendChild(el);
      await el.updateComplete;
      times.push(performance.now() - start);
      el.remove();
    }
    console.log(`first render: median ${median(times).toFixed(2)} ms over 30 elements`);
    expect(median(times)).to.be.below(16);
  });

  it('handles a keystroke (mask, validate, event, re-render) in well under a frame', async () => {
    const el = document.createElement('imp-card-form');
    document.body.appendChild(el);
    await el.updateComplete;
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('#card_number')!;
    input.focus();
    const times: number[] = [];
    for (let round = 0; round < 25; round++) {
      input.value = '';
      input.dispatchEvent(
        new InputEvent('input', { inputType: 'deleteContentBackward', bubbles: true }),
      );
      await el.updateComplete;
      for (const d of '4242424242424242') {
        const start = performance.now();
        input.setRangeText(d, input.selectionStart!, input.selectionEnd!, 'end');
        input.dispatchEvent(
          new InputEvent('input', { inputType: 'insertText', data: d, bubbles: true }),
        );
        await el.updateComplete;
        times.push(performance.now() - start);
        input.focus();
      }
      expect(input.value).to.equal('4242 4242 4242 4242');
    }
    console.log(
      `keystroke: median ${median(times).toFixed(3)} ms, max ${Math.max(...times).toFixed(2)} ms over ${times.length}`,
    );
    expect(median(times)).to.be.below(4);
    el.remove();
  });
});
