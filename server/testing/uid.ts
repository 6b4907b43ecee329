import * as v from 'valibot';
import { MerchantUidSchema } from '../app/uid-schema.ts';

let serial = 0;

/**
 * A merchant_uid / customer_uid unique within the test process (`prefix_pid_n`). Checked against
 * the server's merchant_uid rule, the stricter of the two, so it is valid wherever a uid goes;
 * a prefix that would make it too long throws here rather than fail a test somewhere else.
 */
export function uid(prefix: string): string {
  serial += 1;
  return v.parse(MerchantUidSchema, `${prefix}_${process.pid}_${serial}`);
}
