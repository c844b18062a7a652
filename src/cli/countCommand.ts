/**
 * `stockrec count generate|record|compare <workbook.xlsx> --count-date YYYY-MM-DD`: the SEA Rule
 * 17a-13 quarterly security count over an .xlsx file (src/workbook/countRun.ts). Generate writes
 * the `Count <date>` sheet from the stock record; record enters a scanner or count file (CSV) and
 * the counter's and supervisor's names; compare checks the count and the verifications against
 * the records, who counted and the schedule, and with --post appends the count's differences to
 * the Difference account. Exit 0 clean, 1 something must be acted on, 2 it could not run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import Papa from "papaparse";
import type { CountSchedule } from "../domain/countSchedule";
import type { CountPeople, Custodian } from "../domain/countIndependence";
import { abs, formatGrouped, sign, toDecimalString, type Decimal } from "../domain/decimal";
import type { LedgerEntry } from "../domain/differenceLedger";
import { normaliseHeader } from "../domain/headers";
import { parseSecurityId } from "../domain/values";
import { parseIsoDate, type IsoDate } from "../domain/isoDate";
import { formatIssue, formatWhere, hasErrors, type Issue } from "../domain/issues";
import { LEDGER_SHEET } from "../domain/ledgerSheet";
import { SETTINGS_SHEET, type Settings } from "../domain/settings";
import {
  COUNT_OUTCOME_LABELS,
  POSSESSION_LABELS,
  type ComparedLine,
  type CountLine,
} from "../domain/securityCount";
import { lockedPeriodIssue } from "../workbook/periodLock";
import { recordEvents, type TrailEvent } from "../workbook/auditTrail";
import { clockHeadline, longDate } from "../workbook/clockHeadline";
import {
  compareCountSheet,
  countsHeld,
  generateCountSheet,
  recordCount,
  type CountEntry,
  type CountResult,
} from "../workbook/countRun";
import { countSchedule } from "../domain/countSchedule";
import { countScheduleTable } from "../workbook/countScheduleSheet";
import { detectSheetRoles } from "../workbook/monthEnd";
import { loadSettings, saveSettings } from "../workbook/settingsStore";
import type { XlsxWorkbook } from "../xlsx/xlsxWorkbook";
import { parse, UsageError, workbookOperand } from "./args";
import type { CommandIo } from "./io";
import { issueJson, openWorkbook } from "./reconcileCommand";
import { systemNow } from "./signoffCommand";

export const COUNT_HELP = `Usage: stockrec count generate|record|compare <workbook.xlsx> --count-date YYYY-MM-DD [options]

The SEA Rule 17a-13 quarterly security count (FINRA 4522(a)), in three steps on one
"Count YYYY-MM-DD" sheet:

  generate   write the count sheet from the stock record: securities in the firm's possession
             (vault, box) to count, and those out of its possession (in transfer, in transit,
             pledged, loaned, borrowed, fails, repo) to account for; those in such a status
             more than 30 days must be verified (confirmation date and reference). Positions
             deposited at a depository the monthly reconciliation covers are listed, verified by
             its statement. Printable: landscape, one page wide, header on every page.
  record     enter counted quantities and confirmations from a scanner or count file (--counts),
             and who counted and supervised (--counted-by, --supervised-by)
  compare    count and verification against the records (difference = counted or confirmed −
             books: Short when negative, Long when positive), who counted (independence), the
             schedule (a count each calendar quarter, 2 to 4 months apart), and the postings to
             the Difference account; --post appends them (each difference once, marked as the
             quarterly count's), due within 7 business days of the count date

Options:
  --count-date YYYY-MM-DD   the count (required); the sheet is "Count YYYY-MM-DD"
  --books SHEET             the stock record (default: detected, as stockrec reconcile does)
  --locations SHEET         the locations map; its Count Status column classifies locations
                            (default: detected)
  --cycle NAME              generate: this count is one part of a cyclical count (e.g. 2026-Q4)
  --only-locations A,B      generate: count only these locations (a part of a cycle)
  --replace                 generate: rebuild an existing count sheet, keeping every entry on its
                            line (refused if an entry would lose its line)
  --counts FILE.csv         record: a count file with headers such as Security ID (or CUSIP,
                            ISIN), Location, Counted Quantity (or Quantity, Count), and
                            optionally Counted By, Supervised By, Confirmation Date,
                            Confirmation Reference, Confirmed Quantity, Note, Line ID
  --counted-by NAME         record: who counted, filled into every entry that names nobody
  --supervised-by NAME      record: who supervised, likewise
  --custodian "NAME[=LOC,LOC]"
                            a custodian of the securities (at these locations; all without);
                            repeatable; saved in the workbook's settings
  --record-keeper NAME      a keeper of the stock record; repeatable; saved likewise
  --today YYYY-MM-DD        the day of posting (default: today's date on this computer)
  --post                    compare: append the count's differences to the Difference Account
  --actor NAME              who posts (required with --post; typed, not a verified identity)
  --confirm-resolution SEC  compare: a security whose count difference disappeared is
                            resolved: post the adjustment that closes it (repeatable)
  --out FILE                where to write (default beside the input: <workbook>.count.xlsx
                            for generate, .recorded.xlsx for record, .compared.xlsx for compare)
  --json                    print the result as JSON (quantities as exact decimal strings)
  -h, --help                show this help

Names are typed, not verified identities. Exit status: 0 done and nothing to act on; 1 done,
but something must be acted on (lines not counted, items unverified, a difference unposted
past its deadline, a late posting, a count not independent, a schedule violation); 2 it could
not run (bad usage, no count sheet, an entry would be lost, a signed-off period).
`;

const COUNT_OPTIONS = {
  "count-date": { type: "string" },
  books: { type: "string" },
  locations: { type: "string" },
  cycle: { type: "string" },
  "only-locations": { type: "string" },
  replace: { type: "boolean" },
  counts: { type: "string" },
  "counted-by": { type: "string" },
  "supervised-by": { type: "string" },
  custodian: { type: "string", multiple: true },
  "record-keeper": { type: "string", multiple: true },
  today: { type: "string" },
  post: { type: "boolean" },
  actor: { type: "string" },
  "confirm-resolution": { type: "string", multiple: true },
  out: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const STEPS = ["generate", "record", "compare"] as const;
type Step = (typeof STEPS)[number];

interface CountRequest {
  readonly step: Step;
  readonly input: string;
  readonly out: string;
  readonly countDate: IsoDate;
  readonly today: IsoDate;
  readonly json: boolean;
  readonly values: Record<string, unknown>;
}

function text(values: Record<string, unknown>, name: string): string | null {
  const value = (values[name] as string | undefined)?.trim();
  return value === undefined || value === "" ? null : value;
}

function dateFlag(values: Record<string, unknown>, name: string): IsoDate | null {
  const given = text(values, name);
  if (given === null) return null;
  const date = parseIsoDate(given);
  if (date === null)
    throw new UsageError(`--${name} "${given}" is not a date; write it as YYYY-MM-DD.`);
  return date;
}

/** The local calendar date of this computer: the clock is read once, here at the edge. */
function systemToday(): IsoDate {
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, "0");
  return parseIsoDate(`${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`)!;
}

