export declare const WEBDRIVER_KEYS: Readonly<Record<string, string>>;
