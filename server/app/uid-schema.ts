import * as v from 'valibot';

/**
 * The one rule for merchant ids, from i'mport's own limits (reference §5.1/§5.2): 1 to `max` of
 * letters, digits and `_ . : @ -`, so a value i'mport would refuse never gets as far as i'mport.
 */
export const uidSchema = (max: number) =>
  v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(max),
    v.regex(/^[\w.:@-]+$/, 'letters, digits and _ . : @ - only'),
  );

/** A billing key's id (i'mport: 80 characters at most). */
export const CustomerUidSchema = uidSchema(80);
/** An order's id, one paid payment each (i'mport: 40 characters at most). */
export const MerchantUidSchema = uidSchema(40);
