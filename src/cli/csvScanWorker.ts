/**
 * The scanning half of a two-thread CSV run (csvParallel.ts): this worker reads and scans the
 * files in order and posts each chunk's records to the main thread, which aggregates them. The
 * records are the scanner's own (the same fields and line numbers), so the reconciliation sees
 * exactly what a one-thread run sees.
 */
import { parentPort, workerData } from "node:worker_threads";
import { scanCsvFile, type RecordSink } from "./csvStream";
import type { ScanJob, ScanMessage } from "./csvParallel";

/** Chunks posted and not yet aggregated, at most: bounds the memory the scan may run ahead by. */
const MAX_IN_FLIGHT = 3;
/** The first chunk of each file: small, so the main thread starts aggregating soon. */
const FIRST_CHUNK_BYTES = 128 * 1024;

function run(jobs: readonly ScanJob[], inFlight: Int32Array): void {
  const port = parentPort!;
  jobs.forEach((job, file) => {
    let records = new Int32Array(1 << 16);
    let used = 0;
    let escaped: (number | string)[] = [];
    let recordCount = 0;
    let text = "";
    const flush = (): void => {
      if (recordCount === 0) return;
      const message: ScanMessage = {
        type: "chunk",
        file,
        text,
        records: records.subarray(0, used),
        escaped,
      };
      port.postMessage(message, [records.buffer]);
      records = new Int32Array(records.length);
      used = 0;
      escaped = [];
      recordCount = 0;
      // wait while the main thread is MAX_IN_FLIGHT chunks behind (it counts down as it goes)
      let pending = Atomics.add(inFlight, 0, 1) + 1;
      while (pending >= MAX_IN_FLIGHT) {
        Atomics.wait(inFlight, 0, pending);
        pending = Atomics.load(inFlight, 0);
      }
    };
    const sink: RecordSink = (line, row) => {
      if (row.text !== text) {
        flush();
        text = row.text;
      }
      const needed = used + 2 + 2 * row.count;
      if (needed > records.length) {
        const bigger = new Int32Array(Math.max(needed, records.length * 2));
        bigger.set(records.subarray(0, used));
        records = bigger;
      }
      records[used++] = line;
      records[used++] = row.count;
      for (let i = 0; i < row.count; i++) {
        records[used++] = row.starts[i]!;
        records[used++] = row.ends[i]!;
      }
      if (row.escaped !== null)
        row.escaped.forEach((value, field) => {
          if (value !== undefined) escaped.push(recordCount, field, value);
        });
      recordCount++;
    };
    const issues = scanCsvFile(job.path, job.delimiter, job.sheet, sink, FIRST_CHUNK_BYTES);
    flush();
    const end: ScanMessage = { type: "end", file, issues };
    port.postMessage(end);
  });
}

const data = workerData as { jobs: ScanJob[]; inFlight: SharedArrayBuffer };
run(data.jobs, new Int32Array(data.inFlight));
