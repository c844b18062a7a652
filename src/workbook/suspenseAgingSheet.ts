/**
 * The `Suspense Aging` sheet: every suspense item open as of the aging date, oldest first, with
 * its age in calendar and business days, its bucket, its flags and whether it counts in SEA
 * 15c3-3a item 8; and the `Suspense Buckets` sheet: the gross amounts per type and bucket, laid
 * out type by bucket so a chart can be drawn straight from it.
 *
 * Amounts and quantities are written as magnitudes beside the words Debit/Credit and Long/Short
 * (DESIGN.md: never a bare sign).
 */
import { abs, add, sign, ZERO, type Decimal } from "../domain/decimal";
import { excelSerialFromIsoDate, type IsoDate } from "../domain/isoDate";
import {
  SUSPENSE_TYPE_LABELS,
  SUSPENSE_TYPES,
  type AgedSuspenseItem,
  type SuspenseAging,
  type SuspenseFlag,
  type SuspenseTotals,
} from "../domain/suspense";
import {
  textHighlights,
  type CellValue,
  type ConditionalFormatSpec,
  type Row,
  type TableColumn,
  type TableOutput,
} from "./port";
import { decimalCell as numberCell } from "./cells";

export const SUSPENSE_AGING_SHEET = "Suspense Aging";
export const SUSPENSE_AGING_TABLE = "StockRecSuspenseAging";
export const SUSPENSE_BUCKETS_SHEET = "Suspense Buckets";
export const SUSPENSE_BUCKETS_TABLE = "StockRecSuspenseBuckets";

/** Cents are always shown; more places only when some amount carries them (up to 10). */
const MONEY_DECIMALS_MIN = 2;
const DECIMALS_MAX = 10;

function decimalsShown(values: readonly Decimal[], minimum: number): number {
  return Math.min(
    DECIMALS_MAX,
    values.reduce((max, value) => Math.max(max, value.scale), minimum),
  );
}

function dateCell(date: IsoDate | null): CellValue {
  return date === null ? null : excelSerialFromIsoDate(date);
}

/** The flags in words, with the numbers of the run: "Over firm threshold (45 days)". */
export function flagLabel(
  flag: SuspenseFlag,
  aging: Pick<SuspenseAging, "firmThresholdCalendarDays" | "researchNoteMaxDays">,
): string {
  switch (flag) {
    case "over_30_calendar_days":
      return "Over 30 calendar days";
    case "over_firm_threshold":
      return `Over firm threshold (${aging.firmThresholdCalendarDays} days)`;
    case "no_owner":
      return "No owner";
    case "no_recent_research_note":
      return `No research note in ${aging.researchNoteMaxDays} days`;
  }
}

function amountSide(item: AgedSuspenseItem): string {
  if (item.amount === null) return "";
  return sign(item.amount) < 0 ? "Credit" : "Debit";
}

function quantitySide(item: AgedSuspenseItem): string {
  if (item.quantity === null) return "";
  return sign(item.quantity) < 0 ? "Short" : "Long";
}

export function suspenseAgingTable(aging: SuspenseAging): TableOutput {
  const text = { kind: "text" } as const;
  const whole = { kind: "quantity", decimals: 0 } as const;
  const amounts = aging.items.flatMap((item) => (item.amount === null ? [] : [item.amount]));
  const quantities = aging.items.flatMap((item) => (item.quantity === null ? [] : [item.quantity]));
  const columns: TableColumn[] = [
    { header: "Item ID", format: text, width: 14 },
    { header: "GL Account", format: text, width: 12 },
    { header: "Type", format: text, width: 30 },
    { header: "Opened On", format: { kind: "date" }, width: 12 },
    { header: "Age (Calendar Days)", format: whole, width: 12 },
    { header: "Age (Business Days)", format: whole, width: 12 },
    { header: "Bucket", format: text, width: 9 },
    {
      header: "Amount",
      format: { kind: "quantity", decimals: decimalsShown(amounts, MONEY_DECIMALS_MIN) },
      width: 16,
    },
    { header: "Debit/Credit", format: text, width: 10 },
    { header: "Currency", format: text, width: 9 },
    {
      header: "Quantity",
      format: { kind: "quantity", decimals: decimalsShown(quantities, 0) },
      width: 14,
    },
    { header: "Long/Short", format: text, width: 10 },
    { header: "Security ID", format: text, width: 14 },
    { header: "Description", format: text, width: 28 },
    { header: "Owner", format: text, width: 16 },
    { header: "Last Research Note On", format: { kind: "date" }, width: 13 },
    { header: "Flags", format: text, width: 40 },
    { header: "15c3-3a Item 8", format: text, width: 12 },
    { header: "Known Facts", format: text, width: 50 },
    { header: "Source", format: text, width: 20 },
  ];
  const rows: Row[] = aging.items.map((item) => [
    item.itemId,
    item.glAccount,
    SUSPENSE_TYPE_LABELS[item.type],
    dateCell(item.openedOn),
    item.ageCalendarDays,
    item.ageBusinessDays,
    item.bucket.label,
    item.amount === null ? null : numberCell(abs(item.amount)),
    amountSide(item),
    item.currency,
    item.quantity === null ? null : numberCell(abs(item.quantity)),
    quantitySide(item),
    item.securityId,
    item.description,
    item.owner,
    dateCell(item.lastResearchNoteOn),
    item.flags.map((flag) => flagLabel(flag, aging)).join("; "),
    item.reserveItem8 ? "Yes" : "No",
    item.knownFacts,
    `${item.source.sheet}!${item.source.row}`,
  ]);
  // Over 30 calendar days a suspense short or credit enters the reserve formula (15c3-3a item 8).
  const ageColumn = columns.findIndex((c) => c.header === "Age (Calendar Days)") + 1;
  const conditionalFormats: ConditionalFormatSpec[] = [
    { column: ageColumn, rule: { kind: "numberAbove", value: 30 }, style: "bad" },
    ...textHighlights({ columns }, "15c3-3a Item 8", { Yes: "bad" }),
  ];
  return {
    sheetName: SUSPENSE_AGING_SHEET,
    tableName: SUSPENSE_AGING_TABLE,
    columns,
    rows,
    conditionalFormats,
  };
}

