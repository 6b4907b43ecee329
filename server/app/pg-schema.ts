import * as v from 'valibot';

/**
 * An i'mport channel code as the requests name it (`nice`, `kcp.A52CY`, `html5_inicis.MOI0001`):
 * the same rule as the `pg` option's.
 */
export const PgSchema = v.pipe(
  v.string(),
  v.regex(/^[\w.-]{1,80}$/, 'a PG code such as nice or kcp.A52CY'),
  v.examples(['nice', 'kcp.A52CY']),
);
