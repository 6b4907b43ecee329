export type EngineName = 'chromium' | 'firefox' | 'webkit';
export declare const allEngines: EngineName[];
export declare function selectedEngines(value?: string): EngineName[];
