/**
 * The month's securities reconciliation of a workbook's sheets, by the fastest engine that
 * covers the run: the streaming engine (reconcileStream.ts: no record per row, no array of
 * matched positions) when the run is the stock record against statements alone, and
 * `runMonthlyReconciliation` when it also takes a locations map, a security master, prices or
 * money balances, which only that path applies. Both give the same breaks, totals and issues
 * for the runs the stream takes (test/domain/fastPaths.property.test.ts); the stream counts
 * matched positions without listing them. Pure: the task pane's worker and the CLI run it.
 */
import { HEADER_SEARCH_ROWS } from "./headers";
import { runMonthlyReconciliation, type ReconciliationOutcome } from "./monthlyReconciliation";
import { ReconcileStream } from "./reconcileStream";
import type { RunPlan } from "./roles";
import { profileKey, type Settings } from "./settings";
import type { SheetSnapshot } from "./sheet";

export type SheetsReconciliation = (
  sheets: ReadonlyMap<string, SheetSnapshot>,
) => ReconciliationOutcome;

export function reconcileSheets(
  sheets: ReadonlyMap<string, SheetSnapshot>,
  plan: RunPlan,
  settings: Settings,
): ReconciliationOutcome {
  return prepareReconciliation(plan, settings, sheets.get(plan.books)?.rows.length ?? 0)(sheets);
}

/**
 * `reconcileSheets` in two steps, for a host that reads the sheets itself: this one before it
 * reads them (given about how many rows the books have: a hint that sizes the engine's memory),
 * the one it returns once they are read. The engine's memory is then taken while the host's
 * heap is small: taken after, with a heap of millions of rows, it set off a collection of that
 * heap (reconcileStream.ts `StreamOptions.reads`). The outcome is `reconcileSheets`'s.
 */
export function prepareReconciliation(
  plan: RunPlan,
  settings: Settings,
  booksRows: number,
): SheetsReconciliation {
  const general = (sheets: ReadonlyMap<string, SheetSnapshot>) =>
    runMonthlyReconciliation(sheets, plan, settings);
  const moneyStatements = plan.moneyStatements ?? [];
  if (plan.locations || plan.securityMaster || plan.prices || plan.booksMoney) return general;
  if (moneyStatements.length > 0) return general;
  const made = () =>
    new ReconcileStream({
      differenceLocations: settings.differenceLocations,
      expectedPositions: booksRows,
      reads: ["books", "statement"],
    });
  let prepared: ReconcileStream | null = made();
  return (sheets) => {
    // a stream reads one run: a second call gets one of its own
    const stream = prepared ?? made();
    prepared = null;
    return streamed(stream, sheets, plan, settings) ?? general(sheets);
  };
}

/** The run through the stream, or null when it needs what only the workbook path does. */
function streamed(
  stream: ReconcileStream,
  sheets: ReadonlyMap<string, SheetSnapshot>,
  plan: RunPlan,
  settings: Settings,
): ReconciliationOutcome | null {
  const names = [plan.books, ...plan.statements.map((s) => s.sheet)];
  // a missing sheet or one in two roles: the workbook path says so
  if (names.some((name) => !sheets.has(name)) || new Set(names).size !== names.length) return null;
  const sources = [
    { sheet: plan.books, role: "books" as const, contra: null },
    ...plan.statements.map((s) => ({ ...s, role: "statement" as const })),
  ];
  for (const [index, { sheet, role, contra }] of sources.entries()) {
    const rows = sheets.get(sheet)!.rows;
    const profile = settings.profiles[profileKey(sheet)];
    const source = stream.open(
      { name: sheet, rows: rows.slice(0, HEADER_SEARCH_ROWS) },
      { sheet, role, contra, typedCells: true, ...(profile === undefined ? {} : { profile }) },
    );
    if (source === null) continue;
    // books with prices value the differences, which the stream does not
    if (index === 0 && stream.hasPriceColumn(source)) return null;
    stream.addCellsRows(source, rows);
  }
  return stream.finish(plan.asOf);
}
