/**
 * The 17a-13 quarterly security count over a workbook (src/domain/securityCount.ts): generate the
 * count sheet from the stock record, record what was counted and confirmed, compare with the
 * records and post the unresolved differences to the same Difference account, on the same
 * seven-business-day clock as the monthly reconciliation, as the count's own entries. The clock
 * and the actor are parameters, read once at the edge; the CLI and the task pane both call this.
 */
import {
  cycleFindings,
  countSchedule,
  type CountHeld,
  type CountSchedule,
  type SecurityCounted,
} from "../domain/countSchedule";
import { independenceFindings, type CountPeople } from "../domain/countIndependence";
import { planPostings, type LedgerEntry, type PostingPlan } from "../domain/differenceLedger";
import type { IsoDate } from "../domain/isoDate";
import { hasErrors, type Issue } from "../domain/issues";
import { LEDGER_SHEET, LEDGER_TABLE, ledgerRow, readLedger } from "../domain/ledgerSheet";
import { parseLocationsSheet } from "../domain/locations";
import { parsePositionSheet, type PositionRecord } from "../domain/positions";
import {
  buildCountLines,
  compareCount,
  readCountRowFacts,
  type CountComparison,
  type CountLine,
  type PossessionStatus,
  type RecordedCount,
} from "../domain/securityCount";
import { profileKey, type Settings } from "../domain/settings";
import type { CellValue, Row, SheetSnapshot } from "../domain/sheet";
import { toExcelNumber } from "../domain/decimal";
import { parseQuantity, parseSecurityId } from "../domain/values";
import {
  ENTERED_HEADERS,
  countDateOfSheet,
  countSheetName,
  countSheetTable,
  readCountSheet,
  type CountSheetRead,
  type EnteredCells,
} from "./countSheet";
import { COUNT_SCHEDULE_SHEET, countScheduleTable } from "./countScheduleSheet";
import {
  businessCalendar,
  ledgerBlockedIssue,
  latePostingIssue,
  ledgerColumns,
  type Clock,
} from "./monthEndClose";
import type { WorkbookPort } from "./port";
import { lockedPeriodIssue, signedSheetIssuesAsOf } from "./periodLock";
import { loadSettings } from "./settingsStore";

export interface CountSources {
  /** The stock record sheet. */
  readonly books: string;
  /** The locations map, when the workbook has one (its Count Status column classifies locations). */
  readonly locations: string | null;
}

async function sheetNamed(port: WorkbookPort, name: string): Promise<SheetSnapshot | null> {
  const info = (await port.listSheets()).find((s) => s.name.toLowerCase() === name.toLowerCase());
  return info === undefined ? null : port.readSheet(info.name);
}

function usageIssue(code: string, message: string, hint: string, sheet: string): Issue {
  return { code, severity: "error", where: { sheet }, message, hint };
}

// ---------------------------------------------------------------------------------------------
// generate

export interface GenerateOptions {
  readonly countDate: IsoDate;
  /** The cycle this count is a part of, for cyclical counts; null for a whole count. */
  readonly cycle: string | null;
  /** Count only these locations (a part of a cycle); null for every location. */
  readonly onlyLocations: readonly string[] | null;
  /** Rebuild an existing count sheet, keeping every entry (refused if an entry would be lost). */
  readonly replace: boolean;
  readonly settings?: Settings;
}

export interface CountGenerated {
  readonly sheetName: string;
  readonly cycle: string | null;
  readonly lines: readonly CountLine[];
  /** Entries kept from the sheet it replaced. */
  readonly keptEntries: number;
  readonly written: boolean;
  readonly issues: readonly Issue[];
}

