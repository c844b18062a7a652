/**
 * The month-end flow over any host: read sheets through the WorkbookPort, run the pure domain,
 * write the results. The task pane (in Excel or a plain browser) and the CLI both call this.
 */
import {
  carryForward,
  noLongerShownIssues,
  readStatusesFromBreaksSheet,
  type BreakStatusRecord,
  type ReadStatuses,
} from "../domain/breakStatus";
import type { IsoDate } from "../domain/isoDate";
import { formatWhere, hasErrors, type Issue } from "../domain/issues";
import type { Notice } from "../domain/notices";
import { asOfFromInputs, type ReconciliationResult } from "../domain/monthlyReconciliation";
import { parseMoneySheet } from "../domain/money";
import type { PositionField } from "../domain/headers";
import { contraNamedIn } from "../domain/reconcile";
import { prepareReconciliation } from "../domain/reconcileSheets";
import { applyLocationsToBooks, parseLocationsSheet } from "../domain/locations";
import { parsePositionSheet, type ParsedSheet } from "../domain/positions";
import { profileKey, withProfile, type QuantityUnit, type SourceProfile } from "../domain/settings";
import {
  planFromProposals,
  proposeRoles,
  type RunPlan,
  type SheetRoleProposal,
} from "../domain/roles";
import type { Row, SheetSnapshot } from "../domain/sheet";
import type { Settings } from "../domain/settings";
import { breaksTable, BREAKS_SHEET } from "./breaksSheet";
import {
  firstSeenOn,
  MONEY_BREAKS_SHEET,
  moneyBreaksTable,
  readFirstSeen,
} from "./moneyBreaksSheet";
import { noticesTable, NOTICES_SHEET } from "./noticesSheet";
import { signedSheetIssuesAsOf } from "./periodLock";
import { loadSettings, saveSettings } from "./settingsStore";
import {
  readSheetBlocks,
  type ProgressListener,
  type ReadOptions,
  type WorkbookPort,
} from "./port";

export type { RunPlan, SheetRole, SheetRoleProposal, StatementChoice } from "../domain/roles";
export type { ReconciliationResult } from "../domain/monthlyReconciliation";
export type { Break, ContraSummary, Direction, BreakKind } from "../domain/reconcile";
export type { SourceRef } from "../domain/positions";
export { directionLabel, BREAKS_SHEET } from "./breaksSheet";

export interface RunOptions {
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
}

export interface ReconcileOptions extends RunOptions {
  /** Settings to use instead of those saved in the workbook (the CLI's --mapping file). */
  readonly settings?: Settings;
}

export interface Detection {
  readonly proposals: readonly SheetRoleProposal[];
  readonly plan: RunPlan | null;
  readonly asOfFound: IsoDate | null;
  /** Contra organizations the proposed stock record holds positions at (after the locations map). */
  readonly contrasInBooks: readonly string[];
  /** The column mapping proposed (or saved) for each stock record and statement sheet. */
  readonly mappings: Readonly<Record<string, ProposedMapping>>;
  readonly issues: readonly Issue[];
}

/** A sheet's column mapping as the pane shows it: one dropdown per field over the headers. */
export interface ProposedMapping {
  readonly headerRow: number;
  /** The header row's texts by 1-based column. */
  readonly headers: readonly { readonly column: number; readonly text: string }[];
  /** The column of each field found (1-based). */
  readonly columns: Readonly<Partial<Record<PositionField, number>>>;
  /** True when the mapping comes from a profile saved in the workbook. */
  readonly saved: boolean;
  readonly negateQuantities: boolean;
  readonly quantityUnit: QuantityUnit;
}

