/**
 * What the domain reads: a sheet's used range as rows of cells, as every host hands it over.
 * Hosts (src/workbook, src/excel, src/xlsx) produce these; the domain never sees a host object.
 */

/** A cell as hosts hand it over: Excel dates arrive as serial numbers, errors as their text (`#N/A`). */
export type CellValue = string | number | boolean | null;

export type Row = readonly CellValue[];

/** The used part of a sheet, from A1 to its last used cell. `rows[0]` is sheet row 1. */
export interface SheetSnapshot {
  readonly name: string;
  readonly rows: readonly Row[];
}

/** Column number (1-based) to letters: 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  if (!Number.isInteger(column) || column < 1) throw new RangeError(`bad column ${column}`);
  let letters = "";
  let n = column;
  while (n > 0) {
    const remainder = (n - 1) % 26;
    letters = String.fromCharCode(65 + remainder) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** True when a cell holds nothing a person would see. */
export function isBlank(cell: CellValue | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}