const STEP_SUFFIX = { generate: "count", record: "recorded", compare: "compared" } as const;

/**
 * Beside the input, named for the step: `month.xlsx` → `month.count.xlsx` → `month.recorded.xlsx`
 * → `month.compared.xlsx`, so each step can run on the last one's file without --out.
 */
function defaultOut(input: string, step: (typeof STEPS)[number]): string {
  const base = basename(input, extname(input)).replace(/\.(count|recorded|compared)$/, "");
  return join(dirname(input), `${base}.${STEP_SUFFIX[step]}.xlsx`);
}

function requestFrom(args: readonly string[]): CountRequest | "help" {
  const { values, positionals } = parse(args, COUNT_OPTIONS);
  if (values.help === true) return "help";
  const [step, ...rest] = positionals;
  if (step === undefined || !(STEPS as readonly string[]).includes(step)) {
    throw new UsageError(
      step === undefined
        ? "Say which step: stockrec count generate|record|compare <workbook.xlsx> --count-date YYYY-MM-DD."
        : `"${step}" is not a step of the count; use generate, record or compare.`,
    );
  }
  const input = workbookOperand(rest, "count");
  const countDate = dateFlag(values, "count-date");
  if (countDate === null) throw new UsageError("Give the count date with --count-date YYYY-MM-DD.");
  const out = text(values, "out") ?? defaultOut(input, step as (typeof STEPS)[number]);
  if (resolve(out) === resolve(input)) {
    throw new UsageError(
      `--out ${out} is the input workbook; StockRec never overwrites its input. Choose another file.`,
    );
  }
  const only = (name: string, allowed: readonly Step[]) => {
    if (values[name] !== undefined && !allowed.includes(step as Step))
      throw new UsageError(`--${name} belongs to "stockrec count ${allowed.join("|")}".`);
  };
  for (const name of ["cycle", "only-locations", "replace"]) only(name, ["generate"]);
  for (const name of ["counts", "counted-by", "supervised-by"]) only(name, ["record"]);
  for (const name of ["post", "actor", "confirm-resolution"]) only(name, ["compare"]);
  if (values.post === true && text(values, "actor") === null)
    throw new UsageError("Name who posts with --actor NAME (the name is recorded on every entry).");
  return {
    step: step as Step,
    input,
    out,
    countDate,
    today: dateFlag(values, "today") ?? systemToday(),
    json: values.json === true,
    values,
  };
}

