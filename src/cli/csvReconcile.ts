/**
 * `stockrec reconcile --books FILE.csv --statement FILE.csv[=CONTRA]`: the reconciliation over
 * CSV files of any size. Each file is scanned once, its rows aggregated as they stream past
 * (src/domain/reconcileStream.ts), so memory grows with the number of positions, not of rows.
 * Issues name the file as the sheet and the line as the row.
 */
import { createWriteStream, statSync } from "node:fs";
import { basename, extname } from "node:path";
import { toDecimalString } from "../domain/decimal";
import { HEADER_SEARCH_ROWS } from "../domain/headers";
import type { IsoDate } from "../domain/isoDate";
import type { ReconciliationOutcome } from "../domain/monthlyReconciliation";
import type { Break } from "../domain/reconcile";
import { ReconcileStream } from "../domain/reconcileStream";
import { profileKey, type Settings } from "../domain/settings";
import { directionLabel, formatSourceRows, KIND_LABELS } from "../workbook/breaksSheet";
import { scanInWorker, scanWorkerPath, type ScanJob } from "./csvParallel";
import { guessDelimiter, headRows, readHead, scanCsvFile } from "./csvStream";

export interface CsvSource {
  readonly path: string;
  /** Statements: the contra chosen with FILE=CONTRA, else null. */
  readonly contra: string | null;
}

export interface CsvRun {
  readonly books: CsvSource;
  readonly statements: readonly CsvSource[];
  readonly asOf: IsoDate | null;
  readonly settings: Settings;
}

const HEAD_BYTES = 256 * 1024;

/** The name issues give a file: its base name ("dtc.csv"). */
export function csvSheetName(path: string): string {
  return basename(path);
}

export function isCsvPath(path: string): boolean {
  return extname(path).toLowerCase() === ".csv";
}

interface PreparedFile {
  readonly job: ScanJob;
  readonly open: () => number | null;
}

/** The stream and, per file in order, what it is scanned as and how its source is opened. */
function prepare(run: CsvRun): { stream: ReconcileStream; files: PreparedFile[] } {
  const stream = new ReconcileStream({
    differenceLocations: run.settings.differenceLocations,
    // about one position per 24 bytes of books (a CUSIP, a location, a quantity): a hint only
    expectedPositions: Math.ceil(statSync(run.books.path).size / 24),
  });
  const sources = [
    { ...run.books, role: "books" as const },
    ...run.statements.map((s) => ({ ...s, role: "statement" as const })),
  ];
  const files = sources.map((file): PreparedFile => {
    const sheet = csvSheetName(file.path);
    // enough for the header search and the delimiter guess; each scans this text four times
    const { text, whole } = readHead(file.path, HEAD_BYTES);
    const delimiter = guessDelimiter(text, whole);
    const open = (): number | null => {
      const head = { name: sheet, rows: headRows(text, whole, delimiter, HEADER_SEARCH_ROWS) };
      const profile = run.settings.profiles[profileKey(sheet)];
      return stream.open(head, {
        sheet,
        role: file.role,
        contra: file.contra,
        // A CSV statement without a contra is the contra its file is named after: "DTC.csv" is DTC.
        defaultContra: basename(file.path, extname(file.path)),
        typedCells: false,
        ...(profile === undefined ? {} : { profile }),
      });
    };
    return { job: { path: file.path, delimiter, sheet }, open };
  });
  return { stream, files };
}

/** Streams the books and statement files through the reconciliation, on this thread. */
export function reconcileCsvFiles(run: CsvRun): ReconciliationOutcome {
  const { stream, files } = prepare(run);
  for (const file of files) {
    const source = file.open();
    if (source === null) continue;
    const { path, delimiter, sheet } = file.job;
    const issues = scanCsvFile(path, delimiter, sheet, (line, row) =>
      stream.addTextRow(source, line, row),
    );
    stream.addIssues(source, issues);
  }
  return stream.finish(run.asOf);
}

/**
 * `reconcileCsvFiles` with the files scanned on a second thread while this one aggregates
 * (csvParallel.ts); the same outcome. One thread when there is no bundled worker to run.
 */
export async function reconcileCsvFilesInParallel(run: CsvRun): Promise<ReconciliationOutcome> {
  const workerPath = scanWorkerPath();
  if (workerPath === null) return reconcileCsvFiles(run);
  const { stream, files } = prepare(run);
  const sources: (number | null)[] = [];
  await scanInWorker(
    workerPath,
    files.map((f) => f.job),
    {
      begin: (file) => (sources[file] = files[file]!.open()) !== null,
      record: (file, line, row) => stream.addTextRow(sources[file]!, line, row),
      end: (file, issues) => stream.addIssues(sources[file]!, issues),
    },
  );
  return stream.finish(run.asOf);
}

/** One CSV field: quoted when it must be; text that a spreadsheet would run as a formula is defused. */
function field(text: string, isText = true): string {
  const safe = isText && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
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
  return [
    field(b.id),
    field(b.securityId),
    field(b.description),
    field(b.contra),
    field(toDecimalString(b.booksQuantity), false),
    field(toDecimalString(b.statementQuantity), false),
    field(toDecimalString(b.difference), false),
    directionLabel(b.direction),
    KIND_LABELS[b.kind],
    field(b.locations.join(" ")),
    field(formatSourceRows(b.booksRows)),
    field(formatSourceRows(b.statementRows)),
    field(formatSourceRows(b.unreadableRows)),
  ].join(",");
}

/** Writes the breaks as CSV, largest first, through a stream (millions of lines are fine). */
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