async function countLinesFor(
  port: WorkbookPort,
  sources: CountSources,
  options: GenerateOptions,
  settings: Settings,
): Promise<{ lines: CountLine[]; issues: Issue[]; usable: boolean }> {
  const books = await sheetNamed(port, sources.books);
  if (books === null) {
    const issue = usageIssue(
      "books_sheet_must_exist",
      `There is no sheet "${sources.books}" to take the stock record from.`,
      "Name the stock record sheet with --books.",
      sources.books,
    );
    return { lines: [], issues: [issue], usable: false };
  }
  const profile = settings.profiles[profileKey(books.name)];
  const parsed = parsePositionSheet(books, {
    role: "books",
    contra: null,
    ...(profile === undefined ? {} : { profile }),
  });
  if (!parsed.usable) return { lines: [], issues: [...parsed.issues], usable: false };
  const facts = readCountRowFacts(books);
  const issues: Issue[] = [...parsed.issues.filter((i) => i.severity !== "info"), ...facts.issues];
  const locationStatus = new Map<string, PossessionStatus>();
  const depositories = new Set<string>();
  if (sources.locations !== null) {
    const sheet = await sheetNamed(port, sources.locations);
    if (sheet !== null) {
      const map = parseLocationsSheet(sheet);
      issues.push(...map.issues);
      for (const [key, entry] of map.map?.byLocation ?? []) {
        if (entry.countStatus !== null) locationStatus.set(key, entry.countStatus);
        depositories.add(key);
      }
    }
  }
  const wanted = options.onlyLocations?.map((l) => l.trim().toUpperCase()) ?? null;
  const records = parsed.records.filter(
    (r: PositionRecord) => wanted === null || wanted.includes(r.location.trim().toUpperCase()),
  );
  const built = buildCountLines({
    countDate: options.countDate,
    records,
    rowFacts: facts.facts,
    locationStatus,
    depositoryLocations: depositories,
  });
  return { lines: built.lines, issues: [...issues, ...built.issues], usable: true };
}

/** Entered cells of lines the new sheet would not have: replacing would lose them. */
function orphanedEntries(read: CountSheetRead, lines: readonly CountLine[]): string[] {
  const ids = new Set(lines.map((l) => l.lineId));
  return [...read.entered]
    .filter(([id, cells]) => !ids.has(id) && Object.keys(cells).length > 0)
    .map(([id]) => id);
}

/**
 * Writes `Count <date>` from the stock record as of now. An existing count sheet with entries is
 * never overwritten unless `replace`, and then only if every entry finds its line again.
 */
export async function generateCountSheet(
  port: WorkbookPort,
  sources: CountSources,
  options: GenerateOptions,
): Promise<CountGenerated> {
  const settings = options.settings ?? (await loadSettings(port)).settings;
  const sheetName = countSheetName(options.countDate);
  const refused = (issues: readonly Issue[], lines: readonly CountLine[] = []): CountGenerated => ({
    sheetName,
    cycle: options.cycle,
    lines,
    keptEntries: 0,
    written: false,
    issues,
  });
  const signed = await signedCountIssues(port, options.countDate, "generating it again");
  if (signed.length > 0) return refused(signed);
  const built = await countLinesFor(port, sources, options, settings);
  if (
    !built.usable ||
    hasErrors(built.issues.filter((i) => i.code !== "count_location_must_be_classified"))
  )
    return refused(built.issues);
  const existing = await sheetNamed(port, sheetName);
  let entered: EnteredCells = new Map();
  // A replaced part of a cycle stays in its cycle unless a new one is named.
  let cycle = options.cycle;
  if (existing !== null && existing.rows.length > 1) {
    const read = readCountSheet(sheetName, options.countDate, existing.rows);
    const entries = [...read.entered.values()].filter((c) => Object.keys(c).length > 0).length;
    if (entries > 0 && !options.replace) {
      return refused([
        usageIssue(
          "count_sheet_must_not_be_overwritten",
          `${sheetName} already holds ${entries} line${entries === 1 ? "" : "s"} with entries; generating it again would lose them.`,
          "Record and compare the count as it stands, or generate again with --replace, which keeps every entry on its line.",
          sheetName,
        ),
      ]);
    }
    const orphans = orphanedEntries(read, built.lines);
    if (orphans.length > 0) {
      return refused([
        usageIssue(
          "count_entries_must_keep_their_lines",
          `Replacing ${sheetName} would lose the entries of ${orphans.join(", ")}: the stock record no longer has those lines.`,
          "Keep the sheet as it is (compare it), or move the entries to the lines that replace them by hand first.",
          sheetName,
        ),
      ]);
    }
    entered = read.entered;
    cycle = options.cycle ?? read.cycle;
  }
  await port.writeTable(
    countSheetTable({
      countDate: options.countDate,
      cycle,
      lines: built.lines,
      entered,
    }),
  );
  const keptEntries = [...entered.values()].filter((c) => Object.keys(c).length > 0).length;
  return {
    sheetName,
    cycle,
    lines: built.lines,
    keptEntries,
    written: true,
    issues: built.issues,
  };
}

