/** What the results view shows, computed from a reconciliation result without React. */
import { abs, compare } from "../../../domain/decimal";
import type { Break, ContraSummary, ReconciliationResult } from "../../../workbook/monthEnd";
import { countOf } from "../../format";

/** More rows than this slow the pane down; the Breaks sheet has all of them. */
export const BREAKS_SHOWN = 200;

/** "23 breaks across 3 contras — 1,204 positions matched". */
export function summaryText(result: ReconciliationResult): string {
  const matched = countOf(result.matchedCount, "position", "positions");
  if (result.breaks.length === 0) return `No breaks — ${matched} matched`;
  const contrasWithBreaks = new Set(result.breaks.map((item) => item.contra)).size;
  return `${countOf(result.breaks.length, "break", "breaks")} across ${countOf(contrasWithBreaks, "contra", "contras")} — ${matched} matched`;
}

/** Contras with the most breaks first, then by name. */
export function contrasByBreakCount(contras: readonly ContraSummary[]): ContraSummary[] {
  return [...contras].sort(
    (a, b) => b.breakCount - a.breakCount || a.contra.localeCompare(b.contra),
  );
}

/**
 * Largest difference first, whichever its direction. The engine already sorts this way; sorting
 * again (stably, so its tie order stands) keeps the pane right whatever order it is handed.
 */
export function largestFirst(breaks: readonly Break[]): Break[] {
  return [...breaks].sort((a, b) => compare(abs(b.difference), abs(a.difference)));
}
