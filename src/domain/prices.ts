/**
 * Prices for valuing differences (15c3-1 deductions): a `Prices` sheet (security id and price)
 * when the workbook has one, else the price the stock record carries.
 */
import type { Decimal } from "./decimal";
import { findHeaderRow, type HeaderSchema } from "./headers";
import type { Issue } from "./issues";
import type { PositionRecord } from "./positions";
import { columnLetter, isBlank, type SheetSnapshot } from "./sheet";
import { parseQuantity, parseSecurityId } from "./values";

export type PriceField = "securityId" | "price";

export const PRICE_SCHEMA: HeaderSchema<PriceField> = {
  synonyms: {
    securityId: ["cusip", "security id", "isin", "sedol", "symbol", "identifier", "sec id"],
    price: ["price", "market price", "closing price", "close price", "unit price", "mark", "px"],
  },
  required: ["securityId", "price"],
};

/** A prices sheet names a security and a price but no quantity. */
export function isPricesSheet(sheet: SheetSnapshot): boolean {
  const header = findHeaderRow(sheet, PRICE_SCHEMA);
  if (header === null) return false;
  return ![...header.headers.values()].some((h) =>
    /\b(quantity|qty|shares|position|par|face)\b/i.test(h),
  );
}

export function parsePricesSheet(sheet: SheetSnapshot): {
  prices: Map<string, Decimal>;
  issues: Issue[];
} {
  const header = findHeaderRow(sheet, PRICE_SCHEMA);
  const prices = new Map<string, Decimal>();
  if (header === null) {
    return {
      prices,
      issues: [
        {
          code: "prices_sheet_needs_security_and_price",
          severity: "error",
          where: { sheet: sheet.name },
          message: "The prices sheet needs a security identifier column and a price column.",
          hint: 'Head the columns "CUSIP" (or "ISIN", "Symbol") and "Price".',
        },
      ],
    };
  }
  const issues: Issue[] = [];
  for (let index = header.headerRow; index < sheet.rows.length; index++) {
    const row = sheet.rows[index] ?? [];
    if (row.every((cell) => isBlank(cell))) continue;
    const idColumn = header.columns.securityId!;
    const priceColumn = header.columns.price!;
    const id = parseSecurityId(row[idColumn - 1] ?? null);
    const price = parseQuantity(row[priceColumn - 1] ?? null);
    const where = (column: number) => ({
      sheet: sheet.name,
      row: index + 1,
      column: columnLetter(column),
    });
    if (!id.ok) issues.push({ ...id.problem, severity: "warning", where: where(idColumn) });
    if (!price.ok) {
      issues.push({
        ...price.problem,
        code: "price_must_be_a_number",
        severity: "warning",
        where: where(priceColumn),
      });
    }
    if (id.ok && price.ok) prices.set(id.value.key, price.value);
  }
  return { prices, issues };
}

/** Each security's price: the prices sheet first, else the first price the books give. */
export function pricesFor(
  books: readonly PositionRecord[],
  sheet: ReadonlyMap<string, Decimal> | null,
): Map<string, Decimal> {
  const prices = new Map<string, Decimal>();
  for (const record of books) {
    if (record.price !== undefined && !prices.has(record.securityKey))
      prices.set(record.securityKey, record.price);
  }
  for (const [key, price] of sheet ?? []) prices.set(key, price);
  return prices;
}
