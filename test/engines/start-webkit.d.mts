export declare const webkitArgs: string[];
export declare function startWebKit(options: { display: string }): Promise<{
  hostname: string;
  port: number;
  stop(): Promise<void>;
}>;
