import { describe, expect, it } from "vitest";
import { toDecimalString } from "../../src/domain/decimal";
import { parsePositionSheet } from "../../src/domain/positions";
import type { Row, SheetSnapshot } from "../../src/domain/sheet";

const sheet = (name: string, rows: Row[]): SheetSnapshot => ({ name, rows });
const books = (rows: Row[]) =>
  parsePositionSheet(sheet("Stock Record", rows), { role: "books", contra: null });
const statement = (name: string, rows: Row[], contra: string | null = null) =>
  parsePositionSheet(sheet(name, rows), { role: "statement", contra });

describe("parsing position sheets (bad input is data)", () => {
  it("reads a stock record into typed records that keep their source row", () => {
    const parsed = books([
      ["CUSIP", "Description", "Location", "Quantity"],
      ["037833100", "APPLE INC COM", "DTC", 1200],
      ["594918104", "MICROSOFT CORP COM", "DTC", "1,000.5"],
    ]);
    expect(parsed.issues).toEqual([]);
    expect(
      parsed.records.map((r) => [
        r.securityKey,
        r.contra,
        toDecimalString(r.quantity),
        r.source.row,
      ]),
    ).toEqual([
      ["037833100", "DTC", "1200", 2],
      ["594918104", "DTC", "1000.5", 3],
    ]);
  });

  it("reports an empty sheet", () => {
    const parsed = statement("DTC", []);
    expect(parsed.usable).toBe(false);
    expect(parsed.issues[0]).toMatchObject({
      code: "sheet_must_have_rows",
      severity: "error",
      where: { sheet: "DTC" },
    });
  });

  it("reports a missing quantity column, naming where the id column is", () => {
    const parsed = statement("OCC", [
      ["CUSIP", "Description"],
      ["037833100", "APPLE"],
    ]);
    expect(parsed.usable).toBe(false);
    expect(parsed.issues[0]).toMatchObject({
      code: "quantity_column_is_required",
      where: { sheet: "OCC", row: 1 },
    });
    expect(parsed.issues[0]!.message).toContain('A "CUSIP"');
  });

  it("reports text in a quantity cell and an invalid CUSIP at sheet, row and column", () => {
    const parsed = statement("DTC", [
      ["CUSIP", "Quantity"],
      ["037833100", "about 100"],
      ["037833109", 100],
      ["594918104", 50],
    ]);
    expect(parsed.records).toHaveLength(1);
    expect(parsed.issues.map((i) => [i.code, i.where.row, i.where.column])).toEqual([
      ["quantity_must_be_a_number", 2, "B"],
      ["cusip_check_digit_must_match", 3, "A"],
    ]);
    expect(parsed.issues.every((i) => i.hint.length > 0 && i.where.sheet === "DTC")).toBe(true);
  });

  it("reports a statement with no rows but still covers its contra", () => {
    const parsed = statement("OCC", [["CUSIP", "Quantity"]]);
    expect(parsed.usable).toBe(true);
    expect(parsed.contras).toEqual(["OCC"]);
    expect(parsed.issues[0]).toMatchObject({
      code: "statement_has_no_positions",
      severity: "warning",
      where: { row: 2 },
    });
  });

  it("finds the header below title rows and the as-of date in them", () => {
    const parsed = statement("DTC", [
      ["DTC Participant Position Statement"],
      ["As of 10/30/2026"],
      [],
      ["Security ID", "Position Type", "Quantity"],
      ["US0378331005", "Free", 100],
      [null, "Total", 100],
    ]);
    expect(parsed.header?.headerRow).toBe(4);
    expect(parsed.asOfFound).toEqual(["2026-10-30"]);
    expect(parsed.records[0]).toMatchObject({
      securityKey: "037833100",
      contra: "DTC",
      source: { row: 5 },
    });
    expect(parsed.issues).toMatchObject([
      { code: "total_row_is_not_a_position", severity: "info", where: { row: 6 } },
    ]);
  });

  it("takes the contra from a contra column, the user's choice, or the sheet name", () => {
    const rows: Row[] = [
      ["ISIN", "Custodian", "Face Amount"],
      ["US0378331005", "BNYM", 5000],
    ];
    expect(statement("BNY Mellon", rows).records[0]!.contra).toBe("BNYM");
    expect(statement("BNY Mellon", rows, "BONY").records[0]!.contra).toBe("BONY");
    expect(
      statement("OCC", [
        ["CUSIP", "Qty"],
        ["037833100", 5],
      ]).records[0]!.contra,
    ).toBe("OCC");
  });

  it("needs a location for the stock record", () => {
    const parsed = books([
      ["CUSIP", "Quantity"],
      ["037833100", 5],
    ]);
    expect(parsed.issues[0]?.code).toBe("location_column_is_required");
    const blank = books([
      ["CUSIP", "Location", "Quantity"],
      ["037833100", "", 5],
    ]);
    expect(blank.issues[0]).toMatchObject({
      code: "location_is_required",
      where: { row: 2, column: "B" },
    });
  });

  it("accounts for every non-blank data row: a record or an issue", () => {
    const parsed = books([
      ["CUSIP", "Location", "Quantity"],
      ["037833100", "DTC", 1],
      [],
      ["bad!", "DTC", 1],
      ["594918104", "DTC", "x"],
      [null, null, 5],
    ]);
    const issueRows = new Set(parsed.issues.map((i) => i.where.row));
    const recordRows = new Set(parsed.records.map((r) => r.source.row));
    expect(parsed.dataRowCount).toBe(4);
    expect([...recordRows, ...issueRows].sort()).toEqual([2, 4, 5, 6]);
  });
});

describe("total rows", () => {
  it("treats Total written in the identifier column as a total row, not a security", () => {
    const parsed = statement("DTC", [
      ["CUSIP", "Quantity"],
      ["037833100", 10],
      ["Total", 10],
      ["Grand Total:", 10],
    ]);
    expect(parsed.records).toHaveLength(1);
    expect(parsed.issues.map((i) => [i.code, i.where.row])).toEqual([
      ["total_row_is_not_a_position", 3],
      ["total_row_is_not_a_position", 4],
    ]);
  });
});
