/**
 * jsdom lacks IntersectionObserver, which @grafana/scenes' LazyLoader touches when the module loads.
 * Import this before @grafana/scenes in a test file.
 */
class NoopIntersectionObserver {
  readonly root = null;
  readonly rootMargin = '';
  readonly thresholds = [];
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}

const g = globalThis as unknown as { IntersectionObserver?: unknown; ResizeObserver?: unknown };
if (!g.IntersectionObserver) {
  g.IntersectionObserver = NoopIntersectionObserver;
}
if (!g.ResizeObserver) {
  g.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

export {};
