/**
 * `stockrec suspense` end to end through `main`: a register built here with one item per flag
 * (over 30 calendar days and the firm threshold, no owner, no recent research note), one clean
 * and one resolved; the JSON, the summary, the sheets written, and the exit codes 0, 1 and 2.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MAIN_HELP, main } from "../../src/cli/main";
import type { Row } from "../../src/domain/sheet";
import type { TableOutput } from "../../src/workbook/port";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";

let scratch = "";
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "stockrec-suspense-"));
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: readonly string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

const HEADERS = [
  "Item ID",
  "GL Account",
  "Type",
  "Opened On",
  "Amount",
  "Debit/Credit",
  "Quantity",
  "Long/Short",
  "Security ID",
  "Owner",
  "Last Research Note On",
  "Status",
  "Resolved On",
  "Known Facts",
];

const DATE_COLUMNS = new Set(["Opened On", "Last Research Note On", "Resolved On"]);

function table(sheetName: string, headers: readonly string[], rows: readonly Row[]): TableOutput {
  return {
    sheetName,
    tableName: sheetName.replace(/\W/g, ""),
    columns: headers.map((header) => ({
      header,
      format: DATE_COLUMNS.has(header) ? { kind: "date" } : { kind: "general" },
      width: 14,
    })),
    rows,
  };
}

/** As of 2026-10-30: one item per flag, one clean, one resolved. */
const REGISTER: Row[] = [
  // 45 days old and a credit: over 30 (15c3-3a item 8) and over the firm threshold of 30.
  [
    "S-OLD",
    "2900",
    "DK",
    "2026-09-15",
    1250,
    "Credit",
    null,
    null,
    "",
    "Ann",
    "2026-10-28",
    "Open",
    null,
    "Contra DKs the trade",
  ],
  // No owner.
  [
    "S-OWNER",
    "2910",
    "Returned delivery",
    "2026-10-27",
    80.5,
    "Debit",
    null,
    null,
    "",
    "",
    "2026-10-29",
    "Open",
    null,
    "",
  ],
  // Short 300, 20 days old, last researched 18 days ago.
  [
    "S-NOTE",
    "2920",
    "Unidentified fail",
    "2026-10-10",
    null,
    null,
    300,
    "Short",
    "037833100",
    "Bob",
    "2026-10-12",
    "Open",
    null,
    "",
  ],
  [
    "S-CLEAN",
    "2930",
    "Doubtful ownership",
    "2026-10-26",
    10,
    "Debit",
    null,
    null,
    "",
    "Cy",
    "2026-10-29",
    "Open",
    null,
    "",
  ],
  [
    "S-DONE",
    "2900",
    "DK",
    "2026-08-01",
    999,
    "Credit",
    null,
    null,
    "",
    "Ann",
    "2026-10-01",
    "Resolved",
    "2026-10-20",
    "",
  ],
];

async function workbookWith(name: string, sheets: readonly TableOutput[]): Promise<string> {
  const workbook = XlsxWorkbook.createEmpty();
  for (const sheet of sheets) await workbook.writeTable(sheet);
  const path = join(scratch, `${name}.xlsx`);
  writeFileSync(path, await workbook.toBuffer());
  return path;
}

const register = (rows: readonly Row[], sheetName = "Suspense Items") =>
  table(sheetName, HEADERS, rows);

async function readBack(path: string, sheet: string): Promise<readonly Row[]> {
  const workbook = await XlsxWorkbook.fromBuffer(readFileSync(path));
  return (await workbook.readSheet(sheet)).rows;
}

