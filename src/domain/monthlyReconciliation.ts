/**
 * One monthly reconciliation (FINRA 4522(b)(1), securities and money balances) as a pure
 * function: sheet snapshots, a plan and the workbook's settings in; breaks and issues out. Hosts
 * read, call this, and write.
 */
import { checkSource } from "./checks";
import { parseDecimal, ZERO, type Decimal } from "./decimal";
import type { IsoDate } from "./isoDate";
import type { Issue } from "./issues";
import {
  applyLocationsToBooks,
  applyLocationsToStatement,
  parseLocationsSheet,
  type LocationsMap,
} from "./locations";
import {
  parseMoneySheet,
  reconcileMoney,
  type MatchedBalance,
  type MoneyBreak,
  type MoneyContraSummary,
  type ParsedMoneySheet,
} from "./money";
import { parsePositionSheet, type ParsedSheet, type PositionRecord } from "./positions";
import { parsePricesSheet, pricesFor } from "./prices";
import { reconcile, type Break, type ContraSummary, type MatchedPosition } from "./reconcile";
import type { RunPlan, StatementChoice } from "./roles";
import { applySecurityMaster, parseSecurityMaster, type SecurityMaster } from "./securityMaster";
import { DEFAULT_SETTINGS, profileKey, type Settings } from "./settings";
import type { SheetSnapshot } from "./sheet";

export interface InputSummary {
  readonly sheet: string;
  readonly role: "books" | "statement" | "booksMoney" | "statementMoney";
  readonly contras: readonly string[];
  readonly dataRows: number;
  readonly records: number;
  readonly rowsWithErrors: number;
}

export interface MoneyResult {
  readonly breaks: readonly MoneyBreak[];
  readonly matched: readonly MatchedBalance[];
  readonly contras: readonly MoneyContraSummary[];
  /** The tolerance applied, as a decimal string. */
  readonly tolerance: string;
}

export interface ReconciliationResult {
  readonly asOf: IsoDate;
  readonly breaks: readonly Break[];
  readonly matched: readonly MatchedPosition[];
  readonly matchedCount: number;
  readonly contras: readonly ContraSummary[];
  /** The money side, when the plan names money balance sheets. */
  readonly money: MoneyResult | null;
  /** Books positions at the firm's own difference locations (not reconciled; see settings). */
  readonly differencePositions: readonly PositionRecord[];
  /** Price per security key, for valuing differences: the prices sheet, else the books. */
  readonly prices: ReadonlyMap<string, Decimal>;
  readonly inputs: readonly InputSummary[];
  readonly issues: readonly Issue[];
}

export type ReconciliationOutcome =
  | { readonly ok: true; readonly result: ReconciliationResult }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** How many rows the error issues point at. */
export function rowsWithErrors(issues: readonly Issue[]): number {
  return new Set(
    issues
      .filter((i) => i.severity === "error" && i.where.row !== undefined)
      .map((i) => i.where.row),
  ).size;
}

function summary(parsed: ParsedSheet | ParsedMoneySheet, role: InputSummary["role"]): InputSummary {
  return {
    sheet: parsed.sheet,
    role,
    contras: parsed.contras,
    dataRows: parsed.dataRowCount,
    records: parsed.records.length,
    rowsWithErrors: rowsWithErrors(parsed.issues),
  };
}

/** The as-of date found in the inputs when every input that names one agrees. */
export function asOfFromInputs(
  parsed: readonly { asOfFound: readonly IsoDate[] }[],
): IsoDate | null {
  const dates = new Set(parsed.flatMap((p) => p.asOfFound));
  return dates.size === 1 ? [...dates][0]! : null;
}

/** The contras records are placed at, in first-seen order (after the locations map). */
function distinctContras(records: readonly PositionRecord[]): string[] {
  const seen = new Map<string, string>();
  for (const record of records) {
    const key = record.contra.trim().toUpperCase();
    if (!seen.has(key)) seen.set(key, record.contra);
  }
  return [...seen.values()];
}

function namedSheets(plan: RunPlan): string[] {
  return [
    plan.books,
    ...plan.statements.map((s) => s.sheet),
    ...[plan.locations, plan.securityMaster, plan.booksMoney].filter(
      (s): s is string => typeof s === "string",
    ),
    ...(plan.moneyStatements ?? []).map((s) => s.sheet),
  ];
}

