/**
 * `stockrec review` end to end through `main`: a register built here with one account per flag
 * (and one on each side of the monthly boundary), the JSON and the summary, the GL Review sheet
 * read back from the written file, and the exit codes.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MAIN_HELP, main } from "../../src/cli/main";
import { REVIEW_HELP } from "../../src/cli/reviewCommand";
import type { Row } from "../../src/domain/sheet";
import { GL_REVIEW_SHEET } from "../../src/workbook/glReviewSheet";
import type { TableOutput } from "../../src/workbook/port";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";

let scratch = "";
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "stockrec-review-"));
});

const HEADER = [
  "Account",
  "Account Name",
  "Primary Owner",
  "Supervisor",
  "Function",
  "Review Frequency",
  "Last Reviewed On",
  "Last Reviewed By",
  "Holds Suspense Items",
];

/** One account per flag, as of 2026-10-31 (a review on or after 2026-09-30 is current). */
const ACCOUNTS: Row[] = [
  [
    "1010",
    "Cash - operating",
    "Ana Ortiz",
    "Ben Cole",
    "Cash",
    "Monthly",
    "2026-10-15",
    "Ben Cole",
    "No",
  ],
  [
    "1020",
    "Customer receivables",
    "",
    "Ben Cole",
    "Receivables",
    "Monthly",
    "2026-10-15",
    "Ben Cole",
    "No",
  ],
  [
    "1030",
    "Fails to deliver",
    "Ana Ortiz",
    "",
    "Fails",
    "Monthly",
    "2026-10-15",
    "Ana Ortiz",
    "No",
  ],
  [
    "1040",
    "Dividends payable",
    "Cy Dunn",
    "Cy Dunn",
    "Dividends",
    "Monthly",
    "2026-10-15",
    "Cy Dunn",
    "No",
  ],
  [
    "1050",
    "Stock loan",
    "Ana Ortiz",
    "Ben Cole",
    "Financing",
    "Monthly",
    "2026-09-29",
    "Ben Cole",
    "No",
  ],
  [
    "1055",
    "Stock borrow",
    "Ana Ortiz",
    "Ben Cole",
    "Financing",
    "Monthly",
    "2026-09-30",
    "Ben Cole",
    "No",
  ],
  ["1060", "Clearing deposits", "Cy Dunn", "Ben Cole", "Deposits", "Monthly", null, null, "No"],
  [
    "1070",
    "Fixed assets",
    "Cy Dunn",
    "Ben Cole",
    "Fixed assets",
    "Quarterly",
    "2026-10-15",
    "Ben Cole",
    "No",
  ],
  [
    "2900",
    "Suspense - DK fails",
    "Ana Ortiz",
    "Ben Cole",
    "Suspense",
    "Weekly",
    "2026-10-29",
    "Ben Cole",
    "Yes",
  ],
  [
    "2910",
    "Unsuspended items",
    "Ana Ortiz",
    "Ben Cole",
    "Suspense",
    "Monthly",
    "2026-10-29",
    "Ben Cole",
    "Yes",
  ],
];

function table(
  sheetName: string,
  rows: readonly Row[],
  header: readonly string[] = HEADER,
): TableOutput {
  return {
    sheetName,
    tableName: sheetName.replace(/[^A-Za-z0-9]/g, ""),
    columns: header.map((h) => ({ header: h, format: { kind: "text" }, width: 14 })),
    rows,
  };
}

let workbooks = 0;
async function workbookWith(...tables: TableOutput[]): Promise<string> {
  const workbook = XlsxWorkbook.createEmpty();
  for (const output of tables) await workbook.writeTable(output);
  workbooks += 1;
  const path = join(scratch, `book-${workbooks}.xlsx`);
  writeFileSync(path, await workbook.toBuffer());
  return path;
}

