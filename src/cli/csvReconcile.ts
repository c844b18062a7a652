/**
 * `stockrec reconcile --books FILE.csv --statement FILE.csv[=CONTRA]`: the reconciliation over
 * CSV files of any size (csvSources.ts reads them), and the breaks written as CSV.
 *
 * On two threads: a worker (csvStatementsWorker.ts) reads the statements into a stream of its
 * own while this thread reads the books, then this thread merges the statements in and
 * finishes — the books are about half a run's rows and the costlier half (each of their
 * positions makes a bucket), which this thread starts on first while the worker starts up. The
 * merge gives what one stream reading every file in order gives (a property test,
 * test/domain/fastPaths). The worker runs from the CLI's bundle (lib/csvStatementsWorker.cjs);
 * where there is none (the sources run under a test runner) or with STOCKREC_CSV_THREADS=1, the
 * run is one-thread.
 */
import { createWriteStream, existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { toDecimalString } from "../domain/decimal";
import type { ReconciliationOutcome } from "../domain/monthlyReconciliation";
import type { Break } from "../domain/reconcile";
import type { SidePart } from "../domain/reconcileStream";
import { directionLabel, formatSourceRows, KIND_LABELS } from "../workbook/breaksSheet";
import { prepareCsvRun, readCsvFile, readCsvHeads, type CsvHead, type CsvRun } from "./csvSources";

export { csvSheetName, isCsvPath, type CsvRun, type CsvSource } from "./csvSources";

/** Streams the books and statement files through the reconciliation, on this thread. */
export function reconcileCsvFiles(run: CsvRun): ReconciliationOutcome {
  const { stream, files } = prepareCsvRun(run);
  for (const file of files) {
    const source = file.open();
    if (source !== null) readCsvFile(stream, source, file);
  }
  return stream.finish(run.asOf);
}

/** The bundled statements worker, or null when there is none to run. */
function statementsWorkerPath(): string | null {
  if (process.env.STOCKREC_CSV_THREADS === "1") return null;
  const path = join(__dirname, "csvStatementsWorker.cjs");
  return existsSync(path) ? path : null;
}

/** The statements worker: what it found once it has read the statements. */
function statementsInWorker(
  path: string,
  run: CsvRun,
  heads: readonly CsvHead[],
): { part: Promise<SidePart>; stop: () => void } {
  const worker = new Worker(path, { workerData: { run, heads } });
  const part = new Promise<SidePart>((resolve, reject) => {
    let received = false;
    worker.once("message", (found: SidePart) => {
      received = true;
      resolve(found);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      // a message posted just before the exit may still be on its way
      setImmediate(() => {
        if (!received)
          reject(new Error(`the statements worker stopped without its result (exit code ${code})`));
      });
    });
  });
  // awaited by the caller; until then a failure must not count as unhandled
  part.catch(() => undefined);
  return { part, stop: () => void worker.terminate() };
}

/**
 * `reconcileCsvFiles` with the statements read on a second thread while this one reads the
 * books; the same outcome. One thread when there is no bundled worker to run.
 */
export async function reconcileCsvFilesInParallel(run: CsvRun): Promise<ReconciliationOutcome> {
  const workerPath = statementsWorkerPath();
  if (workerPath === null || run.statements.length === 0) return reconcileCsvFiles(run);
  const heads = readCsvHeads(run);
  // started before this thread's own preparing: its start-up overlaps it
  const statements = statementsInWorker(workerPath, run, heads);
  try {
    const { stream, files } = prepareCsvRun(run, heads);
    // every file is opened here, in order, as the worker opens them; only the books are read
    files.forEach((file, index) => {
      const source = file.open();
      if (source !== null && index === 0) readCsvFile(stream, source, file);
    });
    stream.merge(await statements.part);
    return stream.finish(run.asOf);
  } finally {
    // done by now, unless this thread failed first: then it must not keep the process waiting
    statements.stop();
  }
}

/** One CSV field: quoted when it must be; text that a spreadsheet would run as a formula is defused. */
/** A character that makes a CSV field quoted: a quote, the delimiter, a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/** A text field: = + - @ would start a formula, so such a field is written after an apostrophe. */
export function csvField(text: string): string {
  if (text === "") return text;
  const first = text.charCodeAt(0);
  const safe = first === 61 || first === 43 || first === 45 || first === 64 ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const BREAKS_CSV_HEADER = [
  "Break ID",
  "Security ID",
  "Description",
  "Contra",
  "Books Quantity",
  "Statement Quantity",
  "Difference",
  "Long/Short",
  "Kind",
  "Locations",
  "Books Rows",
  "Statement Rows",
  "Unreadable Rows",
];

export function breakCsvLine(b: Break): string {
  // one template, not an array joined: at 125,000 breaks the array and its join showed
  const text = `${csvField(b.id)},${csvField(b.securityId)},${csvField(b.description)},${csvField(b.contra)}`;
  // numbers as they are: a minus sign there is no formula, and no digit needs quoting
  const numbers = `${toDecimalString(b.booksQuantity)},${toDecimalString(b.statementQuantity)},${toDecimalString(b.difference)}`;
  const words = `${directionLabel(b.direction)},${KIND_LABELS[b.kind]},${csvField(b.locations.join(" "))}`;
  const rows = `${csvField(formatSourceRows(b.booksRows))},${csvField(formatSourceRows(b.statementRows))},${csvField(formatSourceRows(b.unreadableRows))}`;
  return `${text},${numbers},${words},${rows}`;
}

export async function writeBreaksCsv(path: string, breaks: readonly Break[]): Promise<void> {
  const out = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  let chunk = BREAKS_CSV_HEADER.join(",") + "\n";
  for (const b of breaks) {
    chunk += breakCsvLine(b) + "\n";
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk))
        await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      chunk = "";
    }
  }
  out.end(chunk);
  await done;
}
