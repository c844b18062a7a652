/**
 * The `Count YYYY-MM-DD` sheet of a 17a-13 security count: one row per security, location and
 * status, generated from the stock record, on which people enter what they counted (in-possession
 * lines) and the confirmations of items out of possession more than 30 days. StockRec writes the
 * outcome columns; every entered cell is written back exactly as it was read, so a re-run never
 * loses an entry, and an entry it cannot read is reported and kept.
 */
import { abs, sign, type Decimal } from "../domain/decimal";
import { excelSerialFromIsoDate, parseIsoDate, type IsoDate } from "../domain/isoDate";
import type { Issue } from "../domain/issues";
import type { SourceRef } from "../domain/positions";
import {
  COUNT_OUTCOME_LABELS,
  POSSESSION_LABELS,
  POSSESSION_STATUSES,
  type ComparedLine,
  type CountLine,
  type PossessionStatus,
  type RecordedCount,
} from "../domain/securityCount";
import { columnLetter, isBlank, type CellValue, type Row } from "../domain/sheet";
import { parseDateCell, parseQuantity } from "../domain/values";
import { formatSourceRows } from "./breaksSheet";
import type { TableColumn, TableOutput } from "./port";
import { decimalCell as quantityCell } from "./cells";

export const COUNT_SHEET_PREFIX = "Count ";

export function countSheetName(countDate: IsoDate): string {
  return `${COUNT_SHEET_PREFIX}${countDate}`;
}

/** The count date a sheet name carries (`Count 2026-12-31`), or null. */
export function countDateOfSheet(name: string): IsoDate | null {
  const match = /^Count (\d{4}-\d{2}-\d{2})$/.exec(name.trim());
  return match === null ? null : parseIsoDate(match[1]!);
}

export function countTableName(countDate: IsoDate): string {
  return `StockRecCount_${countDate.replace(/-/g, "")}`;
}

export const COUNT_HEADERS = [
  "Line ID",
  "Security ID",
  "Description",
  "Location",
  "Status",
  "Status Since",
  "Days in Status",
  "Books Quantity",
  "Counted Quantity",
  "Counted By",
  "Supervised By",
  "Verification Required",
  "Confirmation Date",
  "Confirmation Reference",
  "Confirmed Quantity",
  "Note",
  "Outcome",
  "Difference",
  "Long/Short",
  "Cycle",
  "Source Rows",
] as const;
type CountHeader = (typeof COUNT_HEADERS)[number];

/** What people enter; everything else is StockRec's. */
export const ENTERED_HEADERS: readonly CountHeader[] = [
  "Counted Quantity",
  "Counted By",
  "Supervised By",
  "Confirmation Date",
  "Confirmation Reference",
  "Confirmed Quantity",
  "Note",
];

/** StockRec's own note on deposited lines: not an entry (so it never blocks a regeneration). */
export const DEPOSITED_NOTE = "Verified by the monthly reconciliation's statement";

function columns(lines: readonly CountLine[]): TableColumn[] {
  const decimals = Math.min(
    10,
    lines.reduce((max, l) => Math.max(max, l.booksQuantity.scale), 0),
  );
  const quantity = { kind: "quantity", decimals } as const;
  const widths: Partial<Record<CountHeader, number>> = {
    "Line ID": 30,
    Description: 28,
    "Confirmation Reference": 22,
    Note: 28,
    "Source Rows": 22,
  };
  return COUNT_HEADERS.map((header): TableColumn => {
    if (/Quantity$|^Difference$/.test(header)) return { header, format: quantity, width: 16 };
    if (/Date$|Since$/.test(header)) return { header, format: { kind: "date" }, width: 13 };
    if (header === "Days in Status") return { header, format: { kind: "general" }, width: 9 };
    return { header, format: { kind: "text" }, width: widths[header] ?? 14 };
  });
}

/** Entered cells, by line id, as read from an earlier version of the sheet. */
export type EnteredCells = ReadonlyMap<string, Readonly<Partial<Record<CountHeader, CellValue>>>>;

export interface CountSheetInput {
  readonly countDate: IsoDate;
  readonly cycle: string | null;
  readonly lines: readonly CountLine[];
  /** What people had entered (kept exactly); none for a new count. */
  readonly entered?: EnteredCells;
  /** The comparison, when the count has been compared. */
  readonly compared?: readonly ComparedLine[];
}

