/**
 * `stockrec import <file> --into <workbook.xlsx>`: a statement file (CSV, .xlsx, SWIFT MT535,
 * MT940/MT950, BAI2) into a new sheet of a copy of the workbook. Exit 0 when imported cleanly,
 * 1 when imported but the file has error-level issues (it does not foot, its control totals are
 * wrong, it is cut short), 2 when nothing could be imported.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { hasErrors, type Issue } from "../domain/issues";
import {
  FORMAT_LABELS,
  importStatement,
  type ImportedStatement,
  type NotImported,
} from "../workbook/importStatement";
import { recordEvents } from "../workbook/auditTrail";
import { XlsxWorkbook } from "../xlsx/xlsxWorkbook";
import { parse, UsageError } from "./args";
import { systemNow } from "./signoffCommand";
import type { CommandIo } from "./io";
import { issueJson } from "./reconcileCommand";

export const IMPORT_HELP = `Usage: stockrec import <file> --into <workbook.xlsx> [options]

Imports a statement file into a new sheet of a copy of the workbook, under a header that
"stockrec reconcile" reads: positions (MT535, or a file with a security id and a quantity) or
money balances (MT940, MT950, BAI2, or a file with an account and a balance).

Formats (recognised from the contents first, then from the extension):
  .xlsx                 the first visible sheet, or the one named by --source-sheet
  .csv .tsv .txt        comma, semicolon or tab separated; every cell kept as written
  SWIFT MT535           statement of holdings: one row per holding, every page in the file
  SWIFT MT940, MT950    cash statements: one row per statement, closing balance signed
  BAI2                  balance report: one row per account block

Options:
  --into WORKBOOK       the workbook to add the sheet to (required; it is never changed)
  --sheet NAME          name of the new sheet (default: format, account and date, e.g.
                        "MT535 S 02500 2008-03-12", made unique)
  --replace             replace the sheet named by --sheet if the workbook has it
  --contra NAME         add a Contra column naming the contra organization (e.g. DTC)
  --source-sheet NAME   for an .xlsx file: the sheet to import
  --out FILE            where to write the workbook
                        (default: <workbook>.imported.xlsx beside the workbook)
  --json                print the result as JSON on stdout
  -h, --help            show this help

Exit status: 0 imported; 1 imported, but the file has error-level issues (a statement that does
not foot, control totals that do not match, a message cut short): check them before reconciling
against the sheet; 2 nothing was imported (bad usage, unknown format, unreadable file or
workbook, a sheet name already taken; the message says what to do).
`;

const OPTIONS = {
  into: { type: "string" },
  sheet: { type: "string" },
  replace: { type: "boolean" },
  contra: { type: "string" },
  "source-sheet": { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

interface Request {
  readonly file: string;
  readonly into: string;
  readonly sheet: string | null;
  readonly replace: boolean;
  readonly contra: string | null;
  readonly sourceSheet: string | null;
  readonly out: string;
  readonly json: boolean;
}

function parseRequest(args: readonly string[]): Request | "help" {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help === true) return "help";
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? "Name the statement file to import."
        : `Expected one statement file, got: ${positionals.join(" ")}`,
    );
  }
  const file = positionals[0]!;
  const into = values.into as string | undefined;
  if (into === undefined) {
    throw new UsageError("Name the workbook to import into with --into <workbook.xlsx>.");
  }
  if (extname(into).toLowerCase() !== ".xlsx") {
    throw new UsageError(
      `--into "${into}" is not an .xlsx workbook. Save it from Excel as .xlsx (Excel Workbook) and try again.`,
    );
  }
  const sheet = optionalText(values.sheet, "--sheet");
  if (values.replace === true && sheet === null) {
    throw new UsageError("--replace needs --sheet NAME: only a sheet you name can be replaced.");
  }
  const out = (values.out as string | undefined) ?? defaultOut(into);
  checkOut(out, into, file);
  return {
    file,
    into,
    sheet,
    replace: values.replace === true,
    contra: optionalText(values.contra, "--contra"),
    sourceSheet: optionalText(values["source-sheet"], "--source-sheet"),
    out,
    json: values.json === true,
  };
}

function optionalText(value: unknown, option: string): string | null {
  if (value === undefined) return null;
  const text = String(value).trim();
  if (text === "") throw new UsageError(`${option} needs a value.`);
  return text;
}

function defaultOut(into: string): string {
  return join(dirname(into), `${basename(into, extname(into))}.imported.xlsx`);
}

/** The inputs are evidence: neither the workbook nor the statement file is ever overwritten. */
function checkOut(out: string, into: string, file: string): void {
  if (resolve(out) === resolve(into)) {
    throw new UsageError(
      `--out ${out} is the input workbook; StockRec never overwrites its input. Choose another file.`,
    );
  }
  if (resolve(out) === resolve(file)) {
    throw new UsageError(
      `--out ${out} is the statement file being imported; StockRec never overwrites its input. Choose another file.`,
    );
  }
}

