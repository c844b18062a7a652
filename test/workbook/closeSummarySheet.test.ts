import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../../src/domain/isoDate";
import { closeSummaryTable } from "../../src/workbook/closeSummarySheet";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import { closeMonth } from "../../src/workbook/monthEndClose";
import { countSchedule } from "../../src/domain/countSchedule";

describe("the Close Summary sheet", () => {
  it("leads with the breaks, the posting clock and the Difference account's deductions", async () => {
    const port = new MemoryWorkbook({
      "Stock Record": [
        ["CUSIP", "Location", "Quantity", "Price"],
        ["037833100", "DTC", 1000, 150],
      ],
      DTC: [
        ["CUSIP", "Quantity"],
        ["037833100", 900],
      ],
    });
    const plan = {
      books: "Stock Record",
      statements: [{ sheet: "DTC", contra: null }],
      asOf: parseIsoDate("2026-10-30")!,
    };
    const close = await closeMonth(port, plan, {
      today: parseIsoDate("2026-11-12")!,
      actor: "J. Accountant",
      post: false,
      confirmResolutions: new Set(),
      reportNotices: false,
    });
    const table = closeSummaryTable({ close: close.result! });
    expect(table.sheetName).toBe("Close Summary");
    expect(table.rows).toContainEqual(["Reconciliation", "Breaks", 1, "", "DTC 1"]);
    expect(table.rows).toContainEqual([
      "Difference account",
      "Posting deadline",
      "2026-11-10",
      "",
      "OVERDUE: 1 unposted",
    ]);
    expect(table.rows.map((r) => r[0])).not.toContain("Suspense");
  });

  it("shows the quarterly count: the last count, the next window, a missed quarter", async () => {
    const port = new MemoryWorkbook({
      "Stock Record": [
        ["CUSIP", "Location", "Quantity"],
        ["037833100", "DTC", 1000],
      ],
      DTC: [
        ["CUSIP", "Quantity"],
        ["037833100", 1000],
      ],
    });
    const plan = {
      books: "Stock Record",
      statements: [{ sheet: "DTC", contra: null }],
      asOf: parseIsoDate("2026-10-30")!,
    };
    const close = await closeMonth(port, plan, {
      today: parseIsoDate("2026-11-04")!,
      actor: "J. Accountant",
      post: false,
      confirmResolutions: new Set(),
      reportNotices: false,
    });
    const held = (date: string) => ({
      countDate: parseIsoDate(date)!,
      cycle: null,
      sheet: `Count ${date}`,
    });
    const schedule = countSchedule(
      [held("2026-03-31"), held("2026-07-31")],
      parseIsoDate("2026-11-04")!,
    );
    const rows = closeSummaryTable({ close: close.result!, countSchedule: schedule }).rows;
    const count = rows.filter((r) => r[0] === "Security count");
    expect(count).toEqual([
      ["Security count", "Last count", "2026-07-31", "", "SEA Rule 17a-13"],
      [
        "Security count",
        "Next count window",
        "2026-09-30 to 2026-11-30",
        "",
        "two to four months after the last",
      ],
      ["Security count", "2026-Q2", "MISSED", "", "no count in the quarter"],
      ["Security count", "2026-Q4", "due", "", "a count is due by the quarter's end"],
    ]);
  });
});
