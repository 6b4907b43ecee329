// The widget's entry: importing it registers <imp-card-form> (once, even if loaded twice).
export * from './imp-card-form/index.ts';