// ---------------------------------------------------------------------------------------------
// record

/** One entry brought in from outside the sheet (a scanner file, a CSV of confirmations). */
export interface CountEntry {
  /** Where the entry came from, for messages ("counts.csv row 4"). */
  readonly source: string;
  /** The file and row it came from, for the issue's place. */
  readonly where?: { readonly sheet: string; readonly row: number };
  readonly lineId?: string;
  readonly securityId?: string;
  readonly location?: string;
  readonly cells: Readonly<Partial<Record<string, string>>>;
}

export interface RecordOptions {
  readonly countDate: IsoDate;
  readonly entries: readonly CountEntry[];
  /** Filled into every line that was counted (or confirmed) and names nobody. */
  readonly countedBy: string | null;
  readonly supervisedBy: string | null;
}

function lineFor(
  read: CountSheetRead,
  entry: CountEntry,
): { ok: true; line: CountLine } | { ok: false; why: string } {
  if (entry.lineId !== undefined && entry.lineId !== "") {
    const line = read.recorded.find((r) => r.line.lineId === entry.lineId)?.line;
    return line === undefined ? { ok: false, why: `no line ${entry.lineId}` } : { ok: true, line };
  }
  const id = parseSecurityId(entry.securityId ?? "");
  const key = id.ok ? id.value.key : (entry.securityId ?? "").trim().toUpperCase();
  const location = (entry.location ?? "").trim().toUpperCase();
  const matches = read.recorded.filter(
    (r) => r.line.securityKey === key && r.line.location.toUpperCase() === location,
  );
  if (matches.length === 1) return { ok: true, line: matches[0]!.line };
  return matches.length === 0
    ? { ok: false, why: `no line for ${entry.securityId ?? "?"} at ${entry.location ?? "?"}` }
    : {
        ok: false,
        why: `${matches.length} lines for ${entry.securityId} at ${entry.location} (give the Line ID)`,
      };
}

/**
 * Enters counts and confirmations into `Count <date>`: entries from outside by line (or by
 * security and location), and the counter's and supervisor's names where a line has an entry but
 * no name. An entry that finds no line is an issue and nothing of it is lost silently.
 */
