/**
 * Which upstream billing key is a customer's, where the upstream does not key them by our customer
 * id (PortOne V2 issues its own `billingKey`; V1 needs none: the customer_uid is the key). This is
 * money state: without it a stored card cannot be charged. It is a cache of what the upstream
 * itself records (V2 keeps our customer id as the key's `customer.id`), so a lost entry is rebuilt
 * from the upstream's list of the customer's keys (portone-upstream.ts).
 */
export interface BillingKeyDirectory {
  /** The customer's key, or null when this directory holds none (never seen, or lost). */
  get(customerId: string): Promise<string | null>;
  set(customerId: string, billingKey: string): Promise<void>;
  /** Forgets the customer's key (deleted). */
  delete(customerId: string): Promise<void>;
}
