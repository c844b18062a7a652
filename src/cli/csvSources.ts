/**
 * The CSV files of a `stockrec reconcile --books FILE.csv --statement FILE.csv[=CONTRA]` run, read
 * into a streaming reconciliation (src/domain/reconcileStream.ts): each file is scanned once and
 * its rows aggregated as they stream past, so memory grows with the number of positions, not of
 * rows. Issues name the file as the sheet and the line as the row. Shared by the main thread and
 * the statements worker (csvStatementsWorker.ts), so both open and read a file the same way.
 */
import { statSync } from "node:fs";
import { basename, extname } from "node:path";
import { HEADER_SEARCH_ROWS } from "../domain/headers";
import type { IsoDate } from "../domain/isoDate";
import { ReconcileStream } from "../domain/reconcileStream";
import { profileKey, type Settings } from "../domain/settings";
import type { Row } from "../domain/sheet";
import { guessDelimiter, headRows, readHead, rowCells, scanCsvFile } from "./csvStream";

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

/**
 * A file of the run as its first lines show it: its delimiter and the rows the header is
 * searched in. Plain data: read once on the main thread and handed to the worker too.
 */
export interface CsvHead {
  readonly path: string;
  readonly sheet: string;
  readonly role: "books" | "statement";
  readonly contra: string | null;
  readonly delimiter: string;
  readonly rows: Row[];
}

/** The heads of `run`'s files, in order: the books, then the statements. */
export function readCsvHeads(run: CsvRun): CsvHead[] {
  const sources = [
    { ...run.books, role: "books" as const },
    ...run.statements.map((s) => ({ ...s, role: "statement" as const })),
  ];
  return sources.map((file) => {
    // enough for the header search and the delimiter guess; each scans this text four times
    const { text, whole } = readHead(file.path, HEAD_BYTES);
    const delimiter = guessDelimiter(text, whole);
    return {
      path: file.path,
      sheet: csvSheetName(file.path),
      role: file.role,
      contra: file.contra,
      delimiter,
      rows: headRows(text, whole, delimiter, HEADER_SEARCH_ROWS),
    };
  });
}

/** A file of the run, ready to be opened in the stream and read. */
export interface CsvFile {
  readonly path: string;
  readonly delimiter: string;
  readonly sheet: string;
  /** Opens the file's source in the stream: its index, or null when it cannot be used. */
  readonly open: () => number | null;
}

/** The stream and, in order, the files of `run` (whose heads are `heads`). */
export function prepareCsvRun(
  run: CsvRun,
  heads: readonly CsvHead[] = readCsvHeads(run),
): { stream: ReconcileStream; files: CsvFile[] } {
  const stream = new ReconcileStream({
    differenceLocations: run.settings.differenceLocations,
    // about one position per 24 bytes of books (a CUSIP, a location, a quantity): a hint only
    expectedPositions: Math.ceil(statSync(run.books.path).size / 24),
  });
  const files = heads.map((file): CsvFile => {
    const open = (): number | null => {
      const profile = run.settings.profiles[profileKey(file.sheet)];
      return stream.open(
        { name: file.sheet, rows: file.rows },
        {
          sheet: file.sheet,
          role: file.role,
          contra: file.contra,
          // A CSV statement without a contra is the contra its file is named after: "DTC.csv" is DTC.
          defaultContra: basename(file.path, extname(file.path)),
          typedCells: false,
          ...(profile === undefined ? {} : { profile }),
        },
      );
    };
    return { path: file.path, delimiter: file.delimiter, sheet: file.sheet, open };
  });
  return { stream, files };
}

/** Reads the rows of `file`, opened as `source`, into the stream. */
export function readCsvFile(stream: ReconcileStream, source: number, file: CsvFile): void {
  const issues = scanCsvFile(file.path, file.delimiter, file.sheet, (line, row) =>
    stream.addTextRow(source, line, row),
  );
  stream.addIssues(source, issues);
  // rows of one hash in one bucket: their lines read again, and compared field by field
  const wanted = new Set(stream.suspectLines(source));
  if (wanted.size === 0) return;
  const fields = new Map<number, string[]>();
  scanCsvFile(file.path, file.delimiter, file.sheet, (line, row) => {
    if (wanted.has(line)) fields.set(line, rowCells(row));
  });
  stream.settleDuplicates(source, (line) => fields.get(line) ?? []);
}
