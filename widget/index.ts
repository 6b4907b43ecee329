// The widget's entry: importing it registers <imp-card-form> (once, even if loaded twice) where
// the page has custom elements; under a server renderer it only exports the class and types.
export * from './imp-card-form/index.ts';
export type { ImpCardFormAttributes } from './frameworks/imp-card-form-props.ts';
export type { ImpCardAppearance } from './contract/frame-settings.ts';
