/** The texts the isolated host shows itself, before the frame answers or instead of it. */
export interface HostTranslation {
  /** The frame's `title`, the form's accessible name: the form's `formLabel`. */
  title: string;
  /** The host's validation message until the frame reports the form's own. */
  empty: string;
  /** Shown in place of a frame that cannot be used: the form's `errors.FRAME_BLOCKED`. */
  blocked: string;
}

/**
 * The host's texts by language, Korean unless English. The host loads no dictionary (its 4 KB
 * budget); host-texts.test.ts keeps the texts it shares with the form's dictionaries equal to them.
 */
export const HOST_TEXTS: Record<'ko' | 'en', HostTranslation> = {
  ko: {
    title: '카드 정보 입력',
    empty: '카드 정보를 입력하세요.',
    blocked: '카드 입력 화면을 불러오지 못했어요. 잠시 후 다시 시도해 주세요.',
  },
  en: {
    title: 'Card details',
    empty: 'Enter your card details.',
    blocked: 'The card form could not be loaded. Please try again shortly.',
  },
};