// ---------------------------------------------------------------------------------------------
// The count people (settings)

/** `NAME` or `NAME=LOC,LOC`. */
function custodianFlag(value: string): Custodian {
  const at = value.indexOf("=");
  const name = (at < 0 ? value : value.slice(0, at)).trim();
  const locations =
    at < 0
      ? []
      : value
          .slice(at + 1)
          .split(",")
          .map((l) => l.trim())
          .filter((l) => l !== "");
  if (name === "" || (at >= 0 && locations.length === 0))
    throw new UsageError(`--custodian "${value}" should be NAME or NAME=LOCATION,LOCATION.`);
  return { name, locations };
}

/** The saved count people, with the lists the flags give replacing the saved ones. */
function peopleFrom(
  values: Record<string, unknown>,
  saved: CountPeople,
): { people: CountPeople; changed: boolean } {
  const custodians = (values.custodian as string[] | undefined)?.map(custodianFlag);
  const keepers = (values["record-keeper"] as string[] | undefined)
    ?.map((k) => k.trim())
    .filter((k) => k !== "");
  if (custodians === undefined && keepers === undefined) return { people: saved, changed: false };
  return {
    people: {
      custodians: custodians ?? saved.custodians,
      recordKeepers: keepers ?? saved.recordKeepers,
    },
    changed: true,
  };
}

// ---------------------------------------------------------------------------------------------
// The count file (--counts)

const FILE_COLUMNS = {
  lineId: ["line id", "line", "count line"],
  securityId: ["security id", "cusip", "isin", "sec id", "security", "cusip isin", "identifier"],
  location: ["location", "loc", "count location"],
  "Counted Quantity": [
    "counted quantity",
    "quantity",
    "count",
    "counted",
    "qty",
    "quantity counted",
  ],
  "Counted By": ["counted by", "counter"],
  "Supervised By": ["supervised by", "supervisor"],
  "Confirmation Date": ["confirmation date", "confirmed on", "confirmation dated"],
  "Confirmation Reference": ["confirmation reference", "confirmation ref", "confirmation"],
  "Confirmed Quantity": ["confirmed quantity", "quantity confirmed"],
  Note: ["note", "notes", "comment", "comments"],
} as const;
type FileColumn = keyof typeof FILE_COLUMNS;
const ENTRY_COLUMNS: readonly FileColumn[] = [
  "Counted Quantity",
  "Counted By",
  "Supervised By",
  "Confirmation Date",
  "Confirmation Reference",
  "Confirmed Quantity",
  "Note",
];

/** Over this many rows a count file is refused (a vault count is thousands of lines, not millions). */
export const MAX_COUNT_FILE_ROWS = 100_000;

/**
 * The entries of a scanner or count file (CSV, header row first; blank rows skipped). A row that
 * names no line, or enters nothing, is an issue naming the file and row; null when the file has
 * no column to find lines by or nothing to enter (it is not a count file).
 */
