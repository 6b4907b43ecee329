/** A calendar day as year, month (1-12) and day (1-31). */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;

/**
 * Today's date in Korea. Cards, birth dates and i'mport all live on Korean time, and the widget and
 * the server must agree on "this month" even when the server runs in UTC.
 */
export function koreaToday(now: Date = new Date()): CalendarDay {
  const k = new Date(now.getTime() + KST_OFFSET_MS);
  return { year: k.getUTCFullYear(), month: k.getUTCMonth() + 1, day: k.getUTCDate() };
}

/** Days in a month, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
