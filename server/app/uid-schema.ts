import * as v from 'valibot';

/**
 * The one rule for merchant ids, from i'mport's own limits (reference §5.1/§5.2): 1 to `max` of
 * letters, digits and `_ . : @ -`, so a value i'mport would refuse never gets as far as i'mport.
 * At least one of them is not a dot: the ids go into i'mport's URLs (`/payments/find/{id}`), where
 * `.` and `..` are dot segments a URL resolves away, so `..` would look up another resource. One
 * pattern without look-ahead, so the OpenAPI document states it and its fuzz can generate from it.
 */
export const uidSchema = (max: number) =>
  v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(max),
    v.regex(/^\.*[\w:@-][\w.:@-]*$/, 'letters, digits and _ . : @ - only, not dots alone'),
  );

/** A billing key's id (i'mport: 80 characters at most). */
export const CustomerUidSchema = uidSchema(80);
/** An order's id, one paid payment each (i'mport: 40 characters at most). */
export const MerchantUidSchema = uidSchema(40);
