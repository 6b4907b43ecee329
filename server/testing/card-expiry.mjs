// Card expiries for the tests, in plain JavaScript: the .mjs suites that run under plain `node`
// (test/runtimes/*-suite.mjs) share them with test-cards.ts, and through it with the widget's
// browser tests and the end-to-end tests.

/**
 * `YYYY-MM`: month `month` of the year `years` after the current one in Korea, where i'mport and
 * the PGs judge a card's expiry.
 * @param {number} years
 * @param {number} month 1 to 12
 * @param {number} [nowMs] @default Date.now()
 * @returns {string}
 */
export function expiryYearsAhead(years, month, nowMs = Date.now()) {
  const koreaYear = new Date(nowMs + 9 * 3600_000).getUTCFullYear();
  return `${koreaYear + years}-${String(month).padStart(2, '0')}`;
}

/**
 * The valid card's expiry: December of the year after next. Never past while a suite runs, well
 * inside the 20 years the form accepts, and the same in every process of a run unless the run
 * straddles New Year's midnight in Korea (a month-based rule would change twelve times a year).
 * @param {number} [nowMs] @default Date.now()
 * @returns {string}
 */
export function validCardExpiry(nowMs = Date.now()) {
  return expiryYearsAhead(2, 12, nowMs);
}