/** The fields of a position sheet, in the order the mapping form shows them. */
export const POSITION_FIELDS: readonly {
  field: PositionField;
  label: string;
  required: boolean;
}[] = [
  { field: "securityId", label: "Security ID", required: true },
  { field: "quantity", label: "Quantity", required: true },
  { field: "location", label: "Location", required: false },
  { field: "contra", label: "Contra", required: false },
  { field: "description", label: "Description", required: false },
  { field: "account", label: "Account", required: false },
  { field: "asOf", label: "As of", required: false },
  { field: "price", label: "Price", required: false },
];

function proposedMapping(
  parsed: ParsedSheet,
  profile: SourceProfile | undefined,
): ProposedMapping | null {
  if (parsed.header === null) return null;
  return {
    headerRow: parsed.header.headerRow,
    headers: [...parsed.header.headers].map(([column, text]) => ({ column, text })),
    columns: parsed.header.columns,
    saved: profile !== undefined,
    negateQuantities: profile?.negateQuantities ?? false,
    quantityUnit: profile?.quantityUnit ?? "as_written",
  };
}

/** Saves a confirmed mapping as the source's profile, so next month's file maps itself. */
export async function saveMapping(
  port: WorkbookPort,
  sheet: string,
  mapping: Pick<ProposedMapping, "headers" | "columns" | "negateQuantities" | "quantityUnit">,
): Promise<void> {
  await saveMappings(port, [{ sheet, mapping }]);
}

/** A confirmed mapping as a profile: header texts by field, "" for a field set to "(none)". */
export function profileOf(
  mapping: Pick<ProposedMapping, "headers" | "columns" | "negateQuantities" | "quantityUnit">,
): SourceProfile {
  const text = new Map(mapping.headers.map((h) => [h.column, h.text]));
  const columns: Record<string, string> = {};
  for (const { field } of POSITION_FIELDS) {
    const column = mapping.columns[field];
    columns[field] = (column === undefined ? undefined : text.get(column)) ?? "";
  }
  return {
    columns,
    negateQuantities: mapping.negateQuantities,
    quantityUnit: mapping.quantityUnit,
  };
}

/** Saves several confirmed mappings with one read and one write of the settings sheet. */
export async function saveMappings(
  port: WorkbookPort,
  saves: readonly {
    sheet: string;
    mapping: Pick<ProposedMapping, "headers" | "columns" | "negateQuantities" | "quantityUnit">;
  }[],
): Promise<void> {
  if (saves.length === 0) return;
  let { settings } = await loadSettings(port);
  for (const save of saves) settings = withProfile(settings, save.sheet, profileOf(save.mapping));
  await saveSettings(port, settings);
}

