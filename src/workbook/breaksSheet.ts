/**
 * The `Breaks` output sheet: one row per break, identifiers as text, quantities as right-aligned
 * numbers (text only when a double cannot hold them exactly), and the words Long/Short. The last
 * columns hold each break's lifecycle status, which people edit and the next run reads back
 * (src/domain/breakStatus.ts).
 */
import {
  BREAKS_SHEET_NAME,
  carryForward,
  RESOLUTION_LABELS,
  STATUS_HEADERS,
  STATUS_LABELS,
  type BreakStatusRecord,
} from "../domain/breakStatus";
import { abs, type Decimal } from "../domain/decimal";
import { excelSerialFromIsoDate, type IsoDate } from "../domain/isoDate";
import type { ReconciliationResult } from "../domain/monthlyReconciliation";
import type { SourceRef } from "../domain/positions";
import type { Break, BreakKind, Direction } from "../domain/reconcile";
import { textHighlights, type CellValue, type TableColumn, type TableOutput } from "./port";
import { decimalCell as quantityCell } from "./cells";

export const BREAKS_SHEET = BREAKS_SHEET_NAME;
export const BREAKS_TABLE = "StockRecBreaks";

export function directionLabel(direction: Direction): "Long" | "Short" {
  return direction === "long" ? "Long" : "Short";
}

export const KIND_LABELS: Readonly<Record<BreakKind, string>> = {
  quantity_difference: "Quantity difference",
  books_only: "Books only",
  statement_only: "Statement only",
};

/** "Stock Record!12, 13, 20; DTC!7": where each quantity came from. */
export function formatSourceRows(refs: readonly SourceRef[]): string {
  if (refs.length === 0) return "";
  if (refs.length === 1) return `${refs[0]!.sheet}!${refs[0]!.row}`;
  const bySheet = new Map<string, number[]>();
  for (const ref of refs) {
    const rows = bySheet.get(ref.sheet);
    if (rows === undefined) bySheet.set(ref.sheet, [ref.row]);
    else rows.push(ref.row);
  }
  return [...bySheet].map(([sheet, rows]) => `${sheet}!${rows.join(", ")}`).join("; ");
}

function decimalsShown(values: readonly Decimal[]): number {
  return Math.min(
    10,
    values.reduce((max, value) => Math.max(max, value.scale), 0),
  );
}

function dateCell(date: IsoDate | null): CellValue {
  return date === null ? null : excelSerialFromIsoDate(date);
}

/** The status columns, after the break's own: words as text, dates as dates. */
const STATUS_COLUMNS: readonly TableColumn[] = [
  { header: STATUS_HEADERS.lifecycleId, format: { kind: "text" }, width: 34 },
  { header: STATUS_HEADERS.status, format: { kind: "text" }, width: 11 },
  { header: STATUS_HEADERS.reportedOn, format: { kind: "date" }, width: 12 },
  { header: STATUS_HEADERS.resolvedOn, format: { kind: "date" }, width: 12 },
  { header: STATUS_HEADERS.resolution, format: { kind: "text" }, width: 17 },
  { header: STATUS_HEADERS.note, format: { kind: "text" }, width: 30 },
  { header: STATUS_HEADERS.postedOn, format: { kind: "date" }, width: 12 },
];

function statusCells(record: BreakStatusRecord): CellValue[] {
  return [
    record.lifecycleId,
    STATUS_LABELS[record.status],
    dateCell(record.reportedOn),
    dateCell(record.resolvedOn),
    record.resolution === null ? null : RESOLUTION_LABELS[record.resolution],
    record.note === "" ? null : record.note,
    dateCell(record.postedOn),
  ];
}

/**
 * The Breaks table. `statuses` are status records by lifecycle id (count date = `result.asOf`);
 * a break without one is Open.
 */
export function breaksTable(
  result: ReconciliationResult,
  statuses: readonly BreakStatusRecord[] = [],
): TableOutput {
  const breaks: readonly Break[] = result.breaks;
  const quantities = breaks.flatMap((b) => [b.booksQuantity, b.statementQuantity, b.difference]);
  const decimals = decimalsShown(quantities);
  const text = { kind: "text" } as const;
  const quantity = { kind: "quantity", decimals } as const;
  const columns: TableColumn[] = [
    { header: "Break ID", format: text, width: 24 },
    { header: "Security ID", format: text, width: 14 },
    { header: "Description", format: text, width: 30 },
    { header: "Contra", format: text, width: 10 },
    { header: "Books Locations", format: text, width: 16 },
    { header: "Books Quantity", format: quantity, width: 16 },
    { header: "Statement Quantity", format: quantity, width: 18 },
    { header: "Difference", format: quantity, width: 16 },
    { header: "Long/Short", format: text, width: 11 },
    { header: "Kind", format: text, width: 18 },
    { header: "As Of", format: { kind: "date" }, width: 12 },
    { header: "Books Rows", format: text, width: 22 },
    { header: "Statement Rows", format: text, width: 22 },
    { header: "Unreadable Rows", format: text, width: 22 },
    ...STATUS_COLUMNS,
  ];
  const asOf = excelSerialFromIsoDate(result.asOf);
  const records = carryForward(breaks, result.asOf, statuses).statuses;
  const rows = breaks.map((b, index) => [
    b.id,
    b.securityId,
    b.description,
    b.contra,
    b.locations.join(", "),
    quantityCell(b.booksQuantity),
    quantityCell(b.statementQuantity),
    quantityCell(abs(b.difference)),
    directionLabel(b.direction),
    KIND_LABELS[b.kind],
    asOf,
    formatSourceRows(b.booksRows),
    formatSourceRows(b.statementRows),
    formatSourceRows(b.unreadableRows),
    ...statusCells(records[index]!),
  ]);
  // Open is what needs work; the colours follow Excel's own Bad / Neutral / Good styles.
  const conditionalFormats = [
    ...textHighlights({ columns }, STATUS_HEADERS.status, {
      [STATUS_LABELS.open]: "bad",
      [STATUS_LABELS.reported]: "neutral",
      [STATUS_LABELS.resolved]: "good",
      [STATUS_LABELS.posted]: "good",
    }),
    ...textHighlights({ columns }, "Long/Short", { Short: "bad" }),
  ];
  return { sheetName: BREAKS_SHEET, tableName: BREAKS_TABLE, columns, rows, conditionalFormats };
}