async function run(args: readonly string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

interface ReviewJson {
  readonly asOf: string;
  readonly reviewDueOnOrAfter: string;
  readonly sheet: string;
  readonly accounts: readonly {
    account: string;
    owner: string;
    supervisor: string;
    status: string;
    flags: string[];
    lastReviewedOn: string | null;
    daysSinceReview: number | null;
    notes: string[];
  }[];
  readonly flags: Record<string, number>;
  readonly byOwner: readonly { person: string; missing: number; missingAccounts: string[] }[];
  readonly issues: readonly { code: string; row: number | null; column: string | null }[];
  readonly output: string;
}

async function readBack(path: string, sheet: string) {
  const workbook = await XlsxWorkbook.fromBuffer(readFileSync(path));
  return workbook.readSheet(sheet);
}

describe("stockrec review", () => {
  it("flags one account per rule, reviews the month boundary exactly, and exits 1", async () => {
    const input = await workbookWith(table("GL Accounts", ACCOUNTS));
    const out = join(scratch, "golden.reviewed.xlsx");
    const { code, stdout, stderr } = await run([
      "review",
      input,
      "--as-of",
      "2026-10-31",
      "--out",
      out,
      "--json",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as ReviewJson;
    expect(json.asOf).toBe("2026-10-31");
    expect(json.reviewDueOnOrAfter).toBe("2026-09-30");
    expect(json.sheet).toBe("GL Accounts");
    expect(json.accounts.map((a) => [a.account, a.status, a.flags, a.daysSinceReview])).toEqual([
      ["1010", "reviewed", [], 16],
      ["1020", "reviewed", ["no_primary_owner"], 16],
      ["1030", "reviewed", ["no_supervisor"], 16],
      ["1040", "reviewed", ["owner_is_supervisor"], 16],
      ["1050", "overdue", ["review_overdue"], 32],
      ["1055", "reviewed", [], 31],
      ["1060", "never_reviewed", ["review_overdue"], null],
      ["1070", "reviewed", ["review_less_often_than_monthly"], 16],
      ["2900", "reviewed", [], 2],
      ["2910", "reviewed", ["suspense_title_not_prominent"], 2],
    ]);
    expect(json.flags).toEqual({
      no_primary_owner: 1,
      no_supervisor: 1,
      owner_is_supervisor: 1,
      review_overdue: 2,
      review_less_often_than_monthly: 1,
      suspense_title_not_prominent: 1,
    });
    expect(json.byOwner.map((t) => [t.person, t.missing, t.missingAccounts])).toEqual([
      ["Ana Ortiz", 1, ["1050"]],
      ["Cy Dunn", 1, ["1060"]],
      ["", 0, []],
    ]);
    expect(json.issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["gl_account_primary_owner_is_required", 3, "C"],
      ["gl_account_supervisor_is_required", 4, "D"],
      ["gl_account_owner_and_supervisor_must_differ", 5, "D"],
      ["gl_account_must_be_reviewed_monthly", 6, "G"],
      ["gl_account_must_be_reviewed_monthly", 8, "G"],
      ["review_frequency_must_be_at_least_monthly", 9, "F"],
      ["suspense_account_title_must_say_suspense", 11, "B"],
    ]);
    expect(json.output).toBe(out);

    const sheet = await readBack(out, GL_REVIEW_SHEET);
    expect(sheet.rows[0]).toContain("Flags");
    const flagsColumn = sheet.rows[0]!.indexOf("Flags");
    const statusColumn = sheet.rows[0]!.indexOf("Status");
    expect(sheet.rows.slice(1).map((row) => [row[0], row[statusColumn], row[flagsColumn]])).toEqual(
      [
        ["1010", "Reviewed", null],
        ["1020", "Reviewed", "No primary owner"],
        ["1030", "Reviewed", "No supervisor"],
        ["1040", "Reviewed", "Owner is supervisor"],
        ["1050", "Overdue", "Review overdue"],
        ["1055", "Reviewed", null],
        ["1060", "Never reviewed", "Review overdue"],
        ["1070", "Reviewed", "Reviewed less often than monthly"],
        ["2900", "Reviewed", null],
        ["2910", "Reviewed", "Suspense not in title"],
      ],
    );
    // The input is untouched: it has no GL Review sheet.
    const inputSheets = (
      await XlsxWorkbook.fromBuffer(readFileSync(input)).then((w) => w.listSheets())
    ).map((s) => s.name);
    expect(inputSheets).toEqual(["GL Accounts"]);
  });

  it("prints a summary: flags, and reviews missing by owner and by supervisor", async () => {
    const input = await workbookWith(table("GL Accounts", ACCOUNTS));
    const { code, stdout } = await run(["review", input, "--as-of", "2026-10-31"]);
    expect(code).toBe(1);
    expect(stdout).toContain("StockRec GL account review as of 2026-10-31 (FINRA Rule 4523)");
    expect(stdout).toContain(
      "GL Accounts: 10 accounts; a review dated on or after 2026-09-30 is current.",
    );
    expect(stdout).toContain("Reviewed 8, overdue 1, never reviewed 1.");
    expect(stdout).toMatch(/Review overdue +2 {2}1050, 1060/);
    expect(stdout).toContain(
      [
        "Reviews missing by owner:",
        "  Ana Ortiz               1 of 6 missing: 1050",
        "  Cy Dunn                 1 of 3 missing: 1060",
        "  (1 other has every review done)",
        "",
        "Reviews missing by supervisor:",
        "  Ben Cole                2 of 8 missing: 1050, 1060",
        "  (2 others have every review done)",
      ].join("\n"),
    );
    const out = join(scratch, `book-${workbooks}.reviewed.xlsx`);
    expect(stdout).toContain(`Wrote the GL Review sheet to ${out}.`);
    expect(existsSync(out)).toBe(true);
  });

  it("notes rather than flags one owner-supervisor when the firm records its reason", async () => {
    const rows = [ACCOUNTS[0]!, ACCOUNTS[3]!];
    const input = await workbookWith(table("GL Accounts", rows));
    const { code, stdout } = await run([
      "review",
      input,
      "--as-of",
      "2026-10-31",
      "--allow-same-owner-supervisor",
      "one associated person",
      "--json",
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as ReviewJson;
    expect(json.accounts[1]!.flags).toEqual([]);
    expect(json.accounts[1]!.notes[0]).toContain('"one associated person"');
    expect(json.issues.map((i) => i.code)).toEqual(["owner_is_supervisor_by_recorded_reason"]);
  });

  it("exits 0 when no account is flagged", async () => {
    const input = await workbookWith(table("GL Accounts", [ACCOUNTS[0]!, ACCOUNTS[8]!]));
    const { code, stdout } = await run(["review", input, "--as-of", "2026-10-31"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Reviews missing by owner:\n  none: every account is reviewed.");
  });

  it("logs the review in the Audit Log", async () => {
    const input = await workbookWith(table("GL Accounts", [ACCOUNTS[0]!, ACCOUNTS[8]!]));
    const out = input.replace(/\.xlsx$/, ".logged.xlsx");
    expect((await run(["review", input, "--as-of", "2026-10-31", "--out", out])).code).toBe(0);
    const log = (await readBack(out, "Audit Log")).rows.slice(1);
    expect(log.map((row) => [row[2], row[3], row[4]])).toEqual([
      ["(command line)", "run", "GL Review"],
    ]);
    expect(String(log[0]![5])).toContain("GL review as of 2026-10-31: 2 accounts, 0 flagged");
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("exits 1 when a register row cannot be reviewed, though no account is flagged", async () => {
    const input = await workbookWith(
      table("GL Accounts", [ACCOUNTS[0]!, [null, "Misc", "Ana Ortiz", "Ben Cole"]]),
    );
    const { code, stdout } = await run(["review", input, "--as-of", "2026-10-31", "--json"]);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as ReviewJson).issues.map((i) => i.code)).toEqual([
      "gl_account_number_is_required",
    ]);
  });

  it("finds the register by its headers, never taking an earlier GL Review for it", async () => {
    const first = await workbookWith(table("Ledger Owners", ACCOUNTS.slice(0, 2)));
    const reviewed = join(scratch, "first.reviewed.xlsx");
    expect((await run(["review", first, "--as-of", "2026-10-31", "--out", reviewed])).code).toBe(1);
    // A workbook whose earlier GL Review comes before the register.
    const workbook = XlsxWorkbook.createEmpty();
    const earlier = await readBack(reviewed, GL_REVIEW_SHEET);
    await workbook.writeTable(
      table(GL_REVIEW_SHEET, earlier.rows.slice(1), earlier.rows[0] as string[]),
    );
    await workbook.writeTable(table("Ledger Owners", ACCOUNTS.slice(0, 1)));
    const input = join(scratch, "with-earlier-review.xlsx");
    writeFileSync(input, await workbook.toBuffer());
    const { code, stdout } = await run(["review", input, "--as-of", "2026-10-31", "--json"]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as ReviewJson;
    expect(json.sheet).toBe("Ledger Owners");
    expect(json.accounts.map((a) => a.account)).toEqual(["1010"]);
  });

  it("reads the sheet --sheet names", async () => {
    const input = await workbookWith(
      table("GL Accounts", ACCOUNTS.slice(0, 1)),
      table("Owners 2027", ACCOUNTS.slice(1, 2)),
    );
    const { stdout } = await run([
      "review",
      input,
      "--as-of",
      "2026-10-31",
      "--sheet",
      "Owners 2027",
      "--json",
    ]);
    expect((JSON.parse(stdout) as ReviewJson).accounts.map((a) => a.account)).toEqual(["1020"]);
  });

  it("exits 2 when there is no GL accounts sheet, saying what to add", async () => {
    const input = await workbookWith(
      table("Stock Record", [["037833100", "DTC", "100"]], ["CUSIP", "Location", "Quantity"]),
    );
    const { code, stdout, stderr } = await run([
      "review",
      input,
      "--as-of",
      "2026-10-31",
      "--json",
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('No sheet is named "GL Accounts"');
    expect(stderr).toContain("[gl_accounts_sheet_is_required]");
    expect(JSON.parse(stdout)).toMatchObject({ error: "cannot_run" });
    expect(existsSync(join(scratch, `book-${workbooks}.reviewed.xlsx`))).toBe(false);
  });

  it("exits 2 when the GL Accounts sheet lacks a required column", async () => {
    const input = await workbookWith(
      table("GL Accounts", [["1010", "Cash", "Ana Ortiz"]], ["Account", "Account Name", "Owner"]),
    );
    const { code, stderr } = await run(["review", input, "--as-of", "2026-10-31"]);
    expect(code).toBe(2);
    expect(stderr).toContain("lacks a column for: supervisor");
  });

  it("exits 2 on bad usage, with a message saying what to write", async () => {
    const input = await workbookWith(table("GL Accounts", ACCOUNTS.slice(0, 1)));
    const cases: [string[], string][] = [
      [["review", input], "--as-of YYYY-MM-DD"],
      [["review", input, "--as-of", "10/31/2026"], "is not a date"],
      [["review", "--as-of", "2026-10-31"], "Name the workbook"],
      [["review", "book.csv", "--as-of", "2026-10-31"], "is not an .xlsx workbook"],
      [["review", input, "--as-of", "2026-10-31", "--out", input], "never overwrites its input"],
      [["review", input, "--as-of", "2026-10-31", "--sheet", "Nope"], 'There is no sheet "Nope"'],
      [
        ["review", input, "--as-of", "2026-10-31", "--allow-same-owner-supervisor", " "],
        "needs the firm's reason",
      ],
      [["review", join(scratch, "missing.xlsx"), "--as-of", "2026-10-31"], "There is no file"],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await run(args);
      expect([args.join(" "), code]).toEqual([args.join(" "), 2]);
      expect(stderr).toContain(message);
    }
  });

  it("has help, and is listed in the main help", async () => {
    expect(await run(["review", "--help"])).toEqual({ code: 0, stdout: REVIEW_HELP, stderr: "" });
    expect((await run(["help", "review"])).stdout).toBe(REVIEW_HELP);
    expect(MAIN_HELP).toContain("review <workbook.xlsx> --as-of YYYY-MM-DD");
  });
});