export function readCountFile(
  file: string,
  csv: string,
): { entries: CountEntry[]; issues: Issue[] } | null {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: false });
  const rows = parsed.data.slice(0, MAX_COUNT_FILE_ROWS + 1);
  const blank = (row: readonly string[]) => row.every((cell) => cell.trim() === "");
  const headerIndex = rows.findIndex((row) => !blank(row));
  if (headerIndex < 0) return null;
  const header = rows[headerIndex]!.map((h) => normaliseHeader(h));
  const column = new Map<FileColumn, number>();
  for (const [field, names] of Object.entries(FILE_COLUMNS) as [FileColumn, readonly string[]][]) {
    const index = header.findIndex((h) => names.includes(h));
    if (index >= 0) column.set(field, index);
  }
  const findsLines = column.has("lineId") || column.has("securityId");
  if (!findsLines || !ENTRY_COLUMNS.some((c) => column.has(c))) return null;
  const entries: CountEntry[] = [];
  const issues: Issue[] = [];
  for (let index = headerIndex + 1; index < rows.length; index++) {
    const row = rows[index]!;
    if (blank(row)) continue;
    const cell = (field: FileColumn) => {
      const at = column.get(field);
      return at === undefined ? "" : (row[at] ?? "").trim();
    };
    const where = { sheet: file, row: index + 1 };
    const source = `${file} row ${index + 1}`;
    const cells: Record<string, string> = {};
    for (const c of ENTRY_COLUMNS) if (cell(c) !== "") cells[c] = cell(c);
    if (cell("lineId") === "" && cell("securityId") === "") {
      issues.push({
        code: "count_file_row_must_name_a_line",
        severity: "error",
        where,
        message: `${source} (${row.join(", ").slice(0, 80)}) gives neither a Line ID nor a security id, so it belongs to no line; it was not recorded.`,
        hint: "Give the security id and location as the count sheet writes them, or its Line ID.",
      });
      continue;
    }
    if (Object.keys(cells).length === 0) {
      issues.push({
        code: "count_file_row_must_enter_something",
        severity: "error",
        where,
        message: `${source} names ${cell("lineId") || `${cell("securityId")} at ${cell("location") || "no location"}`} but enters nothing (no quantity, name or confirmation); it was not recorded.`,
        hint: "Fill in the counted quantity (0 when none was found) or the confirmation, or delete the row.",
      });
      continue;
    }
    entries.push({
      source,
      where,
      ...(cell("lineId") === "" ? {} : { lineId: cell("lineId") }),
      ...(cell("securityId") === "" ? {} : { securityId: cell("securityId") }),
      ...(cell("location") === "" ? {} : { location: cell("location") }),
      cells,
    });
  }
  if (parsed.data.length > MAX_COUNT_FILE_ROWS + 1) {
    issues.push({
      code: "count_file_must_not_be_too_long",
      severity: "error",
      where: { sheet: file, row: MAX_COUNT_FILE_ROWS + 2 },
      message: `${file} has ${parsed.data.length} rows; only the first ${MAX_COUNT_FILE_ROWS + 1} were read.`,
      hint: "Split the file and record each part in turn.",
    });
  }
  return { entries, issues };
}

function countFileEntries(path: string): { entries: CountEntry[]; issues: Issue[] } {
  if (!existsSync(path))
    throw new UsageError(`There is no file "${path}". Check the path and try again.`);
  const read = readCountFile(basename(path), readFileSync(path, "utf8"));
  if (read === null) {
    throw new UsageError(
      `${path} is not a count file: it needs a header row with a Security ID (or CUSIP, ISIN) or Line ID column and a Counted Quantity (or Quantity, Count) or confirmation column.`,
    );
  }
  return read;
}

// ---------------------------------------------------------------------------------------------
// The command

export async function countCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const request = requestFrom(args);
  if (request === "help") {
    io.out(COUNT_HELP);
    return 0;
  }
  const workbook = await openWorkbook(request.input);
  const loaded = await loadSettings(workbook);
  const { people, changed } = peopleFrom(request.values, loaded.settings.countPeople);
  const settings: Settings = { ...loaded.settings, countPeople: people };
  const run =
    request.step === "generate"
      ? await generate(workbook, request, settings)
      : await recordAndCompare(workbook, request, settings, people);
  if (run.cannotRun !== null) return cannotRun(io, request, run.cannotRun);
  if (changed) await saveSettings(workbook, settings);
  const events: TrailEvent[] = [...run.events];
  if (changed) {
    events.push({
      action: "settings",
      scope: SETTINGS_SHEET,
      details: `Count people saved: ${people.custodians.length} custodian(s), ${people.recordKeepers.length} record keeper(s)`,
    });
  }
  const actor = text(request.values, "actor") ?? "(command line)";
  const trail = await recordEvents(workbook, events, { timestamp: systemNow(), actor });
  const issues = [...loaded.issues, ...run.issues, ...trail.issues];
  mkdirSync(dirname(resolve(request.out)), { recursive: true });
  writeFileSync(request.out, await workbook.toBuffer());
  if (request.json) io.out(JSON.stringify(run.json(issues), null, 2) + "\n");
  else io.out(run.human(issues));
  return run.actOn || trail.issues.length > 0 ? 1 : 0;
}

interface StepRun {
  /** Issues that stop the step (nothing is written), or null. */
  readonly cannotRun: readonly Issue[] | null;
  readonly issues: readonly Issue[];
  readonly events: readonly TrailEvent[];
  readonly actOn: boolean;
  readonly json: (issues: readonly Issue[]) => Record<string, unknown>;
  readonly human: (issues: readonly Issue[]) => string;
}

const refusedRun = (issues: readonly Issue[]): StepRun => ({
  cannotRun: issues,
  issues,
  events: [],
  actOn: true,
  json: () => ({}),
  human: () => "",
});

