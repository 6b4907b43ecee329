export declare const chromiumPath: string;
export declare const chromiumArgs: string[];
export declare const redisServerPath: string;
export declare function ensureChromium(): string;
export declare function ensureRedis(): string;
export declare function ensureFirefoxAndWebKit(): void;
