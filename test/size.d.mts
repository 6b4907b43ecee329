/** The budget for dist/imp-card-inline.js (the whole form), min+gzip, in bytes. */
export declare const BUDGET_GZIP_BYTES: number;
/** The budget for dist/imp-card.js (isolated mode's page-side host), min+gzip, in bytes. */
export declare const HOST_BUDGET_GZIP_BYTES: number;
/** Sizes of a built file: as is (minified), gzip level 9, brotli. */
export declare function measure(file: string): { min: number; gzip: number; brotli: number };
