import { describe, expect, it } from "vitest";
import type { BreakStatusRecord } from "../../src/domain/breakStatus";
import { parseIsoDate } from "../../src/domain/isoDate";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import { writeBreaksSheet } from "../../src/workbook/monthEnd";
import { closeMonth, writeClose, type CloseOptions } from "../../src/workbook/monthEndClose";

const AS_OF = parseIsoDate("2026-10-30")!;
const plan = { books: "Stock Record", statements: [{ sheet: "DTC", contra: null }], asOf: AS_OF };
const options = (post: boolean): CloseOptions => ({
  today: parseIsoDate("2026-11-03")!,
  actor: "J. Accountant",
  post,
  confirmResolutions: new Set(),
  reportNotices: false,
});

function workbook(): MemoryWorkbook {
  return new MemoryWorkbook({
    "Stock Record": [
      ["CUSIP", "Location", "Quantity"],
      ["037833100", "DTC", 1000],
      ["594918104", "DTC", 500],
    ],
    DTC: [
      ["CUSIP", "Quantity"],
      ["037833100", 900],
      ["594918104", 450],
    ],
  });
}

describe("the month-end close over a workbook", () => {
  it("does not post a difference people marked resolved, and marks the others posted", async () => {
    const port = workbook();
    const first = await closeMonth(port, plan, options(false));
    await writeClose(port, first.result!, first.ledgerRows);
    const resolved: BreakStatusRecord[] = first.result!.statuses.map((s) =>
      s.lifecycleId.startsWith("037833100")
        ? {
            ...s,
            status: "resolved",
            resolvedOn: parseIsoDate("2026-11-02")!,
            resolution: "timing",
          }
        : s,
    );
    await writeBreaksSheet(port, first.result!.reconciliation, { statuses: resolved });

    const posted = await closeMonth(port, plan, options(true));
    expect(posted.result!.posted.map((p) => p.securityKey)).toEqual(["594918104"]);
    expect(posted.result!.issues.filter((i) => i.severity === "error")).toEqual([]);
    const statusOf = new Map(
      posted.result!.statuses.map((s) => [s.lifecycleId.slice(0, 9), s.status]),
    );
    expect(Object.fromEntries(statusOf)).toEqual({
      "594918104": "posted",
      "037833100": "resolved",
    });
  });

  it("writes the ledger before anything else", async () => {
    const port = workbook();
    const close = await closeMonth(port, plan, options(true));
    await writeClose(port, close.result!, close.ledgerRows);
    expect(port.writtenTables.map((t) => t.sheetName)).toEqual([
      "Difference Account",
      "Difference Aging",
      "Notices",
      "Breaks",
    ]);
  });
});
