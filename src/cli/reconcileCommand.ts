/**
 * `stockrec reconcile <workbook.xlsx>`: the monthly reconciliation of DESIGN.md over an .xlsx
 * file. Exit 0 when the run completed (breaks are results), 1 when it completed but found a rule
 * broken, 2 when it could not run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { abs, formatGrouped, formatGroupedFixed, toDecimalString } from "../domain/decimal";
import { parseIsoDate, type IsoDate } from "../domain/isoDate";
import { formatIssue, formatWhere, type Issue } from "../domain/issues";
import { findsRuleBroken, type ReconciliationResult } from "../domain/monthlyReconciliation";
import type { RunPlan, StatementChoice } from "../domain/roles";
import type { Break } from "../domain/reconcile";
import { directionLabel, formatSourceRows, KIND_LABELS } from "../workbook/breaksSheet";
import { DEFAULT_SETTINGS, withProfile, type Settings } from "../domain/settings";
import { detectSheetRoles, reconcileWorkbook, writeBreaksSheet } from "../workbook/monthEnd";
import { MONEY_KIND_LABELS } from "../workbook/moneyBreaksSheet";
import { loadSettings, saveSettings } from "../workbook/settingsStore";
import { recordEvents } from "../workbook/auditTrail";
import { readMappingFile } from "./mappingFile";
import { systemNow } from "./signoffCommand";
import { WorkbookPortError } from "../workbook/port";
// Loaded when a workbook is read or written, so a CSV-to-CSV run never loads ExcelJS.
import type { XlsxWorkbook } from "../xlsx/xlsxWorkbook";
import { parse, UsageError, workbookOperand } from "./args";
import type { CommandIo } from "./io";
import {
  csvSheetName,
  isCsvPath,
  reconcileCsvFilesInParallel,
  writeBreaksCsv,
  type CsvSource,
} from "./csvReconcile";

export const RECONCILE_HELP = `Usage: stockrec reconcile <workbook.xlsx> [options]
       stockrec reconcile --books FILE.csv --statement FILE.csv[=CONTRA]... [--out FILE.csv|.xlsx]

Reconciles the stock record against the position statements in the workbook, and the books'
cash balances against the cash statements (FINRA Rule 4522(b)(1)), and writes the Breaks and
Money Breaks sheets into a copy of the workbook.

With CSV files instead of sheets (no workbook operand), the files are streamed: any number of
rows (past Excel's 1,048,576), in memory that grows with the positions, not the rows. Issues
name the file and its line. CONTRA defaults to the file's contra column, else its name
(DTC.csv is DTC). The breaks are written to --out: .csv (default <books>.breaks.csv beside the
books file) or .xlsx (a new workbook with the Breaks sheet, up to 1,048,575 breaks).
--locations, --security-master, --prices and the money options need a workbook.

Options:
  --books SHEET             the stock record sheet (default: detected from the headers)
  --statement SHEET[=CONTRA]
                            a statement sheet and the contra organization it comes from;
                            repeat for each statement (default: every sheet detected as one).
                            CONTRA defaults to the sheet's contra/depository column, else the
                            sheet name
  --locations SHEET         the locations map: books location → contra, statement account
  --security-master SHEET   the security master: CUSIP, ISIN, SEDOL and symbol per security
  --prices SHEET            prices per security (values differences; default: the stock
                            record's Price column)
  --books-money SHEET       the books' cash balances (GL accounts with contra and balance)
  --money-statement SHEET[=CONTRA]
                            a cash statement (account, currency, balance); repeatable
  --money-tolerance AMOUNT  money differences up to AMOUNT are matched (default: the
                            workbook's setting, else 0)
  --mapping FILE            column mappings per sheet (JSON); they are also saved into the
                            result workbook so next month's file maps itself
  --as-of YYYY-MM-DD        the as-of (count) date (default: the date the statements name)
  --out FILE                where to write the result workbook
                            (default: <workbook>.reconciled.xlsx beside the input)
  --json                    print the result as JSON on stdout
  -h, --help                show this help

The mapping file: {"profiles": {"<sheet>": {"columns": {"securityId": "Sec ID",
"quantity": "Position"}, "negateQuantities": false, "quantityUnit": "as_written"}},
"moneyTolerance": "0.01"}; quantityUnit "thousands" reads principal written in thousands.

Exit status: 0 the run completed (breaks are results, not failures); 1 the run completed but
found a rule broken; 2 it could not run (bad usage or unusable input; the message says why).
`;

/** The options every command that runs the month-end reconciliation takes. */
export const RUN_OPTIONS = {
  books: { type: "string" },
  statement: { type: "string", multiple: true },
  locations: { type: "string" },
  "security-master": { type: "string" },
  prices: { type: "string" },
  "books-money": { type: "string" },
  "money-statement": { type: "string", multiple: true },
  "money-tolerance": { type: "string" },
  mapping: { type: "string" },
  "as-of": { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export interface Request {
  readonly input: string;
  readonly books: string | null;
  readonly statements: readonly StatementChoice[];
  readonly locations: string | null;
  readonly securityMaster: string | null;
  readonly prices: string | null;
  readonly booksMoney: string | null;
  readonly moneyStatements: readonly StatementChoice[];
  readonly moneyTolerance: string | null;
  readonly mapping: string | null;
  readonly asOf: IsoDate | null;
  readonly out: string;
  readonly json: boolean;
}

function statementChoices(option: string, texts: readonly string[] | undefined): StatementChoice[] {
  return (texts ?? []).map((text) => {
    const at = text.lastIndexOf("=");
    const sheet = at < 0 ? text : text.slice(0, at);
    const contra = at < 0 ? null : text.slice(at + 1).trim();
    if (sheet.trim() === "" || contra === "")
      throw new UsageError(`--${option} "${text}" should be SHEET or SHEET=CONTRA.`);
    return { sheet, contra };
  });
}

function parseRequest(args: readonly string[]): Request | "help" {
  const { values, positionals } = parse(args, RUN_OPTIONS);
  if (values.help === true) return "help";
  return requestFrom(values, positionals, "reconciled");
}

/** The run request the shared options describe; `suffix` names the default output file. */
export function requestFrom(
  values: Record<string, unknown>,
  positionals: readonly string[],
  suffix: string,
): Request {
  const input = workbookOperand(positionals, "reconcile");
  const text = (name: string): string | null => (values[name] as string | undefined) ?? null;
  const asOfText = text("as-of");
  const asOf = asOfText === null ? null : parseIsoDate(asOfText);
  if (asOfText !== null && asOf === null)
    throw new UsageError(`--as-of "${asOfText}" is not a date; write it as YYYY-MM-DD.`);
  const moneyTolerance = text("money-tolerance");
  if (moneyTolerance !== null && !/^\d+(\.\d+)?$/.test(moneyTolerance))
    throw new UsageError(`--money-tolerance "${moneyTolerance}" should be an amount such as 0.01.`);
  const out =
    text("out") ?? join(dirname(input), `${basename(input, extname(input))}.${suffix}.xlsx`);
  if (resolve(out) === resolve(input)) {
    throw new UsageError(
      `--out ${out} is the input workbook; StockRec never overwrites its input. Choose another file.`,
    );
  }
  return {
    input,
    books: text("books"),
    statements: statementChoices("statement", values.statement as string[] | undefined),
    locations: text("locations"),
    securityMaster: text("security-master"),
    prices: text("prices"),
    booksMoney: text("books-money"),
    moneyStatements: statementChoices(
      "money-statement",
      values["money-statement"] as string[] | undefined,
    ),
    moneyTolerance,
    mapping: text("mapping"),
    asOf,
    out,
    json: values.json === true,
  };
}

export async function openWorkbook(path: string): Promise<XlsxWorkbook> {
  if (!existsSync(path))
    throw new UsageError(`There is no file "${path}". Check the path and try again.`);
  const { XlsxWorkbook } = await import("../xlsx/xlsxWorkbook");
  return XlsxWorkbook.fromBuffer(readFileSync(path));
}

/** The detected plan, with every part the flags name taken from the flags. */
export async function planFor(
  workbook: XlsxWorkbook,
  request: Request,
  settings: Settings,
): Promise<{ plan: RunPlan | null; issues: readonly Issue[] }> {
  const detection = await detectSheetRoles(workbook, { settings });
  const detected = detection.plan;
  const books = request.books ?? detected?.books ?? null;
  const statements =
    request.statements.length > 0
      ? request.statements
      : detection.proposals
          .filter((p) => p.role === "statement" && p.sheet !== books)
          .map((p) => ({ sheet: p.sheet, contra: null }));
  if (books === null || statements.length === 0) return { plan: null, issues: detection.issues };
  const moneyStatements =
    request.moneyStatements.length > 0
      ? request.moneyStatements
      : (detected?.moneyStatements ?? []);
  return {
    plan: {
      books,
      statements,
      asOf: request.asOf,
      locations: request.locations ?? detected?.locations ?? null,
      securityMaster: request.securityMaster ?? detected?.securityMaster ?? null,
      prices: request.prices ?? detected?.prices ?? null,
      booksMoney: request.booksMoney ?? detected?.booksMoney ?? null,
      moneyStatements,
    },
    issues: [],
  };
}

/** The workbook's saved settings, overridden by the --mapping file and --money-tolerance. */
export async function settingsFor(
  workbook: XlsxWorkbook,
  request: Request,
): Promise<{ settings: Settings; changed: boolean }> {
  let { settings } = await loadSettings(workbook);
  let changed = false;
  if (request.mapping !== null) {
    const file = readMappingFile(request.mapping);
    for (const [sheet, profile] of Object.entries(file.profiles))
      settings = withProfile(settings, sheet, profile);
    if (file.moneyTolerance !== null)
      settings = { ...settings, moneyTolerance: file.moneyTolerance };
    changed = true;
  }
  if (request.moneyTolerance !== null)
    settings = { ...settings, moneyTolerance: request.moneyTolerance };
  return { settings, changed };
}

export async function reconcileCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const csv = parseCsvRequest(args);
  if (csv !== null) return reconcileCsvCommand(csv, io);
  const request = parseRequest(args);
  if (request === "help") {
    io.out(RECONCILE_HELP);
    return 0;
  }
  const workbook = await openWorkbook(request.input);
  const { settings, changed } = await settingsFor(workbook, request);
  const { plan, issues: planIssues } = await planFor(workbook, request, settings);
  if (plan === null) return cannotRun(io, request, planIssues);
  const { result, issues } = await reconcileWorkbook(workbook, plan, { settings });
  if (result === null) return cannotRun(io, request, issues);
  const written = await writeBreaksSheet(workbook, result);
  // Nothing is written when the Breaks sheet cannot be (its month is signed off, or its status
  // entries cannot be read): the issues say why.
  if (!written.written) return cannotRun(io, request, [...result.issues, ...written.issues]);
  const trail = await recordEvents(
    workbook,
    [
      {
        action: "run",
        scope: "Breaks",
        details: `Reconciliation as of ${result.asOf}: ${result.breaks.length} breaks, ${result.matchedCount} matched`,
      },
    ],
    { timestamp: systemNow(), actor: "(command line)" },
  );
  for (const issue of trail.issues) io.err(`stockrec: ${formatIssue(issue)}\n`);
  if (changed) await saveSettings(workbook, settings);
  mkdirSync(dirname(resolve(request.out)), { recursive: true });
  writeFileSync(request.out, await workbook.toBuffer());
  if (request.json) io.out(JSON.stringify(resultJson(result, plan, request.out), null, 2) + "\n");
  else io.out(humanSummary(result, plan, request.out));
  return findsRuleBroken(result) ? 1 : 0;
}

/**
 * A CSV run: no workbook operand, and --books names a .csv file. With a workbook operand the
 * flags name its sheets, whatever their names end in.
 */
function parseCsvRequest(
  args: readonly string[],
): (Request & { statementFiles: CsvSource[] }) | null {
  const { values, positionals } = parse(args, RUN_OPTIONS);
  const books = values.books as string | undefined;
  if (values.help === true || positionals.length > 0) return null;
  if (books === undefined || !isCsvPath(books)) return null;
  for (const option of [
    "locations",
    "security-master",
    "prices",
    "books-money",
    "money-statement",
  ]) {
    if (values[option] !== undefined)
      throw new UsageError(`--${option} needs a workbook; a CSV run reconciles positions only.`);
  }
  const statements = statementChoices("statement", values.statement as string[] | undefined);
  if (statements.length === 0)
    throw new UsageError("Name the statement files: --statement FILE.csv[=CONTRA] (repeatable).");
  for (const file of [books, ...statements.map((s) => s.sheet)]) {
    if (!isCsvPath(file))
      throw new UsageError(`"${file}" is not a .csv file; a CSV run takes CSV files only.`);
    if (!existsSync(file))
      throw new UsageError(`There is no file "${file}". Check the path and try again.`);
  }
  const out =
    (values.out as string | undefined) ??
    join(dirname(books), `${basename(books, extname(books))}.breaks.csv`);
  if (![".csv", ".xlsx"].includes(extname(out).toLowerCase()))
    throw new UsageError(`--out ${out} should end in .csv or .xlsx.`);
  if ([books, ...statements.map((s) => s.sheet)].some((file) => resolve(file) === resolve(out)))
    throw new UsageError(`--out ${out} is an input file; StockRec never overwrites its input.`);
  const request = requestFrom({ ...values, books: undefined }, ["(csv).xlsx"], "reconciled");
  return {
    ...request,
    input: books,
    books,
    statements,
    out,
    statementFiles: statements.map((s) => ({ path: s.sheet, contra: s.contra })),
  };
}

async function reconcileCsvCommand(
  request: Request & { statementFiles: CsvSource[] },
  io: CommandIo,
): Promise<number> {
  let settings: Settings = DEFAULT_SETTINGS;
  if (request.mapping !== null) {
    const file = readMappingFile(request.mapping);
    for (const [sheet, profile] of Object.entries(file.profiles))
      settings = withProfile(settings, sheet, profile);
  }
  const outcome = await reconcileCsvFilesInParallel({
    books: { path: request.books!, contra: null },
    statements: request.statementFiles,
    asOf: request.asOf,
    settings,
  });
  if (!outcome.ok) return cannotRun(io, request, outcome.issues);
  const result = outcome.result;
  const plan: RunPlan = {
    books: csvSheetName(request.books!),
    statements: request.statementFiles.map((s) => ({
      sheet: csvSheetName(s.path),
      contra: s.contra,
    })),
    asOf: request.asOf,
    locations: null,
    securityMaster: null,
    prices: null,
    booksMoney: null,
    moneyStatements: [],
  };
  mkdirSync(dirname(resolve(request.out)), { recursive: true });
  if (extname(request.out).toLowerCase() === ".csv")
    await writeBreaksCsv(request.out, result.breaks);
  else {
    if (result.breaks.length > EXCEL_MAX_ROWS - 1) {
      io.err(
        `stockrec: ${result.breaks.length} breaks do not fit in a worksheet (at most ${EXCEL_MAX_ROWS - 1} below the header); nothing was written. Write them as CSV: --out ${basename(request.out, extname(request.out))}.csv\n`,
      );
      return 2;
    }
    const { XlsxWorkbook } = await import("../xlsx/xlsxWorkbook");
    const workbook = XlsxWorkbook.createEmpty();
    await writeBreaksSheet(workbook, result, { statuses: [] });
    writeFileSync(request.out, await workbook.toBuffer());
  }
  if (request.json) io.out(JSON.stringify(resultJson(result, plan, request.out), null, 2) + "\n");
  else io.out(humanSummary(result, plan, request.out));
  return findsRuleBroken(result) ? 1 : 0;
}

/** Rows in an Excel worksheet. */
const EXCEL_MAX_ROWS = 1_048_576;

export function cannotRun(io: CommandIo, request: Request, issues: readonly Issue[]): number {
  const lines = issues.filter((i) => i.severity === "error").map(formatIssue);
  io.err(
    `stockrec: cannot reconcile ${request.input}:\n${lines.map((l) => `  ${l}`).join("\n")}\n`,
  );
  if (request.json)
    io.out(JSON.stringify({ error: "cannot_run", issues: issues.map(issueJson) }, null, 2) + "\n");
  return 2;
}

export function issueJson(issue: Issue): Record<string, unknown> {
  return {
    code: issue.code,
    severity: issue.severity,
    sheet: issue.where.sheet,
    row: issue.where.row ?? null,
    column: issue.where.column ?? null,
    message: issue.message,
    hint: issue.hint,
  };
}

export function resultJson(
  result: ReconciliationResult,
  plan: RunPlan,
  out: string,
): Record<string, unknown> {
  return {
    asOf: result.asOf,
    plan,
    breaks: result.breaks.map((b) => ({
      id: b.id,
      securityId: b.securityId,
      securityKey: b.securityKey,
      description: b.description,
      contra: b.contra,
      booksQuantity: toDecimalString(b.booksQuantity),
      statementQuantity: toDecimalString(b.statementQuantity),
      differenceQuantity: toDecimalString(b.difference),
      direction: b.direction,
      kind: b.kind,
      locations: b.locations,
      booksRows: b.booksRows,
      statementRows: b.statementRows,
      unreadableRows: b.unreadableRows,
    })),
    moneyBreaks: (result.money?.breaks ?? []).map((b) => ({
      id: b.id,
      contra: b.contra,
      account: b.account,
      currency: b.currency,
      glAccounts: b.glAccounts,
      description: b.description,
      booksBalance: toDecimalString(b.booksBalance),
      statementBalance: toDecimalString(b.statementBalance),
      differenceAmount: toDecimalString(b.difference),
      direction: b.direction,
      kind: b.kind,
      booksRows: b.booksRows,
      statementRows: b.statementRows,
      unreadableRows: b.unreadableRows,
    })),
    money:
      result.money === null
        ? null
        : {
            tolerance: result.money.tolerance,
            matchedCount: result.money.matched.length,
            withinToleranceCount: result.money.matched.filter((m) => m.withinTolerance).length,
          },
    matchedCount: result.matchedCount,
    contras: result.contras.map((c) => ({
      contra: c.contra,
      breakCount: c.breakCount,
      matchedCount: c.matchedCount,
      booksTotal: toDecimalString(c.booksTotal),
      statementTotal: toDecimalString(c.statementTotal),
      differenceTotal: toDecimalString(c.differenceTotal),
      conserved: c.conserved,
    })),
    inputs: result.inputs,
    issues: result.issues.map(issueJson),
    output: out,
  };
}

/** A break with unreadable rows is not the whole story: say so beside it. */
function incomplete(b: Break): string {
  return b.unreadableRows.length === 0
    ? ""
    : ` (incomplete: quantity unreadable in ${formatSourceRows(b.unreadableRows)})`;
}

function moneySummary(result: ReconciliationResult): string[] {
  const money = result.money;
  if (money === null) return [];
  const lines = [
    "",
    `Money balances: ${money.breaks.length} breaks, ${money.matched.length} balances matched (tolerance ${money.tolerance}).`,
  ];
  for (const b of money.breaks.slice(0, 15)) {
    lines.push(
      `  ${b.account.padEnd(16)} ${b.contra.padEnd(8)} ${b.currency} ${directionLabel(b.direction).padEnd(5)} ${formatGroupedFixed(abs(b.difference), 2).padStart(16)}  ${MONEY_KIND_LABELS[b.kind]}`,
    );
  }
  if (money.breaks.length > 15)
    lines.push(`  … and ${money.breaks.length - 15} more in the Money Breaks sheet`);
  return lines;
}

function humanSummary(result: ReconciliationResult, plan: RunPlan, out: string): string {
  const lines: string[] = [];
  lines.push(`StockRec monthly reconciliation as of ${result.asOf} (FINRA 4522(b)(1))`, "");
  const roleLabels = {
    books: ["Stock record", "positions"],
    statement: ["Statement", "positions"],
    booksMoney: ["Books cash", "balances"],
    statementMoney: ["Cash stmt", "balances"],
  } as const;
  for (const input of result.inputs) {
    const [label, unit] = roleLabels[input.role];
    lines.push(
      `  ${label.padEnd(12)}  ${input.sheet.padEnd(16)} ${String(input.dataRows).padStart(6)} rows  ${String(input.records).padStart(6)} ${unit.padEnd(9)}  ${input.contras.join(", ")}`,
    );
  }

  lines.push(
    "",
    `  ${"Contra".padEnd(10)} ${"Matched".padStart(8)} ${"Breaks".padStart(7)} ${"Books".padStart(16)} ${"Statement".padStart(16)}  Identity`,
  );
  for (const c of result.contras) {
    lines.push(
      `  ${c.contra.padEnd(10)} ${String(c.matchedCount).padStart(8)} ${String(c.breakCount).padStart(7)} ${formatGrouped(c.booksTotal).padStart(16)} ${formatGrouped(c.statementTotal).padStart(16)}  ${c.conserved ? "books + differences = statement" : "BROKEN"}`,
    );
  }
  lines.push(
    "",
    `${result.breaks.length} breaks, ${result.matchedCount} positions matched. Largest first:`,
  );
  for (const b of result.breaks.slice(0, 25)) {
    lines.push(
      `  ${b.securityId.padEnd(13)} ${b.contra.padEnd(8)} ${directionLabel(b.direction).padEnd(5)} ${formatGrouped(abs(b.difference)).padStart(14)}  ${KIND_LABELS[b.kind]}${incomplete(b)}`,
    );
  }
  if (result.breaks.length > 25)
    lines.push(`  … and ${result.breaks.length - 25} more in the Breaks sheet`);
  lines.push(...moneySummary(result));
  const counts = (["error", "warning", "info"] as const).map(
    (s) => `${result.issues.filter((i) => i.severity === s).length} ${s}${s === "info" ? "" : "s"}`,
  );
  lines.push("", `Issues: ${counts.join(", ")}`);
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const bySeverity = [...result.issues].sort((a, b) => rank[a.severity] - rank[b.severity]);
  for (const issue of bySeverity.slice(0, 30))
    lines.push(`  ${issue.severity.padEnd(7)} ${formatWhere(issue.where)}: ${issue.message}`);
  if (result.issues.length > 30)
    lines.push(`  … and ${result.issues.length - 30} more (use --json for all)`);
  lines.push(
    "",
    `Wrote ${result.money === null ? "the Breaks sheet" : "the Breaks and Money Breaks sheets"} to ${out}.`,
    ...[
      plan.locations ? `Locations map: ${plan.locations}.` : "",
      plan.securityMaster ? `Security master: ${plan.securityMaster}.` : "",
    ].filter((line) => line !== ""),
    "",
  );
  return lines.join("\n");
}

export function isUserError(error: unknown): error is UsageError | WorkbookPortError {
  return error instanceof UsageError || error instanceof WorkbookPortError;
}
