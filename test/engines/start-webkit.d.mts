export declare const webkitArgs: string[];
