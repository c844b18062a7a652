import { describe, expect, it } from "vitest";
import { parseGlAccounts, reviewGlAccounts } from "../../src/domain/glAccounts";
import { excelSerialFromIsoDate, parseIsoDate } from "../../src/domain/isoDate";
import { GL_REVIEW_SHEET, GL_REVIEW_TABLE, glReviewTable } from "../../src/workbook/glReviewSheet";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";

const AS_OF = parseIsoDate("2026-10-31")!;

const REGISTER = {
  name: "GL Accounts",
  rows: [
    [
      "Account",
      "Account Name",
      "Primary Owner",
      "Supervisor",
      "Function",
      "Review Frequency",
      "Last Reviewed On",
      "Last Reviewed By",
      "Holds Suspense Items",
    ],
    [
      "0101",
      "Cash - operating",
      "Ana Ortiz",
      "Ben Cole",
      "Cash",
      "Weekly",
      46310,
      "Ben Cole",
      "No",
    ],
    ["2910", "Unsuspended items", "", "Ben Cole", "Fails", "Quarterly", null, null, "Yes"],
    ["3000", "Dividends payable", "Ana Ortiz", "Ana Ortiz", null, null, "2026-09-29", "Ana", null],
  ],
};

function review(reason: string | null = null) {
  const parsed = parseGlAccounts(REGISTER);
  return reviewGlAccounts(parsed.records, {
    asOf: AS_OF,
    sameOwnerAndSupervisorAllowed: reason === null ? false : { reason },
  });
}

describe("the GL Review sheet", () => {
  it("is one readable table: text as text, dates as dates, days as a number", () => {
    const table = glReviewTable(review());
    expect(table.sheetName).toBe(GL_REVIEW_SHEET);
    expect(table.tableName).toBe(GL_REVIEW_TABLE);
    expect(table.columns.map((c) => [c.header, c.format.kind])).toEqual([
      ["Account", "text"],
      ["Account Name", "text"],
      ["Primary Owner", "text"],
      ["Supervisor", "text"],
      ["Function", "text"],
      ["Review Frequency", "text"],
      ["Last Reviewed On", "date"],
      ["Last Reviewed By", "text"],
      ["As Of", "date"],
      ["Days Since Review", "quantity"],
      ["Status", "text"],
      ["Flags", "text"],
      ["Notes", "text"],
      ["Source", "text"],
    ]);
    const asOf = excelSerialFromIsoDate(AS_OF);
    expect(table.rows).toEqual([
      [
        "0101",
        "Cash - operating",
        "Ana Ortiz",
        "Ben Cole",
        "Cash",
        "Weekly",
        46310,
        "Ben Cole",
        asOf,
        16,
        "Reviewed",
        null,
        null,
        "GL Accounts!2",
      ],
      [
        "2910",
        "Unsuspended items",
        null,
        "Ben Cole",
        "Fails",
        "Quarterly",
        null,
        null,
        asOf,
        null,
        "Never reviewed",
        "No primary owner, Review overdue, Reviewed less often than monthly, Suspense not in title",
        null,
        "GL Accounts!3",
      ],
      [
        "3000",
        "Dividends payable",
        "Ana Ortiz",
        "Ana Ortiz",
        null,
        "Monthly (assumed)",
        excelSerialFromIsoDate(parseIsoDate("2026-09-29")!),
        "Ana",
        asOf,
        32,
        "Overdue",
        "Owner is supervisor, Review overdue",
        null,
        "GL Accounts!4",
      ],
    ]);
  });

  it("puts the firm's reason in Notes when one person may own and supervise", () => {
    const row = glReviewTable(review("FINRA approval of 2025-06-01")).rows[2]!;
    expect(row[11]).toBe("Review overdue");
    expect(row[12]).toContain('because: "FINRA approval of 2025-06-01"');
  });

  it("writes through the port and reads back as written", async () => {
    const workbook = new MemoryWorkbook({ [REGISTER.name]: REGISTER.rows });
    await workbook.writeTable(glReviewTable(review()));
    const written = await workbook.readSheet(GL_REVIEW_SHEET);
    expect(written.rows[0]![0]).toBe("Account");
    expect(written.rows.map((row) => row[0])).toEqual(["Account", "0101", "2910", "3000"]);
  });
});
