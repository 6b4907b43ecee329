export type Engine = 'chromium' | 'firefox' | 'webkit';
export declare const ENGINES: Engine[];
export declare function selectedEngines(value?: string): Engine[];
export declare function selectedEnginesOrExit(): Engine[];
