/** `YYYY-MM`: month `month` of the year `years` after the current one in Korea. */
export declare function expiryYearsAhead(years: number, month: number, nowMs?: number): string;
/** The valid card's expiry: December of the year after next in Korea. */
export declare function validCardExpiry(nowMs?: number): string;
