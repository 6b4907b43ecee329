import type { Translation } from '../i18n/index.ts';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Merchant overrides of any text: any subset of the {@link Translation} tree. */
export type ImpCardMessages = DeepPartial<Translation>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The language's texts with the merchant's overrides laid over them, at any depth. */
export function mergeMessages(base: Translation, overrides: ImpCardMessages): Translation {
  const merge = (
    a: Record<string, unknown>,
    b: Record<string, unknown>,
  ): Record<string, unknown> => {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) {
      if (v !== undefined) out[k] = isObject(v) && isObject(a[k]) ? merge(a[k], v) : v;
    }
    return out;
  };
  return merge(base as unknown as Record<string, unknown>, overrides) as unknown as Translation;
}
