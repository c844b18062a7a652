/**
 * Browser APIs Fluent UI uses that jsdom lacks. The stand-ins do nothing: layout does not exist
 * in jsdom, so there is nothing to observe.
 */
class ResizeObserverStandIn {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

if (typeof globalThis.ResizeObserver === "undefined") {
  globalThis.ResizeObserver = ResizeObserverStandIn;
}
