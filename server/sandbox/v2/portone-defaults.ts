/** The V2 API secret the sandbox accepts as `Authorization: PortOne <secret>`. */
export const DEFAULT_PORTONE_API_SECRET = 'sandbox_portone_api_secret';

/** The sandbox merchant's one store (`storeId`); any other store id is refused as FORBIDDEN. */
export const DEFAULT_PORTONE_STORE_ID = 'store-00000000-0000-4000-8000-5a4db0c00001';

/** The sandbox merchant's id, reported as `merchantId` on payments and billing keys. */
export const SANDBOX_MERCHANT_ID = 'merchant-00000000-0000-4000-8000-5a4db0c00001';

/** The V2 webhook secret the sandbox signs with (`whsec_` + base64 of 32 bytes). */
export const DEFAULT_PORTONE_WEBHOOK_SECRET = 'whsec_aW1wY2FyZC1zYW5kYm94LXBvcnRvbmUtd2ViaG9vayE=';
