/**
 * Importing a statement file the user picks into the open workbook, as a new sheet. The importer
 * and its parsers (CSV, SWIFT, BAI2) are loaded on demand, like ExcelJS: most months nobody
 * imports a file, and the pane's first load stays small.
 */
import type { ImportResult } from "../workbook/importStatement";
import type { ReadOptions, WorkbookPort } from "../workbook/port";
import { openXlsxBytes } from "./browserWorkbook";

/** What the file picker offers: the formats the importer reads, by their usual extensions. */
export const STATEMENT_FILE_ACCEPT = ".csv,.xlsx,.txt,.fin,.sta,.bai,.bai2,.940,.950,.535";

export interface StatementImportOutcome {
  readonly fileName: string;
  readonly result: ImportResult;
  /** What people call the file's format: "CSV file", "SWIFT MT535 statement of holdings". */
  readonly formatLabel: string;
}

/**
 * Imports `file` into `port`. `contra`, when not blank, adds a Contra column naming the contra
 * organization. A statement sent as a workbook is opened with ExcelJS (loaded on demand), in
 * Excel as in a plain browser, and its first visible sheet imported.
 */
export async function importStatementFile(
  port: WorkbookPort,
  file: File,
  contra: string,
  options: ReadOptions = {},
): Promise<StatementImportOutcome> {
  const [{ importStatement, FORMAT_LABELS }, bytes] = await Promise.all([
    import(/* webpackChunkName: "statement-import" */ "../workbook/importStatement"),
    file.arrayBuffer().then((buffer) => new Uint8Array(buffer)),
  ]);
  options.signal?.throwIfAborted();
  const trimmed = contra.trim();
  const result = await importStatement(
    port,
    { fileName: file.name, bytes, ...(trimmed === "" ? {} : { contra: trimmed }) },
    { ...options, openWorkbook: openXlsxBytes },
  );
  return { fileName: file.name, result, formatLabel: FORMAT_LABELS[result.format] };
}
