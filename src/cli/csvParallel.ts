/**
 * A CSV run on two threads: a worker (csvScanWorker.ts) reads and scans the files while this
 * thread aggregates the records it has already scanned — the scan was about a fifth of a run's
 * CPU. The records reach the stream in the order, with the fields and line numbers, of a
 * one-thread run, so the outcome is the same by construction (test/cli/csvParallel.test.ts
 * compares both). The worker runs from the CLI's bundle (lib/csvScanWorker.cjs); where there is
 * none (the sources run under a test runner) or STOCKREC_CSV_THREADS=1, the run is one-thread.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { Issue } from "../domain/issues";
import type { TextRow } from "../domain/reconcileStream";
import { MutableRow } from "./csvStream";

export interface ScanJob {
  readonly path: string;
  readonly delimiter: string;
  readonly sheet: string;
}

export type ScanMessage =
  | {
      readonly type: "chunk";
      readonly file: number;
      readonly text: string;
      /** Per record: line, field count, then each field's start and end in `text`. */
      readonly records: Int32Array;
      /** Unescaped fields: (record index in this chunk, field, text) triples. */
      readonly escaped: readonly (number | string)[];
    }
  | { readonly type: "end"; readonly file: number; readonly issues: readonly Issue[] };

/** What the main thread does with each file, in order. */
export interface ScanConsumer {
  /** Called once per file, before its records; false skips them (an unusable file). */
  begin(file: number): boolean;
  record(file: number, line: number, row: TextRow): void;
  end(file: number, issues: readonly Issue[]): void;
}

/** The bundled worker, or null when there is none to run. */
export function scanWorkerPath(): string | null {
  if (process.env.STOCKREC_CSV_THREADS === "1") return null;
  const path = join(__dirname, "csvScanWorker.cjs");
  return existsSync(path) ? path : null;
}

/** Scans `jobs` in a worker and hands their records to `consumer`, file by file, in order. */
export function scanInWorker(
  workerPath: string,
  jobs: readonly ScanJob[],
  consumer: ScanConsumer,
): Promise<void> {
  const inFlightBuffer = new SharedArrayBuffer(4);
  const inFlight = new Int32Array(inFlightBuffer);
  const worker = new Worker(workerPath, { workerData: { jobs, inFlight: inFlightBuffer } });
  // the scanner's own class, so the stream sees rows of one shape whichever thread scanned them
  const row = new MutableRow();
  let current = -1;
  let wanted = false;
  const beginUpTo = (file: number): void => {
    while (current < file) wanted = consumer.begin(++current);
  };
  const chunk = (
    file: number,
    text: string,
    records: Int32Array,
    escaped: readonly (number | string)[],
  ): void => {
    beginUpTo(file);
    if (!wanted) return;
    row.text = text;
    let next = 0;
    let record = 0;
    for (let at = 0; at < records.length; record++) {
      const line = records[at++]!;
      const count = records[at++]!;
      for (let i = 0; i < count; i++) {
        row.starts[i] = records[at++]!;
        row.ends[i] = records[at++]!;
      }
      row.count = count;
      row.escaped = null;
      while (next < escaped.length && escaped[next] === record) {
        row.escaped ??= [];
        row.escaped[escaped[next + 1] as number] = escaped[next + 2] as string;
        next += 3;
      }
      consumer.record(file, line, row);
    }
  };
  return new Promise<void>((resolve, reject) => {
    let failed = false;
    let done = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      void worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    worker.on("message", (message: ScanMessage) => {
      if (failed) return;
      try {
        if (message.type === "chunk") {
          chunk(message.file, message.text, message.records, message.escaped);
          Atomics.sub(inFlight, 0, 1);
          Atomics.notify(inFlight, 0);
        } else {
          beginUpTo(message.file);
          if (wanted) consumer.end(message.file, message.issues);
          if (message.file === jobs.length - 1) {
            done = true;
            resolve();
          }
        }
      } catch (error) {
        fail(error);
      }
    });
    worker.on("error", fail);
    worker.on("exit", (code) => {
      // messages posted before the exit may still be on their way
      setImmediate(() => {
        if (!done) fail(new Error(`the CSV scan worker stopped early (exit code ${code})`));
      });
    });
  });
}
