/**
 * The month-end close through the CLI, over a chain of real workbook files (STYLE.md §9): each
 * month's output workbook, with that month's statement pasted in, is the next month's input. The
 * Difference account must carry a difference, adjust a changed one, resolve a vanished one on
 * confirmation, record a late posting, and never post a count twice. Deadlines of counts just
 * before holidays are checked against dates worked out by hand. Expectations live in
 * test/golden/close/expected.json (rewrite with UPDATE_GOLDEN=1 and review the diff).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import type { Row } from "../../src/domain/sheet";
import type { TableOutput } from "../../src/workbook/port";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";

const APPLE = "037833100";
const MICROSOFT = "594918104";
const scratch = mkdtempSync(join(tmpdir(), "stockrec-close-"));
const EXPECTED = "test/golden/close/expected.json";
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function table(sheetName: string, header: string[], rows: Row[]): TableOutput {
  return {
    sheetName,
    tableName: sheetName.replace(/\W/g, "_"),
    columns: header.map((h, i) => ({
      header: h,
      format: i === 0 ? { kind: "text" } : { kind: "general" },
      width: 14,
    })),
    rows,
  };
}

/** Writes `input` with the DTC statement replaced by `statement` rows; returns the path. */
async function withStatement(
  input: string | null,
  name: string,
  statement: Row[],
): Promise<string> {
  const workbook =
    input === null
      ? XlsxWorkbook.createEmpty()
      : await XlsxWorkbook.fromBuffer(readFileSync(input));
  if (input === null) {
    await workbook.writeTable(
      table(
        "Stock Record",
        ["CUSIP", "Description", "Location", "Quantity", "Price"],
        [
          [APPLE, "APPLE INC COM", "DTC", 1000, 150],
          [MICROSOFT, "MICROSOFT CORP COM", "DTC", 500, 400],
        ],
      ),
    );
  }
  await workbook.writeTable(table("DTC", ["CUSIP", "Quantity"], statement));
  const path = join(scratch, `${name}.xlsx`);
  writeFileSync(path, await workbook.toBuffer());
  return path;
}

async function close(input: string, name: string, ...args: string[]) {
  const out = join(scratch, `${name}.closed.xlsx`);
  let stdout = "";
  let stderr = "";
  const exitCode = await main(["close", input, "--out", out, "--json", ...args], {
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
  });
  const json = JSON.parse(stdout) as Record<string, unknown>;
  return {
    out,
    view: {
      exitCode,
      stderr,
      clock: json.clock,
      postings: json.postings,
      plannedPostings: json.plannedPostings,
      proposedResolutions: json.proposedResolutions,
      openBalances: json.openBalances,
      aging: json.aging,
      issueCodes: (json.issues as { code: string }[]).map((i) => i.code),
    },
  };
}

const actual: Record<string, unknown> = {};

function golden(name: string, view: unknown): void {
  actual[name] = view;
  if (UPDATE) return;
  if (!existsSync(EXPECTED))
    throw new Error(
      `${EXPECTED} is missing: run UPDATE_GOLDEN=1 npx vitest run test/golden/close.test.ts`,
    );
  const expected = JSON.parse(readFileSync(EXPECTED, "utf8")) as Record<string, unknown>;
  expect(view).toEqual(expected[name]);
}

