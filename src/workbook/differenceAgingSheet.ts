/**
 * The `Difference Aging` sheet: the Difference account's open layers, oldest first, with their
 * age in business and calendar days, the 15c3-1(c)(2)(v) deduction of short differences and the
 * 15c3-3a item 7 flag (short count differences over 30 calendar days).
 */
import type { AgedLayer } from "../domain/aging";
import { abs, sign, toDecimalString, toExcelNumber, type Decimal } from "../domain/decimal";
import { excelSerialFromIsoDate } from "../domain/isoDate";
import {
  textHighlights,
  type CellValue,
  type ConditionalFormatSpec,
  type TableColumn,
  type TableOutput,
} from "./port";

export const DIFFERENCE_AGING_SHEET = "Difference Aging";
export const DIFFERENCE_AGING_TABLE = "StockRecDifferenceAging";

function amount(value: Decimal | null): CellValue {
  return value === null ? null : (toExcelNumber(value) ?? toDecimalString(value));
}

export function differenceAgingTable(aged: readonly AgedLayer[]): TableOutput {
  const decimals = Math.min(
    10,
    aged.reduce((max, a) => Math.max(max, a.quantity.scale), 0),
  );
  const text = { kind: "text" } as const;
  const columns: TableColumn[] = [
    { header: "Security ID", format: text, width: 14 },
    { header: "Description", format: text, width: 30 },
    { header: "Long/Short", format: text, width: 11 },
    { header: "Quantity", format: { kind: "quantity", decimals }, width: 14 },
    { header: "Discovered On", format: { kind: "date" }, width: 13 },
    { header: "Age (Business Days)", format: { kind: "quantity", decimals: 0 }, width: 12 },
    { header: "Age (Calendar Days)", format: { kind: "quantity", decimals: 0 }, width: 12 },
    { header: "Deduction %", format: { kind: "quantity", decimals: 0 }, width: 11 },
    { header: "Price", format: { kind: "quantity", decimals: 4 }, width: 12 },
    { header: "Market Value", format: { kind: "quantity", decimals: 2 }, width: 16 },
    { header: "15c3-1 Deduction", format: { kind: "quantity", decimals: 2 }, width: 16 },
    { header: "15c3-3a Item 7", format: text, width: 12 },
    { header: "Entry ID", format: text, width: 12 },
  ];
  const rows = aged.map((a) => [
    a.securityId,
    a.description,
    sign(a.quantity) < 0 ? "Short" : "Long",
    amount(abs(a.quantity)),
    excelSerialFromIsoDate(a.discoveredOn),
    a.ageBusinessDays,
    a.ageCalendarDays,
    a.deductionPercent,
    amount(a.price),
    amount(a.marketValue),
    amount(a.deduction),
    a.reserveItem7 ? "Yes" : "No",
    a.entryId,
  ]);
  // Shorts are deducted from net capital from the 7th business day (15c3-1(c)(2)(v)), fully from the 28th.
  const ageColumn = columns.findIndex((c) => c.header === "Age (Business Days)") + 1;
  const conditionalFormats: ConditionalFormatSpec[] = [
    ...textHighlights({ columns }, "Long/Short", { Short: "bad" }),
    { column: ageColumn, rule: { kind: "numberBetween", min: 7, max: 27 }, style: "neutral" },
    { column: ageColumn, rule: { kind: "numberAbove", value: 27 }, style: "bad" },
  ];
  return {
    sheetName: DIFFERENCE_AGING_SHEET,
    tableName: DIFFERENCE_AGING_TABLE,
    columns,
    rows,
    conditionalFormats,
  };
}
