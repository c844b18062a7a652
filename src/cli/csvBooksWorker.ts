/**
 * The books half of a two-thread CSV run (csvReconcile.ts): this worker reads the books file into
 * a stream of its own while the main thread reads the statements, then posts what it found
 * (`ReconcileStream.booksPart`) with its arrays transferred, not copied. The main thread merges
 * it (`mergeBooks`), which gives the outcome a one-thread run gives (test/domain/fastPaths).
 */
import { parentPort, workerData } from "node:worker_threads";
import { prepareCsvRun, readCsvFile, type CsvRun } from "./csvSources";

const run = workerData as CsvRun;
const { stream, files } = prepareCsvRun(run, true);
const books = files[0]!;
const source = books.open();
if (source !== null) readCsvFile(stream, source, books);
// null: the books cannot be used (the main thread opens them too, and reports why)
const part = source === null ? null : stream.booksPart();
const buffers = new Set<ArrayBuffer>();
if (part !== null)
  for (const array of [
    part.code,
    part.contra,
    part.location,
    part.count,
    part.firstRow,
    part.sums.units,
    part.sums.scales,
    part.extraRows,
  ])
    buffers.add(array.buffer as ArrayBuffer);
parentPort!.postMessage(part, [...buffers]);
