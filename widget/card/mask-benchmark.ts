import { maskInput } from './mask-input.ts';
import type { MaskKind } from './mask-kind.ts';

/** Timing of {@link benchmarkMaskInput}. */
export interface MaskBenchmark {
  keystrokes: number;
  totalMs: number;
  /** Mean time of one `maskInput` call, in microseconds (a 60 Hz frame is 16 667 µs). */
  perKeystrokeMicros: number;
}

const SCRIPTS: Array<[MaskKind, string]> = [
  ['card_number', '4242424242424242426'],
  ['card_number', '378282246310005'],
  ['expiry', '1229'],
  ['business_number', '2208162517'],
];

/**
 * Types numbers one key at a time through `maskInput`, the way the component calls it on every
 * `input` event, and reports the mean cost per keystroke.
 */
export function benchmarkMaskInput(rounds = 2000): MaskBenchmark {
  let keystrokes = 0;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const [kind, digits] of SCRIPTS) {
      let value = '';
      for (const key of digits) {
        const typed = value + key;
        value = maskInput(kind, {
          previous: value,
          value: typed,
          caret: typed.length,
          inputType: 'insertText',
        }).value;
        keystrokes++;
      }
    }
  }
  const totalMs = performance.now() - start;
  return { keystrokes, totalMs, perKeystrokeMicros: (totalMs * 1000) / keystrokes };
}
