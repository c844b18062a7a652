import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../../src/domain/isoDate";
import { closeSummaryTable } from "../../src/workbook/closeSummarySheet";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import { closeMonth } from "../../src/workbook/monthEndClose";

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
});
