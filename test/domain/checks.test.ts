import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/domain/checks";
import type { IsoDate } from "../../src/domain/isoDate";
import { parsePositionSheet, type PositionRole } from "../../src/domain/positions";
import type { Row, SheetSnapshot } from "../../src/domain/sheet";

const AS_OF = "2026-10-30" as IsoDate;

function check(rows: Row[], role: PositionRole = "statement", name = "DTC") {
  const sheet: SheetSnapshot = { name, rows };
  const parsed = parsePositionSheet(sheet, { role, contra: null });
  return checkSource(sheet, parsed, AS_OF).map((i) => [
    i.code,
    i.severity,
    i.where.row ?? null,
    i.where.column ?? null,
  ]);
}

describe("checks before matching", () => {
  it("finds nothing to say about a clean statement", () => {
    expect(
      check([
        ["CUSIP", "Quantity"],
        ["037833100", 10],
        ["594918104", 20],
      ]),
    ).toEqual([]);
  });

  it("warns of exact duplicate rows, and lists positions split over rows once", () => {
    expect(
      check([
        ["CUSIP", "Type", "Quantity"],
        ["037833100", "Free", 10],
        ["037833100", "Free", 10],
        ["037833100", "Seg", 5],
      ]),
    ).toEqual([
      ["row_is_an_exact_duplicate", "warning", 3, null],
      ["position_is_split_over_rows", "info", 2, null],
    ]);
  });

  it("notes numbers stored as text, and warns when every quantity is negative", () => {
    expect(
      check([
        ["CUSIP", "Quantity"],
        ["037833100", "-10"],
        ["594918104", -20],
      ]),
    ).toEqual([
      ["number_is_stored_as_text", "info", 2, "B"],
      ["quantities_are_all_negative", "warning", null, "B"],
    ]);
  });

  it("warns of books positions without a price", () => {
    const rows: Row[] = [
      ["CUSIP", "Location", "Quantity", "Price"],
      ["037833100", "DTC", 10, 150.25],
      ["594918104", "DTC", 5, null],
    ];
    expect(check(rows, "books", "Stock Record")).toEqual([["price_is_missing", "warning", 3, "D"]]);
  });

  it("warns of rows after a blank gap, but not of a total row there", () => {
    const rows: Row[] = [
      ["CUSIP", "Quantity"],
      ["037833100", 10],
      [],
      ["", "Total 10"],
      [],
      ["594918104", 3],
    ];
    expect(check(rows)).toEqual([
      ["rows_follow_a_blank_gap", "warning", 6, null],
      ["blank_rows_are_skipped", "info", 3, null],
    ]);
  });

  it("warns when the statement is dated otherwise than the run", () => {
    expect(
      check([["Statement as of 2026-09-30"], ["CUSIP", "Quantity"], ["037833100", 10]]),
    ).toEqual([["statement_date_must_match_as_of", "warning", null, null]]);
  });
});