function planIssues(sheets: ReadonlyMap<string, SheetSnapshot>, plan: RunPlan): Issue[] {
  const missing = namedSheets(plan).filter((name) => !sheets.has(name));
  if (missing.length > 0) {
    return [...new Set(missing)].map((name) => ({
      code: "sheet_must_exist",
      severity: "error" as const,
      where: { sheet: name },
      message: `There is no sheet named "${name}" in the workbook.`,
      hint: `Check the name (sheets: ${[...sheets.keys()].join(", ")}).`,
    }));
  }
  const seen = new Set<string>();
  for (const name of namedSheets(plan)) {
    if (!seen.has(name)) {
      seen.add(name);
      continue;
    }
    return [
      {
        code: "sheet_must_have_one_role",
        severity: "error",
        where: { sheet: name },
        message: `"${name}" is chosen for more than one role in this run.`,
        hint: "Choose one role for each sheet.",
      },
    ];
  }
  return [];
}

interface Reference {
  readonly locations: LocationsMap | null;
  readonly master: SecurityMaster | null;
  readonly issues: readonly Issue[];
}

function readReference(sheets: ReadonlyMap<string, SheetSnapshot>, plan: RunPlan): Reference {
  const locations = plan.locations ? parseLocationsSheet(sheets.get(plan.locations)!) : null;
  const master = plan.securityMaster ? parseSecurityMaster(sheets.get(plan.securityMaster)!) : null;
  return {
    locations: locations?.map ?? null,
    master: master?.master ?? null,
    issues: [...(locations?.issues ?? []), ...(master?.issues ?? [])],
  };
}

/** Records as the reference data places and names them: locations first, then the master. */
function resolve(
  records: readonly PositionRecord[],
  side: "books" | "statement",
  reference: Reference,
  choice: StatementChoice | null,
): { records: PositionRecord[]; issues: Issue[] } {
  let resolved = [...records];
  const issues: Issue[] = [];
  if (reference.locations !== null) {
    if (side === "books") {
      const placed = applyLocationsToBooks(resolved, reference.locations);
      resolved = placed.records;
      issues.push(...placed.issues);
    } else if (choice?.contra === null) {
      resolved = applyLocationsToStatement(resolved, reference.locations);
    }
  }
  if (reference.master !== null) {
    const rekeyed = applySecurityMaster(resolved, reference.master);
    resolved = rekeyed.records;
    issues.push(...rekeyed.issues);
  }
  return { records: resolved, issues };
}

function profileFor(settings: Settings, sheet: string) {
  const profile = settings.profiles[profileKey(sheet)];
  return profile === undefined ? {} : { profile };
}

export function runMonthlyReconciliation(
  sheets: ReadonlyMap<string, SheetSnapshot>,
  plan: RunPlan,
  settings: Settings = DEFAULT_SETTINGS,
): ReconciliationOutcome {
  const blocking = planIssues(sheets, plan);
  if (blocking.length > 0) return { ok: false, issues: blocking };
  const reference = readReference(sheets, plan);
  const books = parsePositionSheet(sheets.get(plan.books)!, {
    role: "books",
    contra: null,
    ...profileFor(settings, plan.books),
  });
  const statements = plan.statements.map((choice) => ({
    choice,
    parsed: parsePositionSheet(sheets.get(choice.sheet)!, {
      role: "statement",
      contra: choice.contra,
      ...profileFor(settings, choice.sheet),
    }),
  }));
  const money = parseMoney(sheets, plan, settings);
  const parsed = [books, ...statements.map((s) => s.parsed)];
  const issues: Issue[] = [...reference.issues, ...parsed.flatMap((p) => p.issues)];
  issues.push(...(money?.parsed.flatMap((p) => p.issues) ?? []));
  // Statements date the positions; a books extract's title usually names when it was run.
  const asOf =
    plan.asOf ??
    asOfFromInputs([...statements.map((st) => st.parsed), ...(money?.statements ?? [])]) ??
    asOfFromInputs([...parsed, ...(money?.parsed ?? [])]);
  // An unusable statement is reported and left out; without usable books or any usable
  // statement there is nothing to compare, and the run cannot complete.
  const usable = statements.filter((s) => s.parsed.usable);
  if (!books.usable || usable.length === 0 || asOf === null) {
    if (asOf === null) issues.push(asOfIssue(parsed));
    if (books.usable && usable.length === 0) issues.push(noStatementIssue(plan));
    return { ok: false, issues };
  }
  for (const source of [books, ...usable.map((s) => s.parsed)]) {
    issues.push(...checkSource(sheets.get(source.sheet)!, source, asOf));
  }
  const differenceLocations = new Set(
    settings.differenceLocations.map((l) => l.trim().toUpperCase()),
  );
  const atDifference = (r: PositionRecord) =>
    differenceLocations.has(r.location.trim().toUpperCase());
  const booksRecords = resolve(
    books.records.filter((r) => !atDifference(r)),
    "books",
    reference,
    null,
  );
  const differencePositions = resolve(
    books.records.filter(atDifference),
    "books",
    { ...reference, locations: null },
    null,
  ).records;
  const priceSheet = plan.prices ? parsePricesSheet(sheets.get(plan.prices)!) : null;
  issues.push(...(priceSheet?.issues ?? []));
  const statementRecords = usable.map((s) =>
    resolve(s.parsed.records, "statement", reference, s.choice),
  );
  issues.push(...booksRecords.issues, ...statementRecords.flatMap((r) => r.issues));
  const reconciled = reconcile({
    books: booksRecords.records,
    statements: statementRecords.flatMap((r) => r.records),
    statementContras: usable.flatMap((s) => s.parsed.contras),
    unreadable: [books, ...usable.map((s) => s.parsed)].flatMap((s) => s.unreadable),
  });
  issues.push(...reconciled.issues);
  const moneyResult = money === null ? null : reconcileMoneySide(money, settings, issues);
  return {
    ok: true,
    result: {
      asOf,
      breaks: reconciled.breaks,
      matched: reconciled.matched,
      matchedCount: reconciled.matched.length,
      contras: reconciled.contras,
      money: moneyResult,
      differencePositions,
      prices: pricesFor(books.records, priceSheet?.prices ?? null),
      inputs: [
        { ...summary(books, "books"), contras: distinctContras(booksRecords.records) },
        ...statements.map((s) => summary(s.parsed, "statement")),
        ...(money?.parsed.map((p) =>
          summary(p, p.role === "books" ? "booksMoney" : "statementMoney"),
        ) ?? []),
      ],
      issues,
    },
  };
}

