/**
 * Signed sheets are protected: a reviewer's sign-off of a whole sheet protects it in the host, an
 * unlock unprotects it once no period of it stays signed, and StockRec refuses to rewrite a sheet
 * for a period a reviewer signed (whether or not someone lifted the protection by hand), while a
 * write for another period goes through and leaves the sheet protected.
 */
import { describe, expect, it } from "vitest";
import { parseTimestamp } from "../../src/domain/auditLog";
import { parsePeriod, type Period } from "../../src/domain/signoff";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import {
  guardSignedSheets,
  lockedPeriodsOfSheet,
  signedSheetWriteIssues,
} from "../../src/workbook/periodLock";
import { WorkbookPortError, type TableOutput } from "../../src/workbook/port";
import { recordSignoff } from "../../src/workbook/signoffRun";
import { readEvidence } from "../../src/workbook/auditStore";
import { createOfficeWorkbook } from "../../src/excel/officeWorkbook";
import { createExcelStandIn } from "../fakes/excelStandIn";

const OCTOBER = parsePeriod("2026-10")!;
const NOVEMBER = parsePeriod("2026-11")!;

const BREAKS: TableOutput = {
  sheetName: "Breaks",
  tableName: "StockRecBreaks",
  columns: [
    { header: "Security ID", format: { kind: "text" }, width: 12 },
    { header: "Status", format: { kind: "text" }, width: 10 },
  ],
  rows: [["037833100", "Open"]],
};

function workbook(): MemoryWorkbook {
  return new MemoryWorkbook({
    Breaks: [
      ["Security ID", "Status"],
      ["037833100", "Open"],
    ],
    "Stock Record": [
      ["CUSIP", "Location", "Quantity"],
      ["037833100", "DTC", 1000],
    ],
  });
}

let minute = 0;
async function sign(
  port: Parameters<typeof recordSignoff>[0],
  role: "preparer" | "reviewer" | "unlock",
  scope: string,
  period: Period = OCTOBER,
) {
  minute++;
  const at = `2026-11-05T10:${String(minute).padStart(2, "0")}:00-05:00`;
  const outcome = await recordSignoff(port, {
    actor: role === "preparer" ? "J. Accountant" : "M. Supervisor",
    role,
    period,
    scope,
    comment: role === "unlock" ? "Late statement correction" : "",
    now: parseTimestamp(at)!,
  });
  expect(outcome.ok, outcome.ok ? "" : JSON.stringify(outcome.issues)).toBe(true);
}

async function review(port: Parameters<typeof recordSignoff>[0], scope: string, period = OCTOBER) {
  await sign(port, "preparer", scope, period);
  await sign(port, "reviewer", scope, period);
}

describe("recordSignoff and protection", () => {
  it("protects a whole sheet when a reviewer signs it off, not when its preparer does", async () => {
    const port = workbook();
    await sign(port, "preparer", "Breaks");
    expect(port.protectionChanges).toEqual([]);
    await sign(port, "reviewer", "Breaks");
    expect(port.protectionChanges).toEqual([{ sheetName: "Breaks", protect: true }]);
    expect((await port.listSheets()).find((s) => s.name === "Breaks")).toMatchObject({
      protected: true,
    });
  });

  it("protects nothing for a sign-off of a range: rows nobody signed would be locked", async () => {
    const port = workbook();
    await review(port, "Breaks!A1:B2");
    expect(port.protectionChanges).toEqual([]);
  });

  it("unprotects on the unlock, but only once no other period of the sheet stays signed", async () => {
    const port = workbook();
    await review(port, "Breaks", OCTOBER);
    await review(port, "Breaks", NOVEMBER);
    await sign(port, "unlock", "Breaks", OCTOBER);
    expect(lockedPeriodsOfSheet((await readEvidence(port)).signoffs, "Breaks")).toEqual([NOVEMBER]);
    expect(port.protectionChanges.at(-1)).toEqual({ sheetName: "Breaks", protect: true });
    await sign(port, "unlock", "Breaks", NOVEMBER);
    expect(port.protectionChanges.at(-1)).toEqual({ sheetName: "Breaks", protect: false });
  });

  it("protects the sheet in Excel through the Office adapter", async () => {
    const standIn = createExcelStandIn({
      Breaks: [
        ["Security ID", "Status"],
        ["037833100", "Open"],
      ],
    });
    const port = createOfficeWorkbook(standIn.run);
    await review(port, "Breaks");
    expect(standIn.isProtected("Breaks")).toBe(true);
    // The Sign-offs and Audit Log sheets StockRec appends to are never protected.
    expect(standIn.isProtected("Sign-offs")).toBe(false);
    await sign(port, "unlock", "Breaks");
    expect(standIn.isProtected("Breaks")).toBe(false);
  });
});

describe("rewriting a signed sheet", () => {
  it("is refused for the signed period, with where, why and what to do", async () => {
    const port = workbook();
    await review(port, "Breaks");
    const issues = await signedSheetWriteIssues(port, OCTOBER, ["Breaks", "Notices"], "the close");
    expect(issues).toEqual([
      expect.objectContaining({
        code: "signed_off_sheet_must_not_be_rewritten",
        severity: "error",
        where: { sheet: "Breaks" },
      }),
    ]);
    expect(issues[0]!.message).toMatch(/"Breaks" of 2026-10 is signed off by a reviewer/);
    expect(issues[0]!.hint).toMatch(/--role unlock --period 2026-10 --scope "Breaks"/);

    const guarded = guardSignedSheets(port, OCTOBER, "the close");
    const error = await guarded.writeTable(BREAKS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookPortError);
    expect(error).toMatchObject({ code: "signed_off_sheet_must_not_be_rewritten" });
    expect(port.writtenTables.filter((t) => t.sheetName === "Breaks")).toEqual([]);
  });

  it("is refused even when someone lifted the protection by hand: the lock is the sign-off", async () => {
    const port = workbook();
    await review(port, "Breaks");
    await port.setSheetProtection("Breaks", false);
    expect(await signedSheetWriteIssues(port, OCTOBER, ["breaks"], "the close")).toHaveLength(1);
  });

  it("goes through for another period and leaves the sheet protected", async () => {
    const port = workbook();
    await review(port, "Breaks", OCTOBER);
    await guardSignedSheets(port, NOVEMBER, "the close").writeTable(BREAKS);
    expect(port.writtenTables.at(-1)).toBe(BREAKS);
    expect((await port.listSheets()).find((s) => s.name === "Breaks")).toMatchObject({
      protected: true,
    });
  });

  it("goes through for the signed period once it is unlocked, and the sheet is unprotected", async () => {
    const port = workbook();
    await review(port, "Breaks");
    await sign(port, "unlock", "Breaks");
    expect(await signedSheetWriteIssues(port, OCTOBER, ["Breaks"], "the close")).toEqual([]);
    await guardSignedSheets(port, OCTOBER, "the close").writeTable(BREAKS);
    expect((await port.listSheets()).find((s) => s.name === "Breaks")).not.toHaveProperty(
      "protected",
    );
  });

  it("leaves the Difference Account to lockedPeriodIssue (its entries are appended per month)", async () => {
    const port = new MemoryWorkbook({
      "Difference Account": [["Entry ID"], ["DA-000001"]],
    });
    expect(
      await signedSheetWriteIssues(port, OCTOBER, ["Difference Account"], "the close"),
    ).toEqual([]);
  });
});
