import { en } from './en.ts';
import { ko } from './ko.ts';
import type { Translation } from './translation.ts';

export { en } from './en.ts';
export { ko } from './ko.ts';
export {
  fieldErrors,
  fillTemplate,
  type FieldTranslation,
  type Translation,
} from './translation.ts';

/** The languages the widget ships with. */
export type Lang = 'ko' | 'en';

/** Every shipped translation by language; `ko` is the default. */
export const translations: Record<Lang, Translation> = { ko, en };
