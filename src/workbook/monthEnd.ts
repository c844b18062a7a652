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
import { parsePositionSheet } from "../domain/positions";
import {
  planFromProposals,
  proposeRoles,
  type RunPlan,
  type SheetRoleProposal,
} from "../domain/roles";
import type { SheetSnapshot } from "../domain/sheet";
import { breaksTable, BREAKS_SHEET } from "./breaksSheet";
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
  options: RunOptions = {},
): Promise<Detection> {
  const infos = await port.listSheets();
  const sheets = await readSheets(
    port,
    infos.filter((i) => i.visible && i.rowCount > 0).map((i) => i.name),
    options,
    1,
  );
  const proposals = proposeRoles([...sheets.values()]);
  const inputs = proposals
    .filter((p) => p.role !== "other")
    .map((p) =>
      parsePositionSheet(sheets.get(p.sheet)!, {
        role: p.role === "books" ? "books" : "statement",
        contra: null,
      }),
    );
  const asOfFound = asOfFromInputs(inputs);
  const books = inputs.find((p) => p.role === "books");
  const issues: Issue[] = [];
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
  options: RunOptions = {},
): Promise<{ result: ReconciliationResult | null; issues: readonly Issue[] }> {
  const existing = new Set((await port.listSheets()).map((s) => s.name));
  const names = [plan.books, ...plan.statements.map((s) => s.sheet)].filter((name) =>
    existing.has(name),
  );
  const sheets = await readSheets(port, names, options, 0.9);
  checkAborted(options.signal);
  options.onProgress?.({ fraction: 0.9, label: "Reconciling" });
  const outcome = runMonthlyReconciliation(sheets, plan);
  options.onProgress?.({ fraction: 1, label: "Reconciled" });
  return outcome.ok
    ? { result: outcome.result, issues: outcome.result.issues }
    : { result: null, issues: outcome.issues };
}

/** Writes the `Breaks` sheet; returns the sheet row of each break so the pane can select it. */
export async function writeBreaksSheet(
  port: WorkbookPort,
  result: ReconciliationResult,
  options: RunOptions = {},
): Promise<{ sheetName: typeof BREAKS_SHEET; rowOfBreak: ReadonlyMap<string, number> }> {
  const table = breaksTable(result);
  await port.writeTable(table, portOptions(options));
  const rowOfBreak = new Map(result.breaks.map((b, index) => [b.id, index + 2] as const));
  return { sheetName: BREAKS_SHEET, rowOfBreak };
}