describe("the month-end close over a chain of workbooks", () => {
  it("posts, carries, adjusts, resolves and records a late posting", async () => {
    const post = ["--post", "--actor", "J. Accountant"];
    // September: APPLE is 100 short at DTC. Wed 30 Sep + 7 NYSE business days = Fri 9 Oct.
    const sept = await close(
      await withStatement(null, "2026-09", [
        [APPLE, 900],
        [MICROSOFT, 500],
      ]),
      "2026-09",
      "--as-of",
      "2026-09-30",
      "--today",
      "2026-10-02",
      ...post,
    );
    golden("1 posted: a new short difference", sept.view);
    expect(sept.view.clock).toMatchObject({ deadline: "2026-10-09" });

    const again = await close(
      sept.out,
      "2026-09-again",
      "--as-of",
      "2026-09-30",
      "--today",
      "2026-10-05",
      ...post,
    );
    expect(again.view.postings).toEqual([]);

    // October: the same difference: carried, nothing posted.
    const oct = await close(
      await withStatement(sept.out, "2026-10", [
        [APPLE, 900],
        [MICROSOFT, 500],
      ]),
      "2026-10",
      "--as-of",
      "2026-10-30",
      "--today",
      "2026-11-03",
      ...post,
    );
    golden("2 carried: nothing posted twice", oct.view);

    // November: DTC now shows 940: the open short of 100 is adjusted by +40.
    const nov = await close(
      await withStatement(oct.out, "2026-11", [
        [APPLE, 940],
        [MICROSOFT, 500],
      ]),
      "2026-11",
      "--as-of",
      "2026-11-30",
      "--today",
      "2026-12-02",
      ...post,
    );
    golden("3 changed: an adjustment of the change only", nov.view);

    // December: the difference is gone: proposed, then resolved once confirmed.
    const decInput = await withStatement(nov.out, "2026-12", [
      [APPLE, 1000],
      [MICROSOFT, 500],
    ]);
    const proposed = await close(
      decInput,
      "2026-12-proposed",
      "--as-of",
      "2026-12-31",
      "--today",
      "2027-01-05",
      ...post,
    );
    golden("4a vanished: proposed for resolution, not posted", proposed.view);
    const dec = await close(
      decInput,
      "2026-12",
      "--as-of",
      "2026-12-31",
      "--today",
      "2027-01-05",
      ...post,
      "--confirm-resolution",
      APPLE,
      "--resolution-reason",
      "timing",
    );
    golden("4b resolved on confirmation", dec.view);

    // January: MSFT 50 short, posted on Fri 12 Feb 2027. Fri 29 Jan + 7 = Tue 9 Feb: 3 days late.
    const jan = await close(
      await withStatement(dec.out, "2027-01", [
        [APPLE, 1000],
        [MICROSOFT, 450],
      ]),
      "2027-01",
      "--as-of",
      "2027-01-29",
      "--today",
      "2027-02-12",
      ...post,
    );
    golden("5 late posting", jan.view);
    expect(jan.view.exitCode).toBe(1);
    expect(jan.view.postings).toMatchObject([
      { securityId: MICROSOFT, onTime: false, businessDaysLate: 3 },
    ]);

    const ledger = await XlsxWorkbook.fromBuffer(readFileSync(jan.out));
    const rows = (await ledger.readSheet("Difference Account")).rows;
    expect(rows.slice(1).map((r) => [r[0], r[1], r[4], r[5], r[6]])).toEqual([
      ["DA-000001", APPLE, 100, "Short", "Initial"],
      ["DA-000002", APPLE, 40, "Long", "Adjustment"],
      ["DA-000003", APPLE, 60, "Long", "Adjustment"],
      ["DA-000004", MICROSOFT, 50, "Short", "Initial"],
    ]);
  });

  // Deadlines worked out by hand on the NYSE calendar (count date + 7 business days):
  const HOLIDAY_COUNTS: readonly [string, string, string][] = [
    // Fri 20 Nov 2026: 23, 24, 25, (26 Thanksgiving), 27, 30 Nov, 1, 2 Dec
    ["Thanksgiving", "2026-11-20", "2026-12-02"],
    // Fri 18 Dec 2026: 21, 22, 23, 24, (25 Christmas), 28, 29, 30
    ["Christmas", "2026-12-18", "2026-12-30"],
    // Thu 24 Dec 2026: 28, 29, 30, 31, (1 Jan New Year's Day), 4, 5, 6 Jan 2027
    ["New Year", "2026-12-24", "2027-01-06"],
    // Fri 19 Mar 2027: 22, 23, 24, 25, (26 Good Friday), 29, 30, 31
    ["Good Friday", "2027-03-19", "2027-03-31"],
    // Fri 11 Jun 2027: 14, 15, 16, 17, (18: Juneteenth, Sat 19th, observed Friday), 21, 22, 23
    ["Juneteenth", "2027-06-11", "2027-06-23"],
  ];
  for (const [holiday, count, deadline] of HOLIDAY_COUNTS) {
    it(`gives a count just before ${holiday} its deadline ${deadline}`, async () => {
      const input = await withStatement(null, `holiday-${count}`, [
        [APPLE, 990],
        [MICROSOFT, 500],
      ]);
      const result = await close(input, `holiday-${count}`, "--as-of", count, "--today", count);
      expect(result.view.clock).toMatchObject({ countDate: count, deadline });
      golden(`deadline before ${holiday}`, result.view.clock);
    });
  }

  it("writes the expectations when asked", () => {
    if (!UPDATE) return;
    mkdirSync("test/golden/close", { recursive: true });
    const previous = existsSync(EXPECTED)
      ? (JSON.parse(readFileSync(EXPECTED, "utf8")) as Record<string, unknown>)
      : {};
    writeFileSync(EXPECTED, JSON.stringify({ ...previous, ...actual }, null, 2) + "\n");
  });
});
