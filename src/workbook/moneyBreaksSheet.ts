/**
 * The `Money Breaks` output sheet: one row per money balance break, laid out like `Breaks`.
 * Accounts and ids as text (so 0012345 keeps its zeros), amounts as right-aligned numbers with
 * at least two decimals (text only when a double cannot hold them exactly), and the words
 * Long/Short. Each break also says when it was first seen: the sheet is the history that ages an
 * unresolved money break toward its transfer to suspense (FINRA 4523; suspense.ts).
 */
import { abs, type Decimal } from "../domain/decimal";
import { excelSerialFromIsoDate, type IsoDate } from "../domain/isoDate";
import type { MoneyBreak, MoneyBreakKind } from "../domain/money";
import { isBlank, type Row } from "../domain/sheet";
import { parseDateCell } from "../domain/values";
import { directionLabel, formatSourceRows } from "./breaksSheet";
import type { TableColumn, TableOutput } from "./port";
import { decimalCell as amountCell } from "./cells";

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

function amountDecimals(values: readonly Decimal[]): number {
  const widest = values.reduce((max, value) => Math.max(max, value.scale), MONEY_DECIMALS_MIN);
  return Math.min(MONEY_DECIMALS_MAX, widest);
}

/**
 * Break id → the date it was first seen, read from an earlier Money Breaks sheet (header first):
 * its First Seen column, else (a sheet written before that column) its As Of. Rows without a
 * readable id and date add nothing: such a break counts as first seen in the run that meets it.
 */
export function readFirstSeen(rows: readonly Row[]): Map<string, IsoDate> {
  const header = (rows[0] ?? []).map((cell) => String(cell ?? "").trim());
  const idColumn = header.indexOf("Break ID");
  const seenColumn = header.includes("First Seen")
    ? header.indexOf("First Seen")
    : header.indexOf("As Of");
  const seen = new Map<string, IsoDate>();
  if (idColumn < 0 || seenColumn < 0) return seen;
  for (const row of rows.slice(1)) {
    const id = row[idColumn];
    const date = row[seenColumn] ?? null;
    if (isBlank(id ?? null) || isBlank(date)) continue;
    const parsed = parseDateCell(date);
    if (parsed.ok) seen.set(String(id).trim(), parsed.value);
  }
  return seen;
}

/**
 * When each break of a run as of `asOf` was first seen: the earlier date the history gives, else
 * `asOf`. A history date after `asOf` (a rerun of an earlier month) is not carried back.
 */
export function firstSeenOn(
  breaks: readonly MoneyBreak[],
  asOf: IsoDate,
  history: ReadonlyMap<string, IsoDate>,
): Map<string, IsoDate> {
  return new Map(
    breaks.map((b) => {
      const earlier = history.get(b.id);
      return [b.id, earlier !== undefined && earlier <= asOf ? earlier : asOf] as const;
    }),
  );
}

export function moneyBreaksTable(result: {
  readonly asOf: IsoDate;
  readonly breaks: readonly MoneyBreak[];
  /** Break id → first seen (`firstSeenOn`); a break missing from it was first seen on asOf. */
  readonly firstSeen?: ReadonlyMap<string, IsoDate>;
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
    { header: "First Seen", format: { kind: "date" }, width: 12 },
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
    excelSerialFromIsoDate(result.firstSeen?.get(b.id) ?? result.asOf),
    formatSourceRows(b.booksRows),
    formatSourceRows(b.statementRows),
    formatSourceRows(b.unreadableRows),
  ]);
  return { sheetName: MONEY_BREAKS_SHEET, tableName: MONEY_BREAKS_TABLE, columns, rows };
}