/** Port options from run options; spelled out because absent and undefined differ here. */
function portOptions(options: RunOptions, onProgress = options.onProgress): ReadOptions {
  return {
    ...(onProgress ? { onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException("The run was cancelled.", "AbortError");
}

/** Reads the named sheets one after another, reporting progress over `share` of the whole run. */
async function readSheets(
  port: WorkbookPort,
  names: readonly string[],
  options: RunOptions,
  share: number,
  onBlock?: (sheet: string, rows: readonly Row[], first: number) => void,
): Promise<Map<string, SheetSnapshot>> {
  const sheets = new Map<string, SheetSnapshot>();
  for (const [index, name] of names.entries()) {
    checkAborted(options.signal);
    const report: ProgressListener = (progress) =>
      options.onProgress?.({
        fraction: ((index + progress.fraction) / names.length) * share,
        label: `Reading ${name}`,
      });
    report({ fraction: 0, label: "" });
    const read = portOptions(options, report);
    sheets.set(
      name,
      onBlock === undefined
        ? await port.readSheet(name, read)
        : await readSheetBlocks(port, name, read, (rows, first) => onBlock(name, rows, first)),
    );
  }
  return sheets;
}

export async function detectSheetRoles(
  port: WorkbookPort,
  options: ReconcileOptions = {},
): Promise<Detection> {
  const infos = await port.listSheets();
  const sheets = await readSheets(
    port,
    infos.filter((i) => i.visible && i.rowCount > 0).map((i) => i.name),
    options,
    1,
  );
  const { settings, issues: settingsIssues } =
    options.settings === undefined
      ? await loadSettings(port)
      : { settings: options.settings, issues: [] };
  const proposals = proposeRoles([...sheets.values()], settings);
  const inputs = proposals
    .filter((p) => p.role === "books" || p.role === "statement")
    .map((p) => {
      const profile = settings.profiles[profileKey(p.sheet)];
      return parsePositionSheet(sheets.get(p.sheet)!, {
        role: p.role === "books" ? "books" : "statement",
        contra: null,
        ...(profile === undefined ? {} : { profile }),
      });
    });
  const money = proposals
    .filter((p) => p.role === "booksMoney" || p.role === "statementMoney")
    .map((p) =>
      parseMoneySheet(sheets.get(p.sheet)!, {
        role: p.role === "booksMoney" ? "books" : "statement",
        contra: null,
      }),
    );
  const asOfFound =
    asOfFromInputs([
      ...inputs.filter((p) => p.role === "statement"),
      ...money.filter((m) => m.role === "statement"),
    ]) ?? asOfFromInputs([...inputs, ...money]);
  const books = inputs.find((p) => p.role === "books");
  const issues: Issue[] = [...settingsIssues];
  if (books === undefined) {
    issues.push({
      code: "stock_record_sheet_is_required",
      severity: "error",
      where: { sheet: infos[0]?.name ?? "" },
      message:
        "No sheet looks like a stock record (a security id, a location and a quantity column).",
      hint: "Choose the stock record sheet yourself, or add a Location column to it.",
    });
  }
  if (!proposals.some((p) => p.role === "statement")) {
    issues.push({
      code: "statement_sheet_is_required",
      severity: "error",
      where: { sheet: infos[0]?.name ?? "" },
      message: "No sheet looks like a position statement (a security id and a quantity column).",
      hint: "Paste or import the statements from DTC, OCC or your custodian into their own sheets.",
    });
  }
  options.onProgress?.({ fraction: 1, label: "Sheets detected" });
  const contrasInBooks = booksContras(sheets, proposals, books);
  return {
    proposals: proposals.map((p) => suggestContra(p, contrasInBooks)),
    plan: planFromProposals(proposals, asOfFound),
    asOfFound,
    contrasInBooks,
    mappings: Object.fromEntries(
      inputs.flatMap((parsed) => {
        const mapping = proposedMapping(parsed, settings.profiles[profileKey(parsed.sheet)]);
        return mapping === null ? [] : [[parsed.sheet, mapping] as const];
      }),
    ),
    issues,
  };
}

/** A statement named after a books contra ("DTC Position Report") is proposed as that contra. */
function suggestContra(proposal: SheetRoleProposal, contras: readonly string[]): SheetRoleProposal {
  if (proposal.role !== "statement" || proposal.contra === null) return proposal;
  if (contras.some((c) => c.toUpperCase() === proposal.contra!.toUpperCase())) return proposal;
  const named = contraNamedIn(proposal.contra, contras);
  return named === null
    ? proposal
    : { ...proposal, contra: named, reason: `${proposal.reason}; named after ${named}` };
}

/** The books' contras as the locations map places them, when the workbook has one. */
function booksContras(
  sheets: ReadonlyMap<string, SheetSnapshot>,
  proposals: readonly SheetRoleProposal[],
  books: ParsedSheet | undefined,
): string[] {
  if (books === undefined) return [];
  const locations = proposals.find((p) => p.role === "locations");
  const map =
    locations === undefined ? null : parseLocationsSheet(sheets.get(locations.sheet)!).map;
  if (map === null) return [...books.contras];
  const placed = applyLocationsToBooks(books.records, map).records;
  return [...new Map(placed.map((r) => [r.contra.toUpperCase(), r.contra])).values()];
}

export async function reconcileWorkbook(
  port: WorkbookPort,
  plan: RunPlan,
  options: ReconcileOptions = {},
): Promise<{ result: ReconciliationResult | null; issues: readonly Issue[] }> {
  const listed = await port.listSheets();
  const existing = new Set(listed.map((s) => s.name));
  const saved = options.settings === undefined ? await loadSettings(port) : null;
  const settings = options.settings ?? saved!.settings;
  // the engine's memory is taken before the sheets are read, while this heap is small
  const booksRows = listed.find((s) => s.name === plan.books)?.rowCount ?? 0;
  const reconcile = prepareReconciliation(plan, settings, booksRows);
  const names = [
    plan.books,
    ...plan.statements.map((s) => s.sheet),
    ...[plan.locations, plan.securityMaster, plan.booksMoney].filter(
      (s): s is string => typeof s === "string",
    ),
    ...(plan.moneyStatements ?? []).map((s) => s.sheet),
  ].filter((name, index, all) => existing.has(name) && all.indexOf(name) === index);
  // each block of rows is reconciled as it comes, while the host reads the next
  const sheets = await readSheets(port, names, options, 0.9, (sheet, rows, first) =>
    reconcile.block(sheet, rows, first),
  );
  checkAborted(options.signal);
  options.onProgress?.({ fraction: 0.9, label: "Reconciling" });
  const outcome = reconcile.finish(sheets);
  options.onProgress?.({ fraction: 1, label: "Reconciled" });
  const settingsIssues = saved?.issues ?? [];
  if (!outcome.ok) return { result: null, issues: [...settingsIssues, ...outcome.issues] };
  const result = { ...outcome.result, issues: [...settingsIssues, ...outcome.result.issues] };
  return { result, issues: result.issues };
}

/** What `writeBreaksSheet` did. */
export interface BreaksWritten {
  readonly sheetName: typeof BREAKS_SHEET;
  /** The sheet row of each break (by break id); empty when nothing was written. */
  readonly rowOfBreak: ReadonlyMap<string, number>;
  /** False when the Breaks sheet holds status edits that cannot be read: nothing was written. */
  readonly written: boolean;
  /** The status of each break as written, in the order of `result.breaks`. */
  readonly statuses: readonly BreakStatusRecord[];
  /** Status records that were on the sheet for breaks this run does not show. */
  readonly noLongerShown: readonly BreakStatusRecord[];
  readonly issues: readonly Issue[];
}

export interface WriteBreaksOptions extends RunOptions {
  /**
   * The breaks' status records (by lifecycle id). When absent, the statuses already on the
   * Breaks sheet are read and carried, so that a re-run never wipes what people entered.
   */
  readonly statuses?: readonly BreakStatusRecord[];
  /** When each money break was first seen before this run; read from Money Breaks when absent. */
  readonly moneyHistory?: ReadonlyMap<string, IsoDate>;
}

/**
 * Break id → the date each money break was first seen, from the Money Breaks sheet as it stands
 * (written by the previous run); empty when there is no such sheet.
 */
export async function readMoneyBreakHistory(
  port: WorkbookPort,
  options: RunOptions = {},
): Promise<Map<string, IsoDate>> {
  const sheets = await port.listSheets();
  const info = sheets.find((s) => s.name.toLowerCase() === MONEY_BREAKS_SHEET.toLowerCase());
  if (info === undefined || info.rowCount === 0) return new Map();
  return readFirstSeen((await port.readSheet(info.name, portOptions(options))).rows);
}

/**
 * Writes the `Breaks` sheet (and `Money Breaks` when money was reconciled); returns the sheet row
 * of each break so the pane can select it. A break keeps the status people gave it in an earlier
 * run of the same count. When the statuses on the sheet cannot be read, nothing is written: the
 * sheet keeps the edits, and the issues say where to fix them.
 */
export async function writeBreaksSheet(
  port: WorkbookPort,
  result: ReconciliationResult,
  options: WriteBreaksOptions = {},
): Promise<BreaksWritten> {
  let previous = options.statuses;
  const issues: Issue[] = [];
  // A month a reviewer signed off keeps its Breaks as signed (periodLock.ts).
  const refused = await signedSheetIssuesAsOf(
    port,
    result.asOf,
    [BREAKS_SHEET, ...(result.money === null ? [] : [MONEY_BREAKS_SHEET])],
    `the reconciliation as of ${result.asOf}`,
  );
  if (refused.length > 0) {
    return {
      sheetName: BREAKS_SHEET,
      rowOfBreak: new Map(),
      written: false,
      statuses: [],
      noLongerShown: [],
      issues: refused,
    };
  }
  if (previous === undefined) {
    const read = await readBreakStatuses(port, result.asOf, options);
    issues.push(...read.issues);
    if (hasErrors(read.issues)) {
      issues.push(breaksKeptIssue(read.issues));
      return {
        sheetName: BREAKS_SHEET,
        rowOfBreak: new Map(),
        written: false,
        statuses: [],
        noLongerShown: [],
        issues,
      };
    }
    previous = read.statuses;
  }
  const carried = carryForward(result.breaks, result.asOf, previous);
  issues.push(...noLongerShownIssues(carried.noLongerShown, result.asOf));
  await port.writeTable(breaksTable(result, carried.statuses), portOptions(options));
  if (result.money !== null) {
    const history = options.moneyHistory ?? (await readMoneyBreakHistory(port, options));
    const firstSeen = firstSeenOn(result.money.breaks, result.asOf, history);
    await port.writeTable(
      moneyBreaksTable({ asOf: result.asOf, breaks: result.money.breaks, firstSeen }),
      portOptions(options),
    );
  }
  const rowOfBreak = new Map(result.breaks.map((b, index) => [b.id, index + 2] as const));
  return {
    sheetName: BREAKS_SHEET,
    rowOfBreak,
    written: true,
    statuses: carried.statuses,
    noLongerShown: carried.noLongerShown,
    issues,
  };
}

function breaksKeptIssue(readIssues: readonly Issue[]): Issue {
  const cells = readIssues
    .filter((i) => i.severity === "error")
    .map((i) => formatWhere(i.where).replace(`${BREAKS_SHEET} › `, ""));
  return {
    code: "break_statuses_must_be_readable",
    severity: "error",
    where: { sheet: BREAKS_SHEET },
    message: `The Breaks sheet was not rewritten: its status columns hold entries StockRec cannot read (${cells.join(", ")}), which rewriting would lose.`,
    hint: "Correct those cells as the other issues say and run again; nothing was written.",
  };
}

/**
 * The statuses people entered on the existing Breaks sheet; none when there is no such sheet.
 * `countDate` names the count of a row whose Lifecycle ID cell was emptied.
 */
export async function readBreakStatuses(
  port: WorkbookPort,
  countDate: IsoDate,
  options: RunOptions = {},
): Promise<ReadStatuses & { readonly found: boolean }> {
  const sheets = await port.listSheets();
  const info = sheets.find((s) => s.name.toLowerCase() === BREAKS_SHEET.toLowerCase());
  if (info === undefined) {
    return { found: false, statuses: [], issues: [], hasStatusColumn: false };
  }
  const snapshot = await port.readSheet(info.name, portOptions(options));
  return {
    found: true,
    ...readStatusesFromBreaksSheet(snapshot.rows, { sheet: snapshot.name, countDate }),
  };
}

/** Writes the `Notices` sheet: every notice in one table, grouped by contra organization. */
export async function writeNoticesSheet(
  port: WorkbookPort,
  notices: readonly Notice[],
  options: RunOptions = {},
): Promise<{ sheetName: typeof NOTICES_SHEET; rowCount: number }> {
  const table = noticesTable(notices);
  await port.writeTable(table, portOptions(options));
  return { sheetName: NOTICES_SHEET, rowCount: table.rows.length };
}
