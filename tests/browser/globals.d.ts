// The test host's API on window (tests/browser/host/host.tsx), for page.evaluate callbacks.
export {};
declare global {
  interface Window {
    sentinelHost: {
      renderPanel(request: { fresh?: boolean; fromMs: number; toMs: number; options?: Record<string, unknown>; series?: unknown[] }): Promise<void>;
      renderSynthetic(request: { hosts: number; fromMs: number; toMs: number; stepMs: number; options?: Record<string, unknown>; width?: number; height?: number }): Promise<void>;
      longTasks: number[];
    };
  }
}