export function countSheetTable(input: CountSheetInput): TableOutput {
  const outcome = new Map((input.compared ?? []).map((c) => [c.recorded.line.lineId, c] as const));
  const rows = input.lines.map((line): Row => {
    const entered = input.entered?.get(line.lineId) ?? {};
    const compared = outcome.get(line.lineId);
    const difference = compared?.difference ?? null;
    const cells: Record<CountHeader, CellValue> = {
      "Line ID": line.lineId,
      "Security ID": line.securityId,
      Description: line.description,
      Location: line.location,
      Status: POSSESSION_LABELS[line.status],
      "Status Since": line.statusSince === null ? "" : excelSerialFromIsoDate(line.statusSince),
      "Days in Status": line.daysInStatus ?? "",
      "Books Quantity": quantityCell(line.booksQuantity),
      "Counted Quantity": "",
      "Counted By": "",
      "Supervised By": "",
      "Verification Required": line.verificationRequired ? "Yes" : "No",
      "Confirmation Date": "",
      "Confirmation Reference": "",
      "Confirmed Quantity": "",
      Note: line.status === "deposited" ? DEPOSITED_NOTE : "",
      Outcome: compared === undefined ? "" : COUNT_OUTCOME_LABELS[compared.outcome],
      Difference:
        difference === null || sign(difference) === 0 ? "" : quantityCell(abs(difference)),
      "Long/Short":
        difference === null || sign(difference) === 0
          ? ""
          : sign(difference) < 0
            ? "Short"
            : "Long",
      Cycle: input.cycle ?? "",
      "Source Rows": formatSourceRows(line.sourceRows),
    };
    for (const header of ENTERED_HEADERS) {
      const value = entered[header];
      if (value !== undefined && value !== null) cells[header] = value;
    }
    return COUNT_HEADERS.map((header) => cells[header]);
  });
  return {
    sheetName: countSheetName(input.countDate),
    tableName: countTableName(input.countDate),
    columns: columns(input.lines),
    rows,
    // Counted on paper at the vault and signed: every column on one page across, the header on each.
    print: { orientation: "landscape", fitToPagesWide: 1, repeatHeaderRow: true },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the sheet back

export interface CountSheetRead {
  readonly countDate: IsoDate;
  readonly sheet: string;
  readonly cycle: string | null;
  readonly recorded: readonly RecordedCount[];
  /** Entered cells by line id, exactly as read. */
  readonly entered: EnteredCells;
  readonly issues: readonly Issue[];
  /** False when the sheet's columns are not StockRec's: nothing can be read from it. */
  readonly usable: boolean;
}

function text(cell: CellValue | undefined): string {
  return cell === null || cell === undefined ? "" : String(cell).trim();
}

function statusFromLabel(label: string): PossessionStatus | null {
  return POSSESSION_STATUSES.find((s) => POSSESSION_LABELS[s] === label) ?? null;
}

const CORRECT_HINT =
  "Enter a number (the quantity found; 0 when none) or a date such as 2026-12-31 in that cell, then run again; the cell was kept as it is.";

/** Reads a count sheet (header row first). Unreadable entries are issues naming the cell. */
export function readCountSheet(
  sheet: string,
  countDate: IsoDate,
  rows: readonly Row[],
): CountSheetRead {
  const header = (rows[0] ?? []).map((cell) => text(cell));
  const column = new Map(COUNT_HEADERS.map((h) => [h, header.indexOf(h)] as const));
  const missing = COUNT_HEADERS.filter((h) => column.get(h)! < 0);
  const empty = { countDate, sheet, cycle: null, recorded: [], entered: new Map() };
  if (missing.length > 0) {
    return {
      ...empty,
      usable: false,
      issues: [
        {
          code: "count_sheet_columns_must_be_intact",
          severity: "error",
          where: { sheet, row: 1 },
          message: `The count sheet is missing its column${missing.length === 1 ? "" : "s"} ${missing.map((m) => `"${m}"`).join(", ")}.`,
          hint: "Restore the columns (undo, or the workbook's previous version); StockRec reads the count by its headers.",
        },
      ],
    };
  }
  const issues: Issue[] = [];
  const recorded: RecordedCount[] = [];
  const entered = new Map<string, Partial<Record<CountHeader, CellValue>>>();
  let cycle: string | null = null;
  for (let index = 1; index < rows.length; index++) {
    const row = rows[index] ?? [];
    if (row.every((cell) => isBlank(cell))) continue;
    const cell = (h: CountHeader): CellValue => row[column.get(h)!] ?? null;
    const where = (h: CountHeader) => ({
      sheet,
      row: index + 1,
      column: columnLetter(column.get(h)! + 1),
    });
    const lineId = text(cell("Line ID"));
    const status = statusFromLabel(text(cell("Status")));
    const books = parseQuantity(cell("Books Quantity"));
    if (lineId === "" || status === null || !books.ok) {
      issues.push({
        code: "count_line_must_be_intact",
        severity: "error",
        where: where(lineId === "" ? "Line ID" : status === null ? "Status" : "Books Quantity"),
        message: `Row ${index + 1} of the count sheet has lost its ${lineId === "" ? "line ID" : status === null ? "status" : "books quantity"}, so it cannot be compared.`,
        hint: "Generate the count sheet again (stockrec count generate … --replace keeps what was entered), or restore the row.",
      });
      continue;
    }
    cycle = cycle ?? (text(cell("Cycle")) || null);
    const kept: Partial<Record<CountHeader, CellValue>> = {};
    for (const h of ENTERED_HEADERS) if (!isBlank(cell(h))) kept[h] = cell(h);
    if (kept.Note === DEPOSITED_NOTE) delete kept.Note;
    entered.set(lineId, kept);
    const quantity = (h: CountHeader): Decimal | null => {
      if (isBlank(cell(h))) return null;
      const parsed = parseQuantity(cell(h));
      if (parsed.ok) return parsed.value;
      issues.push({
        code: "count_entry_must_be_a_number",
        severity: "error",
        where: where(h),
        message: `${h} "${text(cell(h))}" for ${text(cell("Security ID"))} at ${text(cell("Location"))} is not a number.`,
        hint: CORRECT_HINT,
      });
      return null;
    };
    const date = (h: CountHeader): IsoDate | null => {
      if (isBlank(cell(h))) return null;
      const parsed = parseDateCell(cell(h));
      if (parsed.ok) return parsed.value;
      issues.push({
        code: "count_entry_must_be_a_date",
        severity: "error",
        where: where(h),
        message: `${h} "${text(cell(h))}" for ${text(cell("Security ID"))} at ${text(cell("Location"))} is not a date.`,
        hint: CORRECT_HINT,
      });
      return null;
    };
    const since = date("Status Since");
    const days = Number(cell("Days in Status"));
    const [securityKey] = lineId.split("@") as [string];
    recorded.push({
      line: {
        lineId,
        securityKey,
        securityId: text(cell("Security ID")),
        description: text(cell("Description")),
        location: text(cell("Location")),
        status,
        statusSince: since,
        daysInStatus: isBlank(cell("Days in Status")) || !Number.isFinite(days) ? null : days,
        booksQuantity: books.value,
        verificationRequired: text(cell("Verification Required")).toLowerCase() === "yes",
        sourceRows: parseSourceRows(text(cell("Source Rows"))),
      },
      countedQuantity: quantity("Counted Quantity"),
      countedBy: text(cell("Counted By")),
      supervisedBy: text(cell("Supervised By")),
      confirmationDate: date("Confirmation Date"),
      confirmationReference: text(cell("Confirmation Reference")),
      confirmedQuantity: quantity("Confirmed Quantity"),
      note: text(cell("Note")),
      row: index + 1,
    });
  }
  return { countDate, sheet, cycle, recorded, entered, issues, usable: true };
}

/** "Stock Record!12, 13; Other!4" (formatSourceRows) back into rows; what does not parse is left out. */
export function parseSourceRows(value: string): SourceRef[] {
  const refs: SourceRef[] = [];
  for (const part of value.split(";")) {
    const bang = part.lastIndexOf("!");
    if (bang < 0) continue;
    const sheet = part.slice(0, bang).trim();
    for (const row of part.slice(bang + 1).split(",")) {
      const number = Number(row.trim());
      if (sheet !== "" && Number.isInteger(number) && number > 0) refs.push({ sheet, row: number });
    }
  }
  return refs;
}
