/**
 * The Close Summary sheet from the pane, as `stockrec close` writes it: the close, with the GL
 * review, the suspense aging and the period's sign-offs as far as the pane has them.
 */
import type { GlReview } from "../../../domain/glAccounts";
import type { SignoffCheck } from "../../../domain/signoff";
import type { SuspenseAging } from "../../../domain/suspense";
import { closeSummaryTable, type CloseSummaryInput } from "../../../workbook/closeSummarySheet";
import type { CloseResult } from "../../../workbook/monthEndClose";
import type { TableOutput, WorkbookPort } from "../../../workbook/port";

/** What the 4523 steps have worked out so far; null where a step has not run. */
export interface SummaryRegisters {
  readonly glReview: GlReview | null;
  readonly suspense: SuspenseAging | null;
  /** Every sign-off as last checked; the summary keeps those of the close's month. */
  readonly signoffs: readonly SignoffCheck[] | null;
}

export const NO_REGISTERS: SummaryRegisters = { glReview: null, suspense: null, signoffs: null };

export function summaryInput(close: CloseResult, registers: SummaryRegisters): CloseSummaryInput {
  const period = close.reconciliation.asOf.slice(0, 7);
  return {
    close,
    ...(registers.glReview === null ? {} : { glReview: registers.glReview }),
    ...(registers.suspense === null ? {} : { suspense: registers.suspense }),
    ...(registers.signoffs === null
      ? {}
      : { signoffs: registers.signoffs.filter((check) => check.signoff.period === period) }),
  };
}

/** Writes the Close Summary sheet whole; returns what was written. */
export async function writeCloseSummary(
  port: WorkbookPort,
  close: CloseResult,
  registers: SummaryRegisters,
): Promise<TableOutput> {
  const table = closeSummaryTable(summaryInput(close, registers));
  await port.writeTable(table);
  return table;
}
