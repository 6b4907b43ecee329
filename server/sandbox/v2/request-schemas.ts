import * as v from 'valibot';

// PortOne V2 request bodies as the sandbox reads them: the fields it acts on are checked, every
// other field of PortOne's OpenAPI document is accepted and ignored (loose objects).

const int64 = v.pipe(v.number(), v.integer(), v.safeInteger());
const nonEmpty = v.pipe(v.string(), v.minLength(1));

/** `CardCredential`: no CVC field exists in V2. */
export const CardCredentialSchema = v.looseObject({
  number: v.pipe(v.string(), v.regex(/^\d{13,19}$/, 'digits only, 13 to 19 of them')),
  expiryYear: v.pipe(v.string(), v.regex(/^\d{2}$/, 'two digits (YY)')),
  expiryMonth: v.pipe(v.string(), v.regex(/^(0[1-9]|1[0-2])$/, 'two digits (MM)')),
  birthOrBusinessRegistrationNumber: v.optional(
    v.pipe(v.string(), v.regex(/^(\d{6}|\d{10})$/, 'yyMMdd or a 10-digit business number')),
  ),
  passwordTwoDigits: v.optional(v.pipe(v.string(), v.regex(/^\d{2}$/, 'two digits'))),
});

export const CustomerInputSchema = v.looseObject({
  id: v.optional(v.string()),
  name: v.optional(
    v.looseObject({
      full: v.optional(v.string()),
      separated: v.optional(v.looseObject({ first: v.string(), last: v.string() })),
    }),
  ),
  birthYear: v.optional(v.string()),
  birthMonth: v.optional(v.string()),
  birthDay: v.optional(v.string()),
  gender: v.optional(v.picklist(['MALE', 'FEMALE', 'OTHER'])),
  email: v.optional(v.string()),
  phoneNumber: v.optional(v.string()),
  zipcode: v.optional(v.string()),
});
export type CustomerInput = v.InferOutput<typeof CustomerInputSchema>;

const commonFields = {
  storeId: v.optional(v.string()),
  channelKey: v.optional(nonEmpty),
  channelGroupId: v.optional(nonEmpty),
  customer: v.optional(CustomerInputSchema),
  customData: v.optional(v.string()),
  noticeUrls: v.optional(v.array(v.string())),
  // Dropped by @portone/server-sdk 0.19.0, honoured for clients that send it.
  skipWebhook: v.optional(v.boolean()),
  productType: v.optional(v.picklist(['PHYSICAL', 'DIGITAL'])),
};

export const IssueBillingKeyBodySchema = v.looseObject({
  method: v.looseObject({ card: v.looseObject({ credential: CardCredentialSchema }) }),
  ...commonFields,
});

const AmountInputSchema = v.looseObject({
  // A card payment of nothing is refused, as V1's amount must be positive.
  total: v.pipe(int64, v.minValue(1)),
  taxFree: v.optional(v.pipe(int64, v.minValue(0))),
  vat: v.optional(v.pipe(int64, v.minValue(0))),
});

const paymentFields = {
  orderName: nonEmpty,
  amount: AmountInputSchema,
  currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as KRW')),
  ...commonFields,
};

const installment = v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60)));

export const InstantPaymentBodySchema = v.looseObject({
  method: v.looseObject({
    card: v.looseObject({ credential: CardCredentialSchema, installmentMonth: installment }),
  }),
  ...paymentFields,
});

export const BillingKeyPaymentBodySchema = v.looseObject({
  billingKey: nonEmpty,
  installmentMonth: installment,
  ...paymentFields,
});

export const CancelPaymentBodySchema = v.looseObject({
  reason: v.string(),
  storeId: v.optional(v.string()),
  amount: v.optional(v.pipe(int64, v.minValue(1))),
  taxFreeAmount: v.optional(v.pipe(int64, v.minValue(0))),
  vatAmount: v.optional(v.pipe(int64, v.minValue(0))),
  currentCancellableAmount: v.optional(v.pipe(int64, v.minValue(0))),
  requester: v.optional(v.picklist(['CUSTOMER', 'ADMIN'])),
  skipWebhook: v.optional(v.boolean()),
});

const sortField = v.picklist(['REQUESTED_AT', 'ISSUED_AT', 'DELETED_AT', 'STATUS_TIMESTAMP']);

/** `GetBillingKeyInfosBody`, sent as the JSON `requestBody` query parameter (or as a body). */
export const GetBillingKeyInfosBodySchema = v.looseObject({
  page: v.optional(
    v.looseObject({
      number: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
      size: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))),
    }),
  ),
  sort: v.optional(
    v.looseObject({ by: v.optional(sortField), order: v.optional(v.picklist(['ASC', 'DESC'])) }),
  ),
  filter: v.optional(
    v.looseObject({
      storeId: v.optional(v.string()),
      customerId: v.optional(v.string()),
      status: v.optional(v.array(v.picklist(['ISSUED', 'DELETED']))),
      version: v.optional(v.picklist(['V1', 'V2'])),
      timeRangeField: v.optional(sortField),
      from: v.optional(v.pipe(v.string(), v.isoTimestamp())),
      until: v.optional(v.pipe(v.string(), v.isoTimestamp())),
    }),
  ),
});