export async function recordCount(
  port: WorkbookPort,
  options: RecordOptions,
): Promise<{ read: CountSheetRead | null; comparison: CountComparison | null; issues: Issue[] }> {
  const sheetName = countSheetName(options.countDate);
  const sheet = await sheetNamed(port, sheetName);
  if (sheet === null) {
    return {
      read: null,
      comparison: null,
      issues: [noCountSheetIssue(sheetName, options.countDate)],
    };
  }
  const before = readCountSheet(sheet.name, options.countDate, sheet.rows);
  if (!before.usable) return { read: before, comparison: null, issues: [...before.issues] };
  const signed = await signedCountIssues(port, options.countDate, "recording entries");
  if (signed.length > 0) return { read: before, comparison: null, issues: signed };
  const issues: Issue[] = [];
  const entered = new Map([...before.entered].map(([id, cells]) => [id, { ...cells }] as const));
  for (const entry of options.entries) {
    const found = lineFor(before, entry);
    if (!found.ok) {
      issues.push({
        code: "count_entry_must_match_a_line",
        severity: "error",
        where: entry.where ?? { sheet: sheetName },
        message: `${entry.source}: ${found.why} on ${sheetName}; the entry was not recorded.`,
        hint: "Correct the security id or location (as the count sheet writes them), or give the Line ID.",
      });
      continue;
    }
    const cells = entered.get(found.line.lineId) ?? {};
    for (const [header, value] of Object.entries(entry.cells)) {
      if (value === undefined || value.trim() === "") continue;
      if (!(ENTERED_HEADERS as readonly string[]).includes(header))
        throw new RangeError(`"${header}" is not a column people enter on a count sheet`);
      const earlier = (cells as Record<string, CellValue>)[header];
      const now = enteredCell(header, value.trim());
      if (earlier !== undefined && earlier !== null && String(earlier) !== String(now))
        issues.push(replacedIssue(entry, found.line, header, earlier, now, sheetName));
      (cells as Record<string, CellValue>)[header] = now;
    }
    entered.set(found.line.lineId, cells);
  }
  for (const [, cells] of entered) {
    const has = (h: string) => (cells as Record<string, unknown>)[h] !== undefined;
    const counted =
      has("Counted Quantity") || has("Confirmed Quantity") || has("Confirmation Date");
    if (!counted) continue;
    if (options.countedBy !== null && !has("Counted By"))
      (cells as Record<string, string>)["Counted By"] = options.countedBy;
    if (options.supervisedBy !== null && !has("Supervised By"))
      (cells as Record<string, string>)["Supervised By"] = options.supervisedBy;
  }
  const lines = before.recorded.map((r) => r.line);
  // The sheet as it will be, read back in memory: the entries are parsed as the sheet parses them.
  const table = countSheetTable({
    countDate: options.countDate,
    cycle: before.cycle,
    lines,
    entered,
  });
  const after = readCountSheet(sheet.name, options.countDate, [
    table.columns.map((c) => c.header),
    ...table.rows,
  ]);
  const comparison = compareCount(options.countDate, sheetName, after.recorded);
  await port.writeTable(
    countSheetTable({
      countDate: options.countDate,
      cycle: after.cycle,
      lines,
      entered: after.entered,
      compared: comparison.lines,
    }),
  );
  return { read: after, comparison, issues: [...issues, ...after.issues, ...comparison.issues] };
}

/** A second scan of a line overwrites the first: allowed (recounts happen), never silently. */
function replacedIssue(
  entry: CountEntry,
  line: CountLine,
  header: string,
  earlier: CellValue,
  now: CellValue,
  sheet: string,
): Issue {
  return {
    code: "count_entry_replaces_an_earlier_one",
    severity: "warning",
    where: entry.where ?? { sheet },
    message: `${entry.source}: ${header} of ${line.securityId} at ${line.location} was "${String(earlier)}" on ${sheet} and is now "${String(now)}".`,
    hint: "Nothing to do if this is a recount; otherwise correct the file (or the sheet) and record again.",
  };
}

/**
 * A quantity that Excel holds exactly is written as a number (so the sheet sums and sorts it);
 * anything else (more digits than a double keeps, text that is not a number) as it was given, to be
 * reported by the sheet's reading like a typed entry.
 */
function enteredCell(header: string, value: string): CellValue {
  if (!/Quantity$/.test(header)) return value;
  const parsed = parseQuantity(value);
  if (!parsed.ok) return value;
  return toExcelNumber(parsed.value) ?? value;
}

/** A count sheet (or the schedule) a reviewer signed off for the count's month is not rewritten. */
function signedCountIssues(
  port: WorkbookPort,
  countDate: IsoDate,
  doing: string,
): Promise<Issue[]> {
  return signedSheetIssuesAsOf(
    port,
    countDate,
    [countSheetName(countDate), COUNT_SCHEDULE_SHEET],
    `${doing} (the count of ${countDate})`,
  );
}

function noCountSheetIssue(sheetName: string, countDate: IsoDate): Issue {
  return usageIssue(
    "count_sheet_must_exist",
    `There is no sheet "${sheetName}": the count of ${countDate} has not been generated.`,
    `Generate it first: stockrec count generate <workbook.xlsx> --count-date ${countDate}.`,
    sheetName,
  );
}

// ---------------------------------------------------------------------------------------------
// compare and post

