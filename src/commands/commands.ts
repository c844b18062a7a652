/**
 * The manifest's FunctionFile. The ribbon button opens the task pane (ShowTaskpane), so there is
 * no ExecuteFunction command to register with Office.actions.associate; Office still expects the
 * function file to initialise, which Office.onReady does. Outside Office there is nothing to do.
 */
if (typeof Office !== "undefined") {
  // Nothing waits on this promise: it only tells Office the function file has loaded.
  void Office.onReady();
}

export {};
