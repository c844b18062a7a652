/**
 * `stockrec close` proposes money breaks for transfer to suspense (FINRA 4523) once they have
 * been unresolved the firm's number of business days since first seen. The history is the Money
 * Breaks sheet's First Seen column, carried from run to run; the files are edited with ExcelJS
 * as anyone could. The sample's money breaks (PLANTED.md): OCC 00456 USD Long 100.00 and BNYM
 * 123456789 EUR Short 124.50, both as of Fri 30 Oct 2026.
 */
import ExcelJS from "exceljs";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { excelSerialFromIsoDate, parseIsoDate } from "../../src/domain/isoDate";
import { parseSuspenseItems } from "../../src/domain/suspense";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";

const SAMPLE = "assets/samples/month-end-sample.xlsx";
let scratch = "";
let files = 0;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "stockrec-close-suspense-"));
});

function path(name: string): string {
  files += 1;
  return join(scratch, `${files}-${name}.xlsx`);
}

async function close(input: string, today: string, ...more: string[]) {
  const out = path(`closed-${today}`);
  let stdout = "";
  let stderr = "";
  const code = await main(
    ["close", input, "--as-of", "2026-10-30", "--today", today, "--out", out, "--json", ...more],
    { out: (text) => (stdout += text), err: (text) => (stderr += text) },
  );
  expect(code, stderr).toBeLessThan(2);
  return { out, json: JSON.parse(stdout) as Record<string, unknown> };
}

type Proposal = Record<string, unknown>;
const proposals = (json: Record<string, unknown>) => json.suspenseProposals as Proposal[];

async function sheetRows(file: string, name: string): Promise<unknown[][]> {
  const workbook = await XlsxWorkbook.fromBuffer(new Uint8Array(readFileSync(file)));
  return (await workbook.readSheet(name)).rows as unknown[][];
}

describe("stockrec close proposes aged money breaks for transfer to suspense", () => {
  it("proposes nothing before the 7th business day, and both breaks on it", async () => {
    // Fri 30 Oct → Mon 9 Nov is 6 business days (NYSE), Tue 10 Nov the 7th.
    const before = await close(SAMPLE, "2026-11-09");
    expect(proposals(before.json)).toEqual([]);
    expect(before.json.suspenseAfterBusinessDays).toBe(7);
    const on = await close(SAMPLE, "2026-11-10");
    expect(proposals(on.json)).toMatchObject([
      {
        breakId: "00456@OCC/USD",
        itemId: "00456@OCC/USD@2026-10-30",
        type: "unallocable_receipt_versus_payment",
        side: "credit",
        amount: "-100",
        openedOn: "2026-10-30",
        ageBusinessDays: 7,
      },
      {
        breakId: "123456789@BNYM/EUR",
        type: "other",
        side: "debit",
        amount: "124.5",
        currency: "EUR",
        openedOn: "2026-10-30",
      },
    ]);
    const rows = await sheetRows(on.out, "Suspense Proposals");
    expect(rows[0]!.slice(0, 6)).toEqual([
      "Proposed Item",
      "GL Account",
      "Type",
      "Opened On",
      "Amount",
      "Debit/Credit",
    ]);
    expect(rows.slice(1).map((row) => [row[0], row[2], row[4], row[5]])).toEqual([
      ["00456@OCC/USD@2026-10-30", "Unallocable receipt versus payment", 100, "Credit"],
      ["123456789@BNYM/EUR@2026-10-30", "Other", 124.5, "Debit"],
    ]);
  });

  it("takes the firm's number of days, and keeps it in the workbook's settings", async () => {
    const firm = await close(SAMPLE, "2026-11-04", "--suspense-after", "3");
    expect(proposals(firm.json)).toHaveLength(2);
    const settings = await sheetRows(firm.out, "StockRec Settings");
    expect(settings).toContainEqual(["suspenseAfterBusinessDays", "3"]);
    const next = await close(firm.out, "2026-11-04");
    expect(next.json.suspenseAfterBusinessDays).toBe(3);
    expect(proposals(next.json)).toHaveLength(2);
    expect(proposals((await close(SAMPLE, "2026-11-10", "--suspense-after", "8")).json)).toEqual(
      [],
    );
  });

  it("ages a break from the first time the Money Breaks sheet saw it", async () => {
    const first = await close(SAMPLE, "2026-11-02");
    const seen = await sheetRows(first.out, "Money Breaks");
    const column = seen[0]!.indexOf("First Seen");
    expect(column).toBeGreaterThan(0);
    // As if the OCC break had been on the sheet since the September count.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(first.out) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Money Breaks")!;
    const occ = seen.findIndex((row) => row[0] === "00456@OCC/USD");
    sheet.getCell(occ + 1, column + 1).value = excelSerialFromIsoDate(parseIsoDate("2026-09-30")!);
    const edited = path("history");
    writeFileSync(edited, new Uint8Array(await workbook.xlsx.writeBuffer()));

    const again = await close(edited, "2026-11-02");
    expect(proposals(again.json).map((p) => [p.breakId, p.openedOn, p.ageBusinessDays])).toEqual([
      ["00456@OCC/USD", "2026-09-30", 23],
    ]);
    // The written sheet keeps the earlier date for the next run.
    const carried = await sheetRows(again.out, "Money Breaks");
    expect(carried.find((row) => row[0] === "00456@OCC/USD")![column]).toBe(
      excelSerialFromIsoDate(parseIsoDate("2026-09-30")!),
    );
  });

  it("writes a proposals sheet that is never read as the Suspense Items register", async () => {
    const { out } = await close(SAMPLE, "2026-11-10");
    const workbook = await XlsxWorkbook.fromBuffer(new Uint8Array(readFileSync(out)));
    const parsed = parseSuspenseItems(await workbook.readSheet("Suspense Proposals"));
    expect(parsed.usable).toBe(false);
  });

  it("refuses a number of days that is not one", async () => {
    const copy = path("copy");
    copyFileSync(SAMPLE, copy);
    let stderr = "";
    const code = await main(
      ["close", copy, "--as-of", "2026-10-30", "--suspense-after", "seven", "--out", path("x")],
      { out: () => {}, err: (text) => (stderr += text) },
    );
    expect(code).toBe(2);
    expect(stderr).toContain('--suspense-after "seven" should be a whole number of business days');
  });
});
