import type { Translation } from '../i18n/index.ts';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Merchant overrides of any text: any subset of the {@link Translation} tree. */
export type ImpCardMessages = DeepPartial<Translation>;

/** The language's texts with the merchant's overrides laid over them, at any depth. */
export function mergeMessages(base: Translation, overrides: ImpCardMessages): Translation {
  const merge = (
    a: Record<string, unknown>,
    b: Record<string, unknown>,
  ): Record<string, unknown> => {
    const out = { ...a };
    for (const k in b) {
      const v = b[k];
      // Texts are strings; any object is a branch of the tree to merge into.
      out[k] =
        typeof v === 'object'
          ? merge(a[k] as Record<string, unknown>, v as Record<string, unknown>)
          : (v ?? a[k]);
    }
    return out;
  };
  return merge(base as unknown as Record<string, unknown>, overrides) as unknown as Translation;
}
