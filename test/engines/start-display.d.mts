export declare function startDisplay(options?: { width?: number; height?: number }): Promise<{
  display: string;
  stop(): Promise<void>;
}>;
