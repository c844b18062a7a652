/**
 * How an exact decimal is written to a cell: as a number when a double holds it exactly (so
 * Excel can sum and format it), else as its exact decimal text (never a rounded number).
 */
import { toDecimalString, toExcelNumber, type Decimal } from "../domain/decimal";
import type { CellValue } from "../domain/sheet";

export function decimalCell(value: Decimal): CellValue {
  return toExcelNumber(value) ?? toDecimalString(value);
}
