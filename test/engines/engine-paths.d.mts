export declare const firefoxPath: string;
export declare const xvfbPath: string;
export declare const miniBrowserPath: string;
export declare const webkitDriverPath: string;
