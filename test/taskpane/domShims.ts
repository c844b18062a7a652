/**
 * Browser APIs the pane uses that jsdom lacks. ResizeObserver's stand-in does nothing: layout does
 * not exist in jsdom, so there is nothing to observe.
 */
class ResizeObserverStandIn {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

if (typeof globalThis.ResizeObserver === "undefined") {
  globalThis.ResizeObserver = ResizeObserverStandIn;
}

/** jsdom's Blob (and so File) has no arrayBuffer(); browsers and Office's webviews all do. */
if (typeof Blob.prototype.arrayBuffer !== "function") {
  Blob.prototype.arrayBuffer = function arrayBuffer(this: Blob): Promise<ArrayBuffer> {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.onerror = () => reject(reader.error ?? new Error("The file could not be read."));
      reader.readAsArrayBuffer(this);
    });
  };
}
