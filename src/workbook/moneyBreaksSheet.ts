/**
 * The `Money Breaks` output sheet: one row per money balance break, laid out like `Breaks`.
 * Accounts and ids as text (so 0012345 keeps its zeros), amounts as right-aligned numbers with
 * at least two decimals (text only when a double cannot hold them exactly), and the words
 * Long/Short.
 */
import { abs, toDecimalString, toExcelNumber, type Decimal } from "../domain/decimal";
import { excelSerialFromIsoDate, type IsoDate } from "../domain/isoDate";
import type { MoneyBreak, MoneyBreakKind } from "../domain/money";
import { directionLabel, formatSourceRows } from "./breaksSheet";
import type { CellValue, TableColumn, TableOutput } from "./port";

export const MONEY_BREAKS_SHEET = "Money Breaks";
export const MONEY_BREAKS_TABLE = "StockRecMoneyBreaks";

export const MONEY_KIND_LABELS: Readonly<Record<MoneyBreakKind, string>> = {
  balance_difference: "Balance difference",
  books_only: "Books only",
  statement_only: "Statement only",
};

/** Cents are always shown; more places only when some amount carries them (up to 10). */
const MONEY_DECIMALS_MIN = 2;
const MONEY_DECIMALS_MAX = 10;

function amountCell(value: Decimal): CellValue {
  return toExcelNumber(value) ?? toDecimalString(value);
}

function amountDecimals(values: readonly Decimal[]): number {
  const widest = values.reduce((max, value) => Math.max(max, value.scale), MONEY_DECIMALS_MIN);
  return Math.min(MONEY_DECIMALS_MAX, widest);
}

export function moneyBreaksTable(result: {
  readonly asOf: IsoDate;
  readonly breaks: readonly MoneyBreak[];
}): TableOutput {
  const amounts = result.breaks.flatMap((b) => [b.booksBalance, b.statementBalance, b.difference]);
  const text = { kind: "text" } as const;
  const amount = { kind: "quantity", decimals: amountDecimals(amounts) } as const;
  const columns: TableColumn[] = [
    { header: "Break ID", format: text, width: 28 },
    { header: "Contra", format: text, width: 12 },
    { header: "Account", format: text, width: 16 },
    { header: "GL Accounts", format: text, width: 18 },
    { header: "Currency", format: text, width: 9 },
    { header: "Description", format: text, width: 30 },
    { header: "Books Balance", format: amount, width: 18 },
    { header: "Statement Balance", format: amount, width: 18 },
    { header: "Difference", format: amount, width: 16 },
    { header: "Long/Short", format: text, width: 11 },
    { header: "Kind", format: text, width: 18 },
    { header: "As Of", format: { kind: "date" }, width: 12 },
    { header: "Books Rows", format: text, width: 22 },
    { header: "Statement Rows", format: text, width: 22 },
    { header: "Unreadable Rows", format: text, width: 22 },
  ];
  const asOf = excelSerialFromIsoDate(result.asOf);
  const rows = result.breaks.map((b) => [
    b.id,
    b.contra,
    b.account,
    b.glAccounts.join(", "),
    b.currency,
    b.description,
    amountCell(b.booksBalance),
    amountCell(b.statementBalance),
    amountCell(abs(b.difference)),
    directionLabel(b.direction),
    MONEY_KIND_LABELS[b.kind],
    asOf,
    formatSourceRows(b.booksRows),
    formatSourceRows(b.statementRows),
    formatSourceRows(b.unreadableRows),
  ]);
  return { sheetName: MONEY_BREAKS_SHEET, tableName: MONEY_BREAKS_TABLE, columns, rows };
}