export interface CompareOptions {
  readonly countDate: IsoDate;
  readonly today: IsoDate;
  readonly actor: string;
  readonly post: boolean;
  readonly confirmResolutions: ReadonlySet<string> | "all";
  readonly people: CountPeople;
  readonly settings?: Settings;
}

export interface CountResult {
  readonly countDate: IsoDate;
  readonly sheetName: string;
  readonly read: CountSheetRead;
  readonly comparison: CountComparison;
  readonly independence: readonly Issue[];
  readonly schedule: CountSchedule;
  readonly cycleIssues: readonly Issue[];
  readonly plan: PostingPlan;
  readonly posted: readonly LedgerEntry[];
  /** The seven-business-day clock of this count's differences (same as the close's). */
  readonly clock: Clock;
  /** The count has lines not counted or entries that cannot be read: nothing may be posted. */
  readonly complete: boolean;
  readonly issues: readonly Issue[];
}

/** Every count the workbook holds (its `Count <date>` sheets), with each one's cycle. */
export async function countsHeld(
  port: WorkbookPort,
): Promise<{ counts: CountHeld[]; counted: SecurityCounted[] }> {
  const counts: CountHeld[] = [];
  const counted: SecurityCounted[] = [];
  for (const info of await port.listSheets()) {
    const date = countDateOfSheet(info.name);
    if (date === null) continue;
    const read = readCountSheet(info.name, date, (await port.readSheet(info.name)).rows);
    counts.push({ countDate: date, cycle: read.cycle, sheet: info.name });
    for (const r of read.recorded) {
      if (r.countedQuantity === null) continue;
      counted.push({
        securityKey: r.line.securityKey,
        securityId: r.line.securityId,
        countDate: date,
        cycle: read.cycle,
        sheet: info.name,
      });
    }
  }
  return { counts, counted };
}

function needsPeople(r: RecordedCount): boolean {
  return r.line.status === "in_possession" || r.line.verificationRequired;
}

async function readLedgerRows(
  port: WorkbookPort,
): Promise<{ rows: Row[]; entries: LedgerEntry[]; issues: Issue[] }> {
  const sheet = await sheetNamed(port, LEDGER_SHEET);
  if (sheet === null || sheet.rows.length === 0) return { rows: [], entries: [], issues: [] };
  const { entries, issues } = readLedger(sheet.rows);
  const rows = sheet.rows.slice(1).filter((row) => row.some((c) => c !== null && c !== ""));
  return { rows, entries, issues };
}

/**
 * 17a-13(b)(4)–(5): compares the count with the records, checks who counted and the schedule,
 * and plans (and with `post`, appends) the Difference-account entries of the count.
 */