describe("stockrec suspense", () => {
  it("ages the register, writes both sheets and exits 1 when an item is over 30 days", async () => {
    const input = await workbookWith("golden", [register(REGISTER)]);
    const out = join(scratch, "golden.out.xlsx");
    const result = await run(["suspense", input, "--as-of", "2026-10-30", "--out", out, "--json"]);
    expect([result.code, result.stderr]).toEqual([1, ""]);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json.items).toEqual([
      {
        itemId: "S-OLD",
        glAccount: "2900",
        type: "dk_fail",
        openedOn: "2026-09-15",
        ageCalendarDays: 45,
        ageBusinessDays: 33,
        bucket: "31–60",
        amount: "1250",
        debitCredit: "credit",
        currency: "USD",
        quantity: null,
        longShort: null,
        securityId: "",
        owner: "Ann",
        lastResearchNoteOn: "2026-10-28",
        flags: ["over_30_calendar_days", "over_firm_threshold"],
        reserveItem8: true,
        source: { sheet: "Suspense Items", row: 2 },
      },
      expect.objectContaining({
        itemId: "S-NOTE",
        type: "unidentified_fail",
        ageCalendarDays: 20,
        bucket: "16–30",
        quantity: "300",
        longShort: "short",
        flags: ["no_recent_research_note"],
        reserveItem8: false,
      }),
      expect.objectContaining({ itemId: "S-CLEAN", flags: [] }),
      expect.objectContaining({ itemId: "S-OWNER", flags: ["no_owner"], amount: "80.5" }),
    ]);
    expect(json.item8).toEqual({
      credits: [{ currency: "USD", amount: "1250" }],
      shortQuantity: "0",
      itemCount: 1,
    });
    expect(json.buckets).toEqual([
      {
        label: "0–7",
        fromDays: 0,
        toDays: 7,
        totals: [
          {
            type: "returned_delivery",
            currency: "USD",
            itemCount: 1,
            debitAmount: "80.5",
            creditAmount: "0",
            longQuantity: "0",
            shortQuantity: "0",
          },
          {
            type: "doubtful_ownership",
            currency: "USD",
            itemCount: 1,
            debitAmount: "10",
            creditAmount: "0",
            longQuantity: "0",
            shortQuantity: "0",
          },
        ],
      },
      { label: "8–15", fromDays: 8, toDays: 15, totals: [] },
      {
        label: "16–30",
        fromDays: 16,
        toDays: 30,
        totals: [
          {
            type: "unidentified_fail",
            currency: "USD",
            itemCount: 1,
            debitAmount: "0",
            creditAmount: "0",
            longQuantity: "0",
            shortQuantity: "300",
          },
        ],
      },
      {
        label: "31–60",
        fromDays: 31,
        toDays: 60,
        totals: [
          {
            type: "dk_fail",
            currency: "USD",
            itemCount: 1,
            debitAmount: "0",
            creditAmount: "1250",
            longQuantity: "0",
            shortQuantity: "0",
          },
        ],
      },
      { label: "61–90", fromDays: 61, toDays: 90, totals: [] },
      { label: "Over 90", fromDays: 91, toDays: null, totals: [] },
    ]);
    expect(json).toMatchObject({
      asOf: "2026-10-30",
      calendar: "nyse",
      sheet: "Suspense Items",
      firmThresholdCalendarDays: 30,
      researchNoteMaxDays: 10,
      output: out,
    });
    const issues = json.issues as { code: string; row: number; column: string }[];
    expect(issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["suspense_item_over_30_calendar_days", 2, "D"],
      ["suspense_item_over_firm_threshold", 2, "D"],
      ["suspense_item_has_no_recent_research_note", 4, "K"],
      ["suspense_item_has_no_owner", 3, "J"],
    ]);
    const aging = await readBack(out, "Suspense Aging");
    expect(aging.map((row) => row[0])).toEqual([
      "Item ID",
      "S-OLD",
      "S-NOTE",
      "S-CLEAN",
      "S-OWNER",
    ]);
    const buckets = await readBack(out, "Suspense Buckets");
    expect(buckets[1]!.slice(0, 9)).toEqual(["DK fail", "USD", 0, 0, 0, 1250, 0, 0, 1250]);
    // The register is still there, untouched, in the copy.
    expect((await readBack(out, "Suspense Items")).length).toBe(REGISTER.length + 1);
  });

  it("flags the firm threshold given, and prints a summary for people", async () => {
    const input = await workbookWith("threshold", [register(REGISTER)]);
    const result = await run(["suspense", input, "--as-of", "2026-10-30", "--threshold", "15"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "StockRec suspense aging as of 2026-10-30 (FINRA 4523(c); SEA 15c3-3a item 8), NYSE business days",
    );
    expect(result.stdout).toContain(
      "15c3-3a item 8 (credits and shorts in suspense over 30 calendar days): credits 1,250.00 USD; short quantity 0 (1 item).",
    );
    expect(result.stdout).toContain(
      "Flags: 1 over 30 calendar days, 2 over the firm's 15 days, 1 without an owner, 1 without a research note in 10 days.",
    );
    expect(result.stdout).toMatch(/ {2}31–60 +1 +0\.00 +1,250\.00 +0 +0\n/);
    expect(result.stdout).toContain(
      `Wrote the Suspense Aging and Suspense Buckets sheets to ${join(scratch, "threshold.suspense.xlsx")}.`,
    );
    expect(existsSync(join(scratch, "threshold.suspense.xlsx"))).toBe(true);
  });

  it("exits 0 when nothing is over 30 days or the threshold and the register has no error", async () => {
    const young = REGISTER.slice(1);
    const input = await workbookWith("young", [register(young, "Suspense")]);
    const result = await run(["suspense", input, "--as-of", "2026-10-30", "--json"]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { sheet: string; items: unknown[] };
    expect([json.sheet, json.items.length]).toEqual(["Suspense", 3]);
  });

  it("logs the aging in the Audit Log", async () => {
    const input = await workbookWith("logged", [register(REGISTER.slice(1), "Suspense")]);
    const out = input.replace(/\.xlsx$/, ".aged.xlsx");
    expect((await run(["suspense", input, "--as-of", "2026-10-30", "--out", out])).code).toBe(0);
    const log = (await readBack(out, "Audit Log")).slice(1);
    expect(log.map((row) => [row[3], row[4]])).toEqual([["run", "Suspense Aging"]]);
    expect(String(log[0]![5])).toContain("Suspense aging as of 2026-10-30: 3 items open");
    expect((await run(["verify", out])).code).toBe(0);
  });

  it("exits 1 on an error in the register even when nothing is old", async () => {
    const input = await workbookWith("typo", [
      register([
        [
          "S-1",
          "2900",
          "Dunno",
          "2026-10-29",
          5,
          "Debit",
          null,
          null,
          "",
          "Ann",
          "2026-10-29",
          "Open",
          null,
          "",
        ],
      ]),
    ]);
    const result = await run(["suspense", input, "--as-of", "2026-10-30", "--json"]);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as { issues: { code: string }[] }).issues[0]!.code).toBe(
      "suspense_type_must_be_known",
    );
  });

  it("takes the buckets and the calendar given", async () => {
    const input = await workbookWith("buckets", [register(REGISTER)]);
    const result = await run([
      "suspense",
      input,
      "--as-of",
      "2026-10-30",
      "--buckets",
      "10,40",
      "--calendar",
      "federal",
      "--json",
    ]);
    const json = JSON.parse(result.stdout) as {
      calendar: string;
      buckets: { label: string }[];
      items: { itemId: string; ageBusinessDays: number; bucket: string }[];
    };
    expect(json.calendar).toBe("federal");
    expect(json.buckets.map((b) => b.label)).toEqual(["0–10", "11–40", "Over 40"]);
    // Columbus Day (10-12) closes the Fed: one business day fewer than on the NYSE.
    expect(json.items[0]).toMatchObject({
      itemId: "S-OLD",
      ageBusinessDays: 32,
      bucket: "Over 40",
    });
  });

  it("finds a register by its headers when no sheet is named Suspense Items, suspense names first", async () => {
    const input = await workbookWith("detect", [
      table("Notes", ["Note"], [["month-end"]]),
      // Headed like a register too, but its name does not say suspense.
      table(
        "GL Extract",
        ["ID", "Account", "Type", "Date", "Amount"],
        [["J-1", "1010", "JE", "2026-10-30", 5]],
      ),
      register(REGISTER, "GL 2900 suspense"),
    ]);
    const result = await run(["suspense", input, "--as-of", "2026-10-30", "--json"]);
    expect((JSON.parse(result.stdout) as { sheet: string }).sheet).toBe("GL 2900 suspense");
  });

  it("shows its help, and is listed in stockrec --help", async () => {
    const help = await run(["suspense", "--help"]);
    expect([help.code, help.stdout]).toEqual([
      0,
      expect.stringContaining("Usage: stockrec suspense"),
    ]);
    expect(MAIN_HELP).toContain("suspense <workbook.xlsx> --as-of YYYY-MM-DD");
  });
});

