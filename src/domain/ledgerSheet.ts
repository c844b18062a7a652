/**
 * The Difference Account sheet as rows, and back. Reading is strict: a row that cannot be read
 * exactly would make every open balance uncertain, so it is an error that stops posting (the
 * ledger is never "repaired" silently; a correction is a new entry).
 */
import { abs, negate, sign, toDecimalString, toExcelNumber } from "./decimal";
import type { DifferenceSource, EntryKind, LedgerEntry } from "./differenceLedger";
import { excelSerialFromIsoDate, type IsoDate } from "./isoDate";
import type { Issue } from "./issues";
import { columnLetter, isBlank, type CellValue, type Row } from "./sheet";
import { parseDateCell, parseQuantity } from "./values";

export const LEDGER_SHEET = "Difference Account";
export const LEDGER_TABLE = "StockRecDifferenceAccount";

export const LEDGER_HEADERS = [
  "Entry ID",
  "Security ID",
  "Security Key",
  "Description",
  "Quantity",
  "Long/Short",
  "Kind",
  "Count Date",
  "Source",
  "Count Reference",
  "Posted On",
  "Posted By",
  "Deadline",
  "On Time",
  "Business Days Late",
  "Adjusts",
  "Reason",
] as const;

const KIND_WORDS: Record<EntryKind, string> = { initial: "Initial", adjustment: "Adjustment" };
const SOURCE_WORDS: Record<DifferenceSource, string> = {
  monthly_reconciliation: "Monthly reconciliation",
  quarterly_count: "Quarterly count",
};

function excelQuantity(value: LedgerEntry["quantity"]): CellValue {
  const magnitude = abs(value);
  return toExcelNumber(magnitude) ?? toDecimalString(magnitude);
}

export function ledgerRow(entry: LedgerEntry): Row {
  return [
    entry.entryId,
    entry.securityId,
    entry.securityKey,
    entry.description,
    excelQuantity(entry.quantity),
    sign(entry.quantity) < 0 ? "Short" : "Long",
    KIND_WORDS[entry.kind],
    excelSerialFromIsoDate(entry.countDate),
    SOURCE_WORDS[entry.source],
    entry.countReference,
    excelSerialFromIsoDate(entry.postedOn),
    entry.postedBy,
    excelSerialFromIsoDate(entry.deadline),
    entry.onTime ? "Yes" : "No",
    entry.businessDaysLate,
    entry.adjusts ?? "",
    entry.reason,
  ];
}

function text(cell: CellValue | undefined): string {
  return cell === null || cell === undefined ? "" : String(cell).trim();
}

function byWord<T extends string>(words: Record<T, string>, cell: CellValue | undefined): T | null {
  const wanted = text(cell).toLowerCase();
  return (Object.keys(words) as T[]).find((key) => words[key].toLowerCase() === wanted) ?? null;
}