/**
 * One row per type (every type, so the layout and a chart over it stay the same month to month)
 * and currency, one column per bucket holding the gross amount there: debits plus credits, both
 * counted positive, since a suspense debit never offsets a credit. Then the row's totals. What
 * counts in 15c3-3a item 8 is marked per item on the Suspense Aging sheet.
 */
export function suspenseBucketTable(totals: SuspenseTotals): TableOutput {
  const currencies = totals.byCurrency.map((total) => total.currency);
  if (currencies.length === 0) currencies.push("USD");
  const amounts = totals.cells.flatMap((cell) => [cell.debitAmount, cell.creditAmount]);
  const amount = {
    kind: "quantity",
    decimals: decimalsShown(amounts, MONEY_DECIMALS_MIN),
  } as const;
  const quantity = {
    kind: "quantity",
    decimals: decimalsShown(
      totals.cells.flatMap((cell) => [cell.longQuantity, cell.shortQuantity]),
      0,
    ),
  } as const;
  const columns: TableColumn[] = [
    { header: "Type", format: { kind: "text" }, width: 30 },
    { header: "Currency", format: { kind: "text" }, width: 9 },
    ...totals.buckets.map((bucket) => ({
      header: `${bucket.label} Days`,
      format: amount,
      width: 14,
    })),
    { header: "Total", format: amount, width: 16 },
    { header: "Debits", format: amount, width: 16 },
    { header: "Credits", format: amount, width: 16 },
    { header: "Items", format: { kind: "quantity", decimals: 0 } as const, width: 8 },
    { header: "Long Quantity", format: quantity, width: 14 },
    { header: "Short Quantity", format: quantity, width: 14 },
  ];
  const rows: Row[] = currencies.flatMap((currency) =>
    SUSPENSE_TYPES.map((type) => bucketRow(totals, type, currency)),
  );
  return { sheetName: SUSPENSE_BUCKETS_SHEET, tableName: SUSPENSE_BUCKETS_TABLE, columns, rows };
}

function bucketRow(
  totals: SuspenseTotals,
  type: (typeof SUSPENSE_TYPES)[number],
  currency: string,
): Row {
  const cells = totals.cells.filter((cell) => cell.type === type && cell.currency === currency);
  const gross = totals.buckets.map((bucket) =>
    cells
      .filter((cell) => cell.bucketIndex === bucket.index)
      .reduce((sum, cell) => add(sum, add(cell.debitAmount, cell.creditAmount)), ZERO),
  );
  const sumOf = (pick: (cell: (typeof cells)[number]) => Decimal): Decimal =>
    cells.reduce((sum, cell) => add(sum, pick(cell)), ZERO);
  return [
    SUSPENSE_TYPE_LABELS[type],
    currency,
    ...gross.map(numberCell),
    numberCell(gross.reduce(add, ZERO)),
    numberCell(sumOf((cell) => cell.debitAmount)),
    numberCell(sumOf((cell) => cell.creditAmount)),
    cells.reduce((count, cell) => count + cell.itemCount, 0),
    numberCell(sumOf((cell) => cell.longQuantity)),
    numberCell(sumOf((cell) => cell.shortQuantity)),
  ];
}
