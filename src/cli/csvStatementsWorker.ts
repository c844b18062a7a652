/**
 * The statements half of a two-thread CSV run (csvReconcile.ts): this worker opens every file of
 * the run in order, as the main thread does, and reads the statements into a stream of its own
 * while the main thread reads the books; then it posts what it found (`ReconcileStream.part`)
 * with its arrays transferred, not copied. The main thread merges it (`merge`), which gives the
 * outcome a one-thread run gives (test/domain/fastPaths).
 */
import { parentPort, workerData } from "node:worker_threads";
import { prepareCsvRun, readCsvFile, type CsvHead, type CsvRun } from "./csvSources";

// the heads the main thread read, so each file's first bytes are read once
const { run, heads } = workerData as { run: CsvRun; heads: CsvHead[] };
const { stream, files } = prepareCsvRun(run, heads);
for (const [index, file] of files.entries()) {
  const source = file.open();
  // the books are opened (their issues are the main thread's to report) and left unread
  if (source !== null && index > 0) readCsvFile(stream, source, file);
}
const part = stream.part("statement");
const buffers = new Set<ArrayBuffer>();
for (const array of [
  part.code,
  part.contra,
  part.location,
  part.count,
  part.firstRow,
  part.firstSheet,
  part.sums.units,
  part.sums.scales,
  part.extraRows,
])
  buffers.add(array.buffer as ArrayBuffer);
parentPort!.postMessage(part, [...buffers]);
