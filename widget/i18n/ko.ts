import { fieldErrors, type Translation } from './translation.ts';

/** Korean, the default language, phrased the way Korean PG card forms phrase it. */
export const ko: Translation = {
  lang: 'ko',
  formLabel: '카드 정보 입력',
  fields: {
    card_number: {
      label: '카드번호',
      placeholder: '0000 0000 0000 0000',
      errors: fieldErrors('카드번호를 다시 확인해 주세요.', {
        required: '카드번호를 입력해 주세요.',
        incomplete: '카드번호를 끝까지 입력해 주세요.',
        luhn: '유효하지 않은 카드번호예요.',
      }),
    },
    expiry: {
      label: '유효기간(MM/YY)',
      placeholder: 'MM/YY',
      errors: fieldErrors('유효기간을 다시 확인해 주세요.', {
        required: '유효기간을 입력해 주세요.',
        incomplete: '유효기간을 월 2자리, 년 2자리로 입력해 주세요.',
        expired: '유효기간이 지난 카드예요.',
        month: '월은 01~12 사이로 입력해 주세요.',
      }),
    },
    birth: {
      label: '생년월일 6자리',
      placeholder: 'YYMMDD',
      hint: '카드 명의자의 생년월일을 입력해 주세요. 예) 900101',
      errors: fieldErrors('생년월일을 다시 확인해 주세요.', {
        required: '생년월일을 입력해 주세요.',
        incomplete: '생년월일 6자리를 모두 입력해 주세요.',
        month: '태어난 월을 다시 확인해 주세요.',
        date: '올바른 생년월일이 아니에요.',
      }),
    },
    business_number: {
      label: '사업자등록번호 10자리',
      placeholder: '000-00-00000',
      errors: fieldErrors('사업자등록번호를 다시 확인해 주세요.', {
        required: '사업자등록번호를 입력해 주세요.',
        incomplete: '사업자등록번호 10자리를 모두 입력해 주세요.',
        checksum: '유효하지 않은 사업자등록번호예요.',
      }),
    },
    pwd_2digit: {
      label: '카드 비밀번호 앞 2자리',
      placeholder: '••',
      hint: '비밀번호 4자리 중 앞의 2자리만 입력해 주세요.',
      errors: fieldErrors('카드 비밀번호를 다시 확인해 주세요.', {
        required: '카드 비밀번호 앞 2자리를 입력해 주세요.',
        incomplete: '카드 비밀번호 앞 2자리를 모두 입력해 주세요.',
      }),
    },
  },
  optional: '(선택)',
  corporate: '법인카드',
  // Short: the badge sits inside the card number input on a phone (see .brand in the styles).
  brands: {
    visa: 'VISA',
    mastercard: 'Mastercard',
    amex: 'AMEX',
    jcb: 'JCB',
    unionpay: '은련',
    diners: '다이너스',
    unknown: '기타 카드',
  },
  issuers: {
    shinhan: '신한',
    kb: 'KB국민',
    samsung: '삼성',
    hana: '하나',
    citi: '씨티',
    kakaobank: '카카오뱅크',
    bc: 'BC',
    nh: 'NH농협',
  },
  submit: {
    billing_key: '카드 등록',
    payment: '결제하기',
    billing_key_and_payment: '카드 등록 후 결제하기',
  },
  processing: '처리 중이에요…',
  retry: '다시 시도',
  success: {
    billing_key: '카드가 등록되었어요.',
    payment: '결제가 완료되었어요.',
    billing_key_and_payment: '카드가 등록되고 결제가 완료되었어요.',
  },
  errors: {
    INVALID_REQUEST: '입력한 카드 정보를 다시 확인해 주세요.',
    TOKEN_INVALID: '결제 정보가 올바르지 않아요. 페이지를 새로고침해 주세요.',
    TOKEN_EXPIRED: '입력 시간이 지났어요. 페이지를 새로고침해 주세요.',
    TOKEN_ALREADY_USED: '이미 처리된 요청이에요.',
    ATTEMPTS_EXCEEDED: '시도 횟수를 초과했어요. 처음부터 다시 진행해 주세요.',
    CARD_DECLINED: '카드사에서 승인하지 않았어요. 다른 카드로 시도해 주세요.',
    PG_ERROR: '카드사 처리 중 문제가 생겼어요.',
    PG_NOT_SUPPORTED: '이 결제 방식은 지원하지 않아요. 상점에 문의해 주세요.',
    RATE_LIMITED: '요청이 너무 많아요. 잠시 후 다시 시도해 주세요.',
    UPSTREAM_UNAVAILABLE: '결제 서비스에 일시적인 문제가 있어요. 잠시 후 다시 시도해 주세요.',
    OUTCOME_UNKNOWN:
      '처리 결과를 확인하지 못했어요. 중복 결제를 막기 위해 잠시 후 다시 확인해 주세요.',
    STORE_UNAVAILABLE: '서비스에 일시적인 문제가 있어요. 잠시 후 다시 시도해 주세요.',
    CUSTOMER_IN_DOUBT: '이전 카드 등록 결과를 확인하고 있어요. 잠시 후 다시 시도해 주세요.',
    MERCHANT_UID_CONFLICT: '이미 다른 내용으로 시작된 주문이에요. 처음부터 다시 진행해 주세요.',
    IDEMPOTENCY_KEY_REUSED: '이미 다른 내용으로 처리된 요청이에요. 처음부터 다시 진행해 주세요.',
    // Refunds are merchant-API only: a customer never meets them, the generic text suffices.
    NOT_FOUND: '일시적인 오류가 발생했어요. 잠시 후 다시 시도해 주세요.',
    UNAUTHORIZED: '일시적인 오류가 발생했어요. 잠시 후 다시 시도해 주세요.',
    FORBIDDEN: '이 카드 입력 양식을 사용할 수 없어요. 상점에 문의해 주세요.',
    PAYLOAD_TOO_LARGE: '일시적인 오류가 발생했어요. 잠시 후 다시 시도해 주세요.',
    INTERNAL_ERROR: '일시적인 오류가 발생했어요. 잠시 후 다시 시도해 주세요.',
    NETWORK_ERROR: '네트워크에 연결할 수 없어요. 연결을 확인하고 다시 시도해 주세요.',
    MISCONFIGURED: '지금은 이 카드 입력 양식을 사용할 수 없어요.',
    FRAME_BLOCKED: '카드 입력 화면을 불러오지 못했어요. 잠시 후 다시 시도해 주세요.',
  },
  fixFields: { other: '입력 내용을 확인해 주세요({count}개 항목).' },
  pgReason: '카드사 응답: {reason}',
  amount: '{amount}원',
};