function readInput(path: string, what: string): Uint8Array {
  if (!existsSync(path)) {
    throw new UsageError(`There is no ${what} "${path}". Check the path and try again.`);
  }
  if (!statSync(path).isFile()) {
    throw new UsageError(`"${path}" is a folder, not a ${what}. Name the file itself.`);
  }
  return new Uint8Array(readFileSync(path));
}

export async function importCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const request = parseRequest(args);
  if (request === "help") {
    io.out(IMPORT_HELP);
    return 0;
  }
  const bytes = readInput(request.file, "statement file");
  const workbook = await XlsxWorkbook.fromBuffer(readInput(request.into, "workbook"));
  const result = await importStatement(
    workbook,
    {
      fileName: basename(request.file),
      bytes,
      ...(request.sheet !== null ? { sheetName: request.sheet } : {}),
      ...(request.replace ? { replace: true } : {}),
      ...(request.contra !== null ? { contra: request.contra } : {}),
      ...(request.sourceSheet !== null ? { sourceSheet: request.sourceSheet } : {}),
    },
    { openWorkbook: (data) => XlsxWorkbook.fromBuffer(data) },
  );
  if (!result.imported) return cannotImport(io, request, result);
  const trail = await recordEvents(
    workbook,
    [
      {
        action: "import",
        scope: result.sheetName,
        details: `Imported ${basename(request.file)} (${result.format}, ${result.rowCount} rows)`,
      },
    ],
    { timestamp: systemNow(), actor: "(command line)" },
  );
  for (const issue of trail.issues) io.err(`stockrec: ${issue.message} ${issue.hint}\n`);
  mkdirSync(dirname(resolve(request.out)), { recursive: true });
  writeFileSync(request.out, await workbook.toBuffer());
  if (request.json) io.out(JSON.stringify(resultJson(result, request.out), null, 2) + "\n");
  else io.out(humanSummary(result, request));
  return hasErrors(result.issues) ? 1 : 0;
}

function cannotImport(io: CommandIo, request: Request, result: NotImported): number {
  const lines = result.issues
    .filter((issue) => issue.severity === "error")
    .map((issue) => `  ${issue.message}\n    ${issue.hint} [${issue.code}]`);
  io.err(
    `stockrec: nothing was imported from ${request.file}; ${request.into} was left as it is:\n${lines.join("\n")}\n`,
  );
  if (request.json) {
    const json = {
      error: "not_imported",
      format: result.format,
      issues: result.issues.map(issueJson),
    };
    io.out(JSON.stringify(json, null, 2) + "\n");
  }
  return 2;
}

export function resultJson(result: ImportedStatement, out: string): Record<string, unknown> {
  return {
    format: result.format,
    sheet: result.sheetName,
    table: result.tableName,
    kind: result.kind,
    rowCount: result.rowCount,
    statements: result.statementCount,
    source: result.source,
    issues: result.issues.map(issueJson),
    output: out,
  };
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;
const ISSUES_SHOWN = 30;

function humanSummary(result: ImportedStatement, request: Request): string {
  const rows = `${result.rowCount} row${result.rowCount === 1 ? "" : "s"}`;
  const lines = [
    `Imported ${request.file} (${FORMAT_LABELS[result.format]}, ${result.source})`,
    `into sheet "${result.sheetName}" (table ${result.tableName}): ${rows} of ${result.kind === "other" ? "data StockRec does not recognise yet" : result.kind}.`,
    "",
    issueSummary(result.issues),
  ];
  const sorted = [...result.issues].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
  );
  for (const issue of sorted.slice(0, ISSUES_SHOWN)) {
    lines.push(`  ${issue.severity.padEnd(7)} ${issue.message}`, `          ${issue.hint}`);
  }
  if (sorted.length > ISSUES_SHOWN) {
    lines.push(`  … and ${sorted.length - ISSUES_SHOWN} more (use --json for all)`);
  }
  lines.push("", `Wrote ${request.out} (${request.into} was not changed).`);
  if (hasErrors(result.issues)) {
    lines.push(
      "The file has error-level issues: check them against the custodian's or bank's report before reconciling against this sheet.",
    );
  }
  return lines.join("\n") + "\n";
}

function issueSummary(issues: readonly Issue[]): string {
  const counts = (["error", "warning", "info"] as const).map((severity) => {
    const count = issues.filter((issue) => issue.severity === severity).length;
    return `${count} ${severity}${severity === "info" || count === 1 ? "" : "s"}`;
  });
  return `Issues: ${counts.join(", ")}`;
}