export async function compareCountSheet(
  port: WorkbookPort,
  options: CompareOptions,
): Promise<{ result: CountResult | null; issues: readonly Issue[] }> {
  const settings = options.settings ?? (await loadSettings(port)).settings;
  const sheetName = countSheetName(options.countDate);
  const sheet = await sheetNamed(port, sheetName);
  if (sheet === null)
    return { result: null, issues: [noCountSheetIssue(sheetName, options.countDate)] };
  const read = readCountSheet(sheet.name, options.countDate, sheet.rows);
  if (!read.usable) return { result: null, issues: read.issues };
  const signed = await signedCountIssues(port, options.countDate, "comparing it again");
  if (signed.length > 0) return { result: null, issues: signed };
  const comparison = compareCount(options.countDate, sheet.name, read.recorded);
  const independence = independenceFindings(
    read.recorded.filter(needsPeople).map((r) => ({
      securityId: r.line.securityId,
      location: r.line.location,
      countedBy: r.countedBy,
      supervisedBy: r.supervisedBy,
      sheet: sheet.name,
      row: r.row,
      counted: r.countedQuantity !== null || r.confirmationDate !== null,
    })),
    options.people,
  );
  const held = await countsHeld(port);
  const schedule = countSchedule(
    held.counts,
    options.today > options.countDate ? options.today : options.countDate,
  );
  const cycleIssues = cycleFindings(held.counts, held.counted);
  const ledger = await readLedgerRows(port);
  const calendar = businessCalendar(settings.calendar, settings.calendarOverrides);
  const plan = planPostings(ledger.entries, comparison.observed, {
    countDate: options.countDate,
    source: "quarterly_count",
    countReference: `Security count ${options.countDate}${read.cycle === null ? "" : ` (cycle ${read.cycle})`}`,
    today: options.today,
    actor: options.actor,
    calendar,
    confirmedResolutions: options.confirmResolutions,
    // A part of a cycle looked only at its own lines (deposited ones are the reconciliation's):
    // it never proposes resolving the difference of a security another part counted.
    ...(read.cycle === null
      ? {}
      : {
          scope: new Set(
            read.recorded
              .filter((r) => r.line.status !== "deposited")
              .map((r) => r.line.securityKey),
          ),
        }),
  });
  const complete = !hasErrors([...read.issues, ...comparison.issues]);
  const issues: Issue[] = [
    ...read.issues,
    ...comparison.issues,
    ...independence,
    ...schedule.issues,
    ...cycleIssues,
    ...ledger.issues,
  ];
  let posted: readonly LedgerEntry[] = [];
  const locked = options.post
    ? await lockedPeriodIssue(port, options.countDate, `the count of ${options.countDate}`)
    : null;
  if (locked !== null) issues.push(locked);
  if (options.post && locked === null) {
    if (!complete) issues.push(incompleteIssue(sheet.name));
    else if (hasErrors(ledger.issues)) issues.push(ledgerBlockedIssue());
    else posted = plan.postings;
  }
  for (const entry of posted.filter((p) => !p.onTime)) issues.push(latePostingIssue(entry));
  const unpostedCount = posted.length > 0 ? 0 : plan.postings.length;
  const clock: Clock = {
    countDate: options.countDate,
    deadline: plan.deadline,
    calendar: settings.calendar,
    businessDaysLeft: calendar.businessDaysBetween(options.today, plan.deadline),
    unpostedCount,
    overdue: unpostedCount > 0 && options.today > plan.deadline,
  };
  if (clock.overdue) issues.push(countOverdueIssue(clock));
  if (posted.length > 0) {
    await port.writeTable({
      sheetName: LEDGER_SHEET,
      tableName: LEDGER_TABLE,
      columns: ledgerColumns([...ledger.entries, ...posted]),
      rows: [...ledger.rows, ...posted.map(ledgerRow)],
    });
  }
  await port.writeTable(
    countSheetTable({
      countDate: options.countDate,
      cycle: read.cycle,
      lines: read.recorded.map((r) => r.line),
      entered: read.entered,
      compared: comparison.lines,
    }),
  );
  await port.writeTable(countScheduleTable(schedule, held.counts));
  return {
    result: {
      countDate: options.countDate,
      sheetName: sheet.name,
      read,
      comparison,
      independence,
      schedule,
      cycleIssues,
      plan,
      posted,
      clock,
      complete,
      issues,
    },
    issues,
  };
}

/** The close's rule and wording, with the count's own way to post. */
function countOverdueIssue(clock: Clock): Issue {
  const count = clock.unpostedCount;
  const ago = -clock.businessDaysLeft;
  return {
    code: "differences_must_be_posted_by_the_deadline",
    severity: "error",
    where: { sheet: LEDGER_SHEET },
    message: `${count} difference${count === 1 ? "" : "s"} from the security count of ${clock.countDate} ${count === 1 ? "is" : "are"} not in the Difference account, and the deadline ${clock.deadline} has passed (${ago} business day${ago === 1 ? "" : "s"} ago).`,
    hint: "Post them now (stockrec count compare … --post --actor NAME); the posting will be recorded as late.",
  };
}

function incompleteIssue(sheet: string): Issue {
  return usageIssue(
    "count_must_be_complete_to_post",
    `Nothing was posted: ${sheet} has lines not counted or entries that cannot be read, so its differences are not known yet.`,
    "Complete the count as the other issues say, then compare again with --post.",
    sheet,
  );
}