function cannotRun(io: CommandIo, request: CountRequest, issues: readonly Issue[]): number {
  const lines = issues.filter((i) => i.severity === "error").map(formatIssue);
  io.err(
    `stockrec: cannot ${request.step} the count of ${request.countDate} in ${request.input}:\n${lines.map((l) => `  ${l}`).join("\n")}\nNothing was written.\n`,
  );
  if (request.json)
    io.out(JSON.stringify({ error: "cannot_run", issues: issues.map(issueJson) }, null, 2) + "\n");
  return 2;
}

/** The stock record and locations map: the flags, else detected as stockrec reconcile does. */
async function sourcesFor(
  workbook: XlsxWorkbook,
  request: CountRequest,
  settings: Settings,
): Promise<{ books: string; locations: string | null } | { issues: readonly Issue[] }> {
  const books = text(request.values, "books");
  const locations = text(request.values, "locations");
  if (books !== null && locations !== null) return { books, locations };
  const detection = await detectSheetRoles(workbook, { settings });
  const detected = (role: string) =>
    detection.proposals.find((p) => p.role === role)?.sheet ?? null;
  const found = books ?? detected("books");
  if (found === null)
    return { issues: detection.issues.filter((i) => i.code === "stock_record_sheet_is_required") };
  return { books: found, locations: locations ?? detected("locations") };
}

async function generate(
  workbook: XlsxWorkbook,
  request: CountRequest,
  settings: Settings,
): Promise<StepRun> {
  const sources = await sourcesFor(workbook, request, settings);
  if ("issues" in sources) return refusedRun(sources.issues);
  const onlyText = text(request.values, "only-locations");
  const generated = await generateCountSheet(workbook, sources, {
    countDate: request.countDate,
    cycle: text(request.values, "cycle"),
    onlyLocations:
      onlyText === null
        ? null
        : onlyText
            .split(",")
            .map((l) => l.trim())
            .filter((l) => l !== ""),
    replace: request.values.replace === true,
    settings,
  });
  if (!generated.written) return refusedRun(generated.issues);
  const held = await countsHeld(workbook);
  const schedule = countSchedule(held.counts, laterOf(request.today, request.countDate));
  await workbook.writeTable(countScheduleTable(schedule, held.counts));
  const issues = [...generated.issues, ...schedule.issues];
  const tally = tallyLines(generated.lines, []);
  return {
    cannotRun: null,
    issues,
    events: [
      {
        action: "run",
        scope: generated.sheetName,
        details: `Count of ${request.countDate} generated from ${sources.books}: ${generated.lines.length} lines (${tally.toCount} to count, ${tally.toVerify} to verify)${generated.keptEntries > 0 ? `; ${generated.keptEntries} lines' entries kept` : ""}`,
      },
    ],
    actOn: hasErrors(issues),
    json: (all) => ({
      step: "generate",
      countDate: request.countDate,
      sheet: generated.sheetName,
      cycle: generated.cycle,
      books: sources.books,
      locations: sources.locations,
      keptEntries: generated.keptEntries,
      tally,
      lines: generated.lines.map((l) => lineJson(l, null)),
      schedule: scheduleJson(schedule),
      out: request.out,
      issues: all.map(issueJson),
    }),
    human: (all) =>
      [
        `Count of ${request.countDate}: wrote ${generated.sheetName} from ${sources.books} — ${tallyText(tally)}.`,
        generated.keptEntries > 0
          ? `  ${generated.keptEntries} line${generated.keptEntries === 1 ? "'s" : "s'"} entries kept on their lines.`
          : "",
        "",
        ...scheduleLines(schedule, request.countDate),
        ...issueLines(all.filter((i) => !schedule.issues.includes(i))),
        "",
        `Next: count, then stockrec count record ${request.out} --count-date ${request.countDate} --counts FILE.csv --counted-by NAME --supervised-by NAME`,
        `Wrote ${request.out}.`,
        "",
      ]
        .filter((line, i, all) => line !== "" || (i > 0 && all[i - 1] !== ""))
        .join("\n"),
  };
}