/** Reads the sheet (header row first). Rows that cannot be read are errors naming the cell. */
export function readLedger(rows: readonly Row[]): { entries: LedgerEntry[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const header = (rows[0] ?? []).map((cell) => text(cell));
  const column = new Map(LEDGER_HEADERS.map((name) => [name, header.indexOf(name)] as const));
  const missing = LEDGER_HEADERS.filter((name) => column.get(name)! < 0);
  if (rows.length > 0 && missing.length > 0) {
    return {
      entries: [],
      issues: [
        {
          code: "ledger_columns_must_be_intact",
          severity: "error",
          where: { sheet: LEDGER_SHEET, row: 1 },
          message: `The Difference Account sheet is missing its column${missing.length === 1 ? "" : "s"} ${missing.map((m) => `"${m}"`).join(", ")}.`,
          hint: "Restore the sheet from the workbook's previous version or the evidence archive; the ledger is append-only and must not be restructured.",
        },
      ],
    };
  }
  const entries: LedgerEntry[] = [];
  const ids = new Map<string, number>();
  for (let index = 1; index < rows.length; index++) {
    const row = rows[index] ?? [];
    if (row.every((cell) => isBlank(cell))) continue;
    const cell = (name: (typeof LEDGER_HEADERS)[number]) => row[column.get(name)!] ?? null;
    const problem = (name: (typeof LEDGER_HEADERS)[number], what: string): void => {
      issues.push({
        code: "ledger_entry_must_be_readable",
        severity: "error",
        where: { sheet: LEDGER_SHEET, row: index + 1, column: columnLetter(column.get(name)! + 1) },
        message: `Entry ${text(cell("Entry ID")) || `in row ${index + 1}`}: ${what}.`,
        hint: "Do not edit posted entries; restore the value from the previous version of the workbook, then post a correcting entry if the entry itself was wrong.",
      });
    };
    const entry = readEntry(cell, problem);
    if (entry === null) continue;
    const earlier = ids.get(entry.entryId);
    if (earlier !== undefined) {
      issues.push({
        code: "ledger_entry_id_must_be_unique",
        severity: "error",
        where: { sheet: LEDGER_SHEET, row: index + 1, column: "A" },
        message: `Entry ID ${entry.entryId} is used again (first in row ${earlier}).`,
        hint: "Restore the sheet from the previous version of the workbook; entries are never copied or renumbered.",
      });
      continue;
    }
    ids.set(entry.entryId, index + 1);
    entries.push(entry);
  }
  return { entries, issues };
}

type CellOf = (name: (typeof LEDGER_HEADERS)[number]) => CellValue;
type Report = (name: (typeof LEDGER_HEADERS)[number], what: string) => void;

function readDate(
  cell: CellOf,
  name: (typeof LEDGER_HEADERS)[number],
  report: Report,
): IsoDate | null {
  const parsed = parseDateCell(cell(name));
  if (!parsed.ok) report(name, `${name} "${text(cell(name))}" is not a date`);
  return parsed.ok ? parsed.value : null;
}

function readEntry(cell: CellOf, report: Report): LedgerEntry | null {
  const entryId = text(cell("Entry ID"));
  if (!/^DA-\d{6,}$/.test(entryId))
    report("Entry ID", `the entry ID "${entryId}" is not of the form DA-000001`);
  const quantity = parseQuantity(cell("Quantity"));
  if (!quantity.ok) report("Quantity", `the quantity "${text(cell("Quantity"))}" is not a number`);
  const direction = text(cell("Long/Short")).toLowerCase();
  if (direction !== "long" && direction !== "short")
    report("Long/Short", 'Long/Short must say "Long" or "Short"');
  const kind = byWord(KIND_WORDS, cell("Kind"));
  if (kind === null) report("Kind", 'the kind must be "Initial" or "Adjustment"');
  const source = byWord(SOURCE_WORDS, cell("Source"));
  if (source === null)
    report("Source", 'the source must be "Monthly reconciliation" or "Quarterly count"');
  const countDate = readDate(cell, "Count Date", report);
  const postedOn = readDate(cell, "Posted On", report);
  const deadline = readDate(cell, "Deadline", report);
  const late = Number(cell("Business Days Late") ?? 0);
  const securityKey = text(cell("Security Key"));
  if (securityKey === "") report("Security Key", "the security key is empty");
  if (
    !/^DA-\d{6,}$/.test(entryId) ||
    !quantity.ok ||
    (direction !== "long" && direction !== "short") ||
    kind === null ||
    source === null ||
    countDate === null ||
    postedOn === null ||
    deadline === null ||
    securityKey === ""
  ) {
    return null;
  }
  const magnitude = abs(quantity.value);
  return {
    entryId,
    securityKey,
    securityId: text(cell("Security ID")) || securityKey,
    description: text(cell("Description")),
    quantity: direction === "short" ? negate(magnitude) : magnitude,
    kind,
    countDate,
    source,
    countReference: text(cell("Count Reference")),
    postedOn,
    postedBy: text(cell("Posted By")),
    deadline,
    onTime: text(cell("On Time")).toLowerCase() === "yes",
    businessDaysLate: Number.isFinite(late) ? late : 0,
    adjusts: text(cell("Adjusts")) || null,
    reason: text(cell("Reason")),
  };
}
