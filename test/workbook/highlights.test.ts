/**
 * The result sheets highlight what needs work (issue 7): open breaks and shorts, differences in
 * the 15c3-1 deduction schedule, suspense items past 30 calendar days — each rule on its own
 * column, and written by the .xlsx host as bounded conditional formats.
 */
import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../../src/domain/isoDate";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import { reconcileWorkbook } from "../../src/workbook/monthEnd";
import { breaksTable } from "../../src/workbook/breaksSheet";
import { differenceAgingTable } from "../../src/workbook/differenceAgingSheet";
import type { TableOutput } from "../../src/workbook/port";

const headerOf = (table: TableOutput, column: number) => table.columns[column - 1]!.header;

describe("highlights on the result sheets", () => {
  it("marks the Breaks sheet's statuses and its shorts", async () => {
    const port = new MemoryWorkbook({
      "Stock Record": [
        ["CUSIP", "Location", "Quantity"],
        ["037833100", "DTC", 1000],
      ],
      DTC: [
        ["CUSIP", "Quantity"],
        ["037833100", 900],
      ],
    });
    const { result } = await reconcileWorkbook(port, {
      books: "Stock Record",
      statements: [{ sheet: "DTC", contra: null }],
      asOf: parseIsoDate("2026-10-30")!,
    });
    const table = breaksTable(result!);
    const rules = (table.conditionalFormats ?? []).map((f) => [
      headerOf(table, f.column),
      f.rule.kind === "textEquals" ? f.rule.text : "",
      f.style,
    ]);
    expect(rules).toEqual([
      ["Status", "Open", "bad"],
      ["Status", "Reported", "neutral"],
      ["Status", "Resolved", "good"],
      ["Status", "Posted", "good"],
      ["Long/Short", "Short", "bad"],
    ]);
  });

  it("marks Difference Aging layers by the deduction schedule", () => {
    const table = differenceAgingTable([]);
    const age = (table.conditionalFormats ?? []).filter(
      (f) => headerOf(table, f.column) === "Age (Business Days)",
    );
    expect(age.map((f) => [f.rule, f.style])).toEqual([
      [{ kind: "numberBetween", min: 7, max: 27 }, "neutral"],
      [{ kind: "numberAbove", value: 27 }, "bad"],
    ]);
  });
});