function laterOf(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

async function recordAndCompare(
  workbook: XlsxWorkbook,
  request: CountRequest,
  settings: Settings,
  people: CountPeople,
): Promise<StepRun> {
  const recordIssues: Issue[] = [];
  let recordedEntries = 0;
  if (request.step === "record") {
    const file = text(request.values, "counts");
    const fromFile = file === null ? { entries: [], issues: [] } : countFileEntries(file);
    recordIssues.push(...fromFile.issues);
    const recorded = await recordCount(workbook, {
      countDate: request.countDate,
      entries: fromFile.entries,
      countedBy: text(request.values, "counted-by"),
      supervisedBy: text(request.values, "supervised-by"),
    });
    if (recorded.read === null || !recorded.read.usable) return refusedRun(recorded.issues);
    const unmatched = recorded.issues.filter((i) => i.code === "count_entry_must_match_a_line");
    recordIssues.push(...unmatched);
    recordedEntries = fromFile.entries.length - unmatched.length;
  }
  const post = request.values.post === true;
  if (post) {
    const locked = await lockedPeriodIssue(
      workbook,
      request.countDate,
      `the count of ${request.countDate}`,
    );
    if (locked !== null) return refusedRun([locked]);
  }
  const actor = text(request.values, "actor") ?? "(not posted)";
  const { result, issues } = await compareCountSheet(workbook, {
    countDate: request.countDate,
    today: request.today,
    actor,
    post,
    // Keys as the ledger keeps them: an ISIN given finds the CUSIP's balance.
    confirmResolutions: new Set(
      ((request.values["confirm-resolution"] as string[] | undefined) ?? []).map((text) => {
        const id = parseSecurityId(text);
        return id.ok ? id.value.key : text.trim().toUpperCase();
      }),
    ),
    people,
    settings,
  });
  if (result === null) return refusedRun(issues);
  const all = [...recordIssues, ...result.issues];
  const tally = tallyLines(
    result.comparison.lines.map((c) => c.recorded.line),
    result.comparison.lines,
  );
  const events: TrailEvent[] = [
    {
      action: "run",
      scope: result.sheetName,
      details:
        request.step === "record"
          ? `Count of ${request.countDate} recorded: ${recordedEntries} entries${text(request.values, "counts") === null ? "" : ` from ${basename(text(request.values, "counts")!)}`}; ${tallyText(tally)}`
          : `Count of ${request.countDate} compared: ${tallyText(tally)}; ${result.comparison.observed.length} securities differ`,
    },
  ];
  if (result.posted.length > 0) {
    events.push({
      action: "posting",
      scope: LEDGER_SHEET,
      details: `Posted ${result.posted.map((p) => p.entryId).join(", ")} for the security count of ${request.countDate}`,
    });
  }
  const late = result.posted.some((p) => !p.onTime);
  const actOn =
    tally.notCounted > 0 ||
    tally.unverified > 0 ||
    result.clock.overdue ||
    late ||
    hasErrors(all) ||
    result.independence.length > 0 ||
    result.schedule.issues.length > 0 ||
    result.cycleIssues.length > 0;
  return {
    cannotRun: null,
    issues: all,
    events,
    actOn,
    json: (issues) => ({
      step: request.step,
      ...(request.step === "record" ? { recordedEntries } : {}),
      ...compareJson(result, tally, post),
      out: request.out,
      issues: issues.map(issueJson),
    }),
    human: (issues) => compareSummary(result, tally, post, request, issues),
  };
}

/** A reviewer's sign-off of the count month protects its Difference Account (as the close's). */

// ---------------------------------------------------------------------------------------------
// What the count stands at

interface Tally {
  readonly lines: number;
  /** In the firm's possession: to be counted. */
  readonly toCount: number;
  /** Out of possession more than 30 days (or for an unknown time): to be verified. */
  readonly toVerify: number;
  /** Out of possession 30 days or less: accounted for from the records. */
  readonly accountedFor: number;
  /** Deposited at a depository the monthly reconciliation covers. */
  readonly verifiedByReconciliation: number;
  readonly counted: number;
  readonly notCounted: number;
  readonly verified: number;
  readonly unverified: number;
  /** Lines whose count or confirmation differs from the books. */
  readonly differences: number;
}

function tallyLines(lines: readonly CountLine[], compared: readonly ComparedLine[]): Tally {
  const outcome = (o: string) => compared.filter((c) => c.outcome === o).length;
  const inPossession = lines.filter((l) => l.status === "in_possession");
  const away = lines.filter((l) => l.status !== "in_possession" && l.status !== "deposited");
  const verifying = compared.filter((c) => c.recorded.line.verificationRequired);
  return {
    lines: lines.length,
    toCount: inPossession.length,
    toVerify: away.filter((l) => l.verificationRequired).length,
    accountedFor: away.filter((l) => !l.verificationRequired).length,
    verifiedByReconciliation: lines.filter((l) => l.status === "deposited").length,
    counted: compared.filter(
      (c) => c.recorded.line.status === "in_possession" && c.outcome !== "not_counted",
    ).length,
    notCounted: outcome("not_counted"),
    verified: verifying.filter((c) => c.outcome !== "unverified").length,
    unverified: outcome("unverified"),
    differences: outcome("difference"),
  };
}

function tallyText(t: Tally): string {
  return `${t.lines} lines: ${t.toCount} to count, ${t.toVerify} to verify, ${t.accountedFor} accounted for, ${t.verifiedByReconciliation} verified by reconciliation`;
}

function direction(quantity: Decimal): "Long" | "Short" {
  return sign(quantity) < 0 ? "Short" : "Long";
}

function lineJson(line: CountLine, compared: ComparedLine | null): Record<string, unknown> {
  const r = compared?.recorded;
  const difference = compared?.difference ?? null;
  const differs = difference !== null && sign(difference) !== 0;
  return {
    lineId: line.lineId,
    securityId: line.securityId,
    description: line.description,
    location: line.location,
    status: line.status,
    statusSince: line.statusSince,
    daysInStatus: line.daysInStatus,
    booksQuantity: toDecimalString(line.booksQuantity),
    verificationRequired: line.verificationRequired,
    ...(compared === null
      ? {}
      : {
          countedQuantity: r!.countedQuantity === null ? null : toDecimalString(r!.countedQuantity),
          countedBy: r!.countedBy,
          supervisedBy: r!.supervisedBy,
          confirmationDate: r!.confirmationDate,
          confirmationReference: r!.confirmationReference,
          confirmedQuantity:
            r!.confirmedQuantity === null ? null : toDecimalString(r!.confirmedQuantity),
          outcome: compared.outcome,
          differenceQuantity: differs ? toDecimalString(difference) : null,
          direction: differs ? direction(difference).toLowerCase() : null,
        }),
  };
}

function postingJson(entry: LedgerEntry): Record<string, unknown> {
  return {
    entryId: entry.entryId,
    securityId: entry.securityId,
    quantity: toDecimalString(entry.quantity),
    direction: direction(entry.quantity).toLowerCase(),
    source: entry.source,
    countDate: entry.countDate,
    countReference: entry.countReference,
    deadline: entry.deadline,
    postedOn: entry.postedOn,
    postedBy: entry.postedBy,
    onTime: entry.onTime,
    businessDaysLate: entry.businessDaysLate,
    kind: entry.kind,
    adjusts: entry.adjusts,
  };
}

function scheduleJson(schedule: CountSchedule): Record<string, unknown> {
  return {
    asOf: schedule.asOf,
    quarters: schedule.quarters,
    spacings: schedule.spacings,
    nextWindow: schedule.nextWindow,
    overdue: schedule.overdue,
  };
}

function compareJson(result: CountResult, tally: Tally, post: boolean): Record<string, unknown> {
  return {
    countDate: result.countDate,
    sheet: result.sheetName,
    cycle: result.read.cycle,
    complete: result.complete,
    tally,
    lines: result.comparison.lines.map((c) => lineJson(c.recorded.line, c)),
    differences: result.comparison.observed.map((o) => ({
      securityId: o.securityId,
      description: o.description,
      differenceQuantity: toDecimalString(o.quantity),
      direction: direction(o.quantity).toLowerCase(),
    })),
    clock: result.clock,
    postings: result.posted.map(postingJson),
    plannedPostings: post && result.posted.length > 0 ? [] : result.plan.postings.map(postingJson),
    proposedResolutions: result.plan.proposedResolutions.map((r) => ({
      securityId: r.securityId,
      openBalance: toDecimalString(r.openBalance),
    })),
    independence: result.independence.map(issueJson),
    schedule: scheduleJson(result.schedule),
    cycleIssues: result.cycleIssues.map(issueJson),
  };
}

function compareSummary(
  result: CountResult,
  tally: Tally,
  post: boolean,
  request: CountRequest,
  issues: readonly Issue[],
): string {
  const lines = [
    `Count of ${result.countDate} (${result.sheetName}): ${tallyText(tally)}.`,
    `  counted ${tally.counted} of ${tally.toCount}${tally.notCounted > 0 ? ` — ${tally.notCounted} NOT COUNTED` : ""}; verified ${tally.verified} of ${tally.toVerify}${tally.unverified > 0 ? ` — ${tally.unverified} UNVERIFIED` : ""}`,
    "",
  ];
  const differing = result.comparison.lines.filter(
    (c) => c.difference !== null && sign(c.difference) !== 0,
  );
  lines.push(
    differing.length === 0
      ? "Differences: none — the count agrees with the books."
      : "Differences (counted or confirmed − books):",
  );
  for (const c of differing) {
    const line = c.recorded.line;
    lines.push(
      `  ${line.securityId.padEnd(13)} ${direction(c.difference!).padEnd(5)} ${formatGrouped(abs(c.difference!)).padStart(12)}  ${line.location} (${POSSESSION_LABELS[line.status].toLowerCase()}; books ${formatGrouped(line.booksQuantity)})`,
    );
  }
  lines.push("", `Posting clock: ${clockHeadline(result).text}`);
  const entries = post ? result.posted : result.plan.postings;
  lines.push(
    post ? "Posted to the Difference account:" : "Would post (run with --post --actor NAME):",
  );
  if (entries.length === 0)
    lines.push(
      result.comparison.observed.length === 0 && result.plan.proposedResolutions.length === 0
        ? "  nothing: the count found no difference"
        : "  nothing: the ledger already holds every difference of this count",
    );
  for (const e of entries) {
    lines.push(
      `  ${e.entryId}  ${e.securityId.padEnd(13)} ${direction(e.quantity).padEnd(5)} ${formatGrouped(abs(e.quantity)).padStart(12)}  ${e.kind.padEnd(10)} ${e.onTime ? "on time" : `LATE by ${e.businessDaysLate} business day${e.businessDaysLate === 1 ? "" : "s"}`}`,
    );
  }
  if (post && !result.complete) lines.push("  (refused: the count is not complete)");
  for (const r of result.plan.proposedResolutions) {
    lines.push(
      `  proposed: ${r.securityId} no longer differs (open ${toDecimalString(r.openBalance)}); confirm with --confirm-resolution ${r.securityId}`,
    );
  }
  lines.push(
    "",
    result.independence.length === 0
      ? "Independence: every count was made or supervised by someone independent of the securities and their records."
      : `Independence: ${result.independence.length} line${result.independence.length === 1 ? "" : "s"} counted and supervised by no independent person.`,
  );
  for (const issue of result.independence.slice(0, 10)) lines.push(`  ${issue.message}`);
  lines.push(...scheduleLines(result.schedule, result.countDate));
  for (const issue of result.cycleIssues) lines.push(`  ${issue.message}`);
  const outcomes = result.comparison.lines.filter(
    (c) => c.outcome === "not_counted" || c.outcome === "unverified",
  );
  if (outcomes.length > 0) {
    lines.push("", "To act on:");
    for (const c of outcomes.slice(0, 20)) {
      const line = c.recorded.line;
      lines.push(
        `  ${COUNT_OUTCOME_LABELS[c.outcome].padEnd(12)} ${line.securityId.padEnd(13)} ${line.location}  (${result.sheetName} row ${c.recorded.row})`,
      );
    }
    if (outcomes.length > 20) lines.push(`  … and ${outcomes.length - 20} more`);
  }
  // Independence and schedule findings are shown above under their own headings.
  const shown = new Set<Issue>([
    ...result.independence,
    ...result.schedule.issues,
    ...result.cycleIssues,
  ]);
  lines.push(...issueLines(issues.filter((i) => !shown.has(i))), "", `Wrote ${request.out}.`, "");
  return lines.join("\n");
}

function scheduleLines(schedule: CountSchedule, countDate: IsoDate): string[] {
  const lines: string[] = [];
  const spacing = schedule.spacings.find((s) => s.next === countDate);
  if (spacing !== undefined) {
    lines.push(
      spacing.verdict === "in_window"
        ? `Schedule: the count of ${countDate} is within its window (${spacing.allowed.earliest} to ${spacing.allowed.latest}, after the count of ${spacing.previous}).`
        : `Schedule: the count of ${countDate} is OUTSIDE its window (${spacing.allowed.earliest} to ${spacing.allowed.latest}, after the count of ${spacing.previous}): ${spacing.verdict === "too_soon" ? "too soon" : "too late"}.`,
    );
  } else {
    lines.push(`Schedule: the count of ${countDate} is the first this workbook records.`);
  }
  for (const q of schedule.quarters.filter((q) => q.missed))
    lines.push(`  ${q.quarter}: MISSED — no count in the quarter.`);
  if (schedule.nextWindow !== null) {
    lines.push(
      schedule.overdue
        ? `Next count: OVERDUE — it was due by ${longDate(schedule.nextWindow.latest)}.`
        : `Next count: between ${longDate(schedule.nextWindow.earliest)} and ${longDate(schedule.nextWindow.latest)}.`,
    );
  }
  return lines;
}

function issueLines(issues: readonly Issue[]): string[] {
  const important = issues.filter((i) => i.severity !== "info");
  if (important.length === 0) return [];
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...important].sort((a, b) => rank[a.severity] - rank[b.severity]);
  const lines = ["", "Issues:"];
  for (const issue of sorted.slice(0, 30))
    lines.push(`  ${issue.severity.padEnd(7)} ${formatWhere(issue.where)}: ${issue.message}`);
  if (sorted.length > 30) lines.push(`  … and ${sorted.length - 30} more (use --json for all)`);
  return lines;
}
