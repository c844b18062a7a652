/** Where a command writes; tests capture it, the binary uses the process streams. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}
