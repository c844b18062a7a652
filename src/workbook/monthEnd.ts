/**
 * The month-end flow over any host: read sheets through the WorkbookPort, run the pure domain,
 * write the results. The task pane (in Excel or a plain browser) and the CLI both call this.
 */
import type { IsoDate } from "../domain/isoDate";
import type { Issue } from "../domain/issues";
import {
  asOfFromInputs,
  runMonthlyReconciliation,
  type ReconciliationResult,
} from "../domain/monthlyReconciliation";
import { parseMoneySheet } from "../domain/money";
import { parsePositionSheet } from "../domain/positions";
import { profileKey } from "../domain/settings";
import {
  planFromProposals,
  proposeRoles,
  type RunPlan,
  type SheetRoleProposal,
} from "../domain/roles";
import type { SheetSnapshot } from "../domain/sheet";
import type { Settings } from "../domain/settings";
import { breaksTable, BREAKS_SHEET } from "./breaksSheet";
import { moneyBreaksTable } from "./moneyBreaksSheet";
import { loadSettings } from "./settingsStore";
import type { ProgressListener, ReadOptions, WorkbookPort } from "./port";

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
  /** Contra organizations the proposed stock record holds positions at. */
  readonly contrasInBooks: readonly string[];
  readonly issues: readonly Issue[];
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
    sheets.set(name, await port.readSheet(name, portOptions(options, report)));
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
  const asOfFound = asOfFromInputs([...inputs, ...money]);
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
  return {
    proposals,
    plan: planFromProposals(proposals, asOfFound),
    asOfFound,
    contrasInBooks: books?.contras ?? [],
    issues,
  };
}

export async function reconcileWorkbook(
  port: WorkbookPort,
  plan: RunPlan,
  options: ReconcileOptions = {},
): Promise<{ result: ReconciliationResult | null; issues: readonly Issue[] }> {
  const existing = new Set((await port.listSheets()).map((s) => s.name));
  const saved = options.settings === undefined ? await loadSettings(port) : null;
  const settings = options.settings ?? saved!.settings;
  const names = [
    plan.books,
    ...plan.statements.map((s) => s.sheet),
    ...[plan.locations, plan.securityMaster, plan.booksMoney].filter(
      (s): s is string => typeof s === "string",
    ),
    ...(plan.moneyStatements ?? []).map((s) => s.sheet),
  ].filter((name, index, all) => existing.has(name) && all.indexOf(name) === index);
  const sheets = await readSheets(port, names, options, 0.9);
  checkAborted(options.signal);
  options.onProgress?.({ fraction: 0.9, label: "Reconciling" });
  const outcome = runMonthlyReconciliation(sheets, plan, settings);
  options.onProgress?.({ fraction: 1, label: "Reconciled" });
  const settingsIssues = saved?.issues ?? [];
  if (!outcome.ok) return { result: null, issues: [...settingsIssues, ...outcome.issues] };
  const result = { ...outcome.result, issues: [...settingsIssues, ...outcome.result.issues] };
  return { result, issues: result.issues };
}

/** Writes the `Breaks` sheet (and `Money Breaks` when money was reconciled); returns the sheet row of each break so the pane can select it. */
export async function writeBreaksSheet(
  port: WorkbookPort,
  result: ReconciliationResult,
  options: RunOptions = {},
): Promise<{ sheetName: typeof BREAKS_SHEET; rowOfBreak: ReadonlyMap<string, number> }> {
  await port.writeTable(breaksTable(result), portOptions(options));
  if (result.money !== null) {
    await port.writeTable(
      moneyBreaksTable({ asOf: result.asOf, breaks: result.money.breaks }),
      portOptions(options),
    );
  }
  const rowOfBreak = new Map(result.breaks.map((b, index) => [b.id, index + 2] as const));
  return { sheetName: BREAKS_SHEET, rowOfBreak };
}