interface MoneyInputs {
  readonly books: ParsedMoneySheet;
  readonly statements: readonly ParsedMoneySheet[];
  readonly parsed: readonly ParsedMoneySheet[];
}

function parseMoney(
  sheets: ReadonlyMap<string, SheetSnapshot>,
  plan: RunPlan,
  settings: Settings,
): MoneyInputs | null {
  if (!plan.booksMoney || (plan.moneyStatements ?? []).length === 0) return null;
  const books = parseMoneySheet(sheets.get(plan.booksMoney)!, {
    role: "books",
    contra: null,
    ...profileFor(settings, plan.booksMoney),
  });
  const statements = (plan.moneyStatements ?? []).map((choice) =>
    parseMoneySheet(sheets.get(choice.sheet)!, {
      role: "statement",
      contra: choice.contra,
      ...profileFor(settings, choice.sheet),
    }),
  );
  return { books, statements, parsed: [books, ...statements] };
}

function reconcileMoneySide(
  money: MoneyInputs,
  settings: Settings,
  issues: Issue[],
): MoneyResult | null {
  const usable = money.statements.filter((s) => s.usable);
  if (!money.books.usable || usable.length === 0) return null;
  const tolerance = parseDecimal(settings.moneyTolerance) ?? ZERO;
  const reconciled = reconcileMoney({
    books: money.books.records,
    statements: usable.flatMap((s) => s.records),
    statementContras: usable.flatMap((s) => s.contras),
    tolerance,
    unreadable: [money.books, ...usable].flatMap((s) => s.unreadable),
  });
  issues.push(...reconciled.issues);
  return {
    breaks: reconciled.breaks,
    matched: reconciled.matched,
    contras: reconciled.contras,
    tolerance: settings.moneyTolerance,
  };
}

function asOfIssue(parsed: readonly ParsedSheet[]): Issue {
  const dates = [...new Set(parsed.flatMap((p) => p.asOfFound))].sort();
  return {
    code: "as_of_date_is_required",
    severity: "error",
    where: { sheet: parsed[0]?.sheet ?? "" },
    message:
      dates.length === 0
        ? "No as-of date was given and none was found in the sheets."
        : `The sheets name different as-of dates (${dates.join(", ")}).`,
    hint: "Give the reconciliation's as-of date (the count date), e.g. --as-of 2026-10-30.",
  };
}

function noStatementIssue(plan: RunPlan): Issue {
  return {
    code: "statement_is_required",
    severity: "error",
    where: { sheet: plan.statements[0]?.sheet ?? plan.books },
    message: `No usable position statement is in this run (${plan.statements.map((s) => `"${s.sheet}"`).join(", ")} could not be read), so there is nothing to reconcile the stock record against.`,
    hint: "Fix those sheets as their own issues say, or choose other statement sheets (--statement SHEET=CONTRA).",
  };
}

/** Rules whose breach makes a completed run exit 1: the run's own identity is broken. */
const RULES_THAT_FAIL_A_RUN: ReadonlySet<string> = new Set([
  "quantity_must_be_conserved",
  "money_must_be_conserved",
]);

/** True when the run completed but found a rule broken that the user must act on (CLI exit 1). */
export function findsRuleBroken(result: ReconciliationResult): boolean {
  return result.issues.some((i) => RULES_THAT_FAIL_A_RUN.has(i.code));
}