describe("stockrec suspense refuses (exit 2)", () => {
  async function refused(args: readonly string[], message: string): Promise<void> {
    const result = await run(args);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: `stockrec suspense: ${message}\nTry "stockrec suspense --help".\n`,
    });
  }

  it("without --as-of, with a bad date, bad buckets or a bad calendar", async () => {
    const input = await workbookWith("usage", [register(REGISTER)]);
    await refused(["suspense", input], "Give the aging date with --as-of YYYY-MM-DD.");
    await refused(
      ["suspense", input, "--as-of", "10/30/2026"],
      '--as-of "10/30/2026" is not a date; write it as YYYY-MM-DD.',
    );
    await refused(
      ["suspense", input, "--as-of", "2026-10-30", "--buckets", "30,15"],
      '--buckets "30,15" should be up to 20 rising whole numbers of calendar days, e.g. 7,15,30,60,90.',
    );
    await refused(
      ["suspense", input, "--as-of", "2026-10-30", "--threshold", "thirty"],
      '--threshold "thirty" should be a whole number of calendar days, e.g. 30.',
    );
    await refused(
      ["suspense", input, "--as-of", "2026-10-30", "--calendar", "lse"],
      '--calendar "lse" should be nyse, sifma or federal.',
    );
    await refused(
      ["suspense", input, "--as-of", "2026-10-30", "--out", input],
      `--out ${input} is the input workbook; StockRec never overwrites its input. Choose another file.`,
    );
  });

  it("when the workbook has no suspense register, or the sheet named is not there", async () => {
    const input = await workbookWith("none", [
      table("Stock Record", ["CUSIP", "Quantity"], [["037833100", 5]]),
    ]);
    await refused(
      ["suspense", input, "--as-of", "2026-10-30"],
      `No suspense register was found in ${input}: no sheet is named "Suspense Items" or headed Item ID, GL Account, Type and Opened On. Name it with --sheet.`,
    );
    await refused(
      ["suspense", input, "--as-of", "2026-10-30", "--sheet", "Suspense"],
      `There is no sheet "Suspense" in ${input}; its sheets are Stock Record.`,
    );
  });

  it("when the register cannot be read, saying where and why", async () => {
    const input = await workbookWith("unusable", [
      table(
        "Suspense Items",
        ["Item ID", "GL Account", "Type", "Opened On"],
        [["S-1", "2900", "DK", "2026-10-01"]],
      ),
    ]);
    const result = await run(["suspense", input, "--as-of", "2026-10-30"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`stockrec suspense: cannot age ${input}:`);
    expect(result.stderr).toContain("[suspense_amount_or_quantity_column_is_required]");
    expect(existsSync(join(scratch, "unusable.suspense.xlsx"))).toBe(false);
  });
});
