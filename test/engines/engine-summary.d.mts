export declare function summaryLines(
  counts: Record<string, { passed: number; failed: number; skipped: number }>,
): string[];
export default function engineSummary(source: AsyncIterable<unknown>): AsyncGenerator<string>;
