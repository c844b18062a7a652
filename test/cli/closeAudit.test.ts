/** The close is logged in the hash-chained Audit Log, and a signed period cannot be posted to. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";

const SAMPLE = "assets/samples/month-end-sample.xlsx";
const scratch = mkdtempSync(join(tmpdir(), "stockrec-close-audit-"));

async function run(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("the close and the audit trail", () => {
  it("logs the run and the posting, keeps the chain verifiable, and protects a signed period", async () => {
    const closed = join(scratch, "closed.xlsx");
    const post = await run(
      "close",
      SAMPLE,
      "--as-of",
      "2026-10-30",
      "--today",
      "2026-11-04",
      "--post",
      "--actor",
      "J. Accountant",
      "--out",
      closed,
      "--json",
    );
    expect(post.code).toBe(0);
    const verified = await run("verify", closed, "--json");
    expect(verified.code).toBe(0);
    const workbook = await XlsxWorkbook.fromBuffer(readFileSync(closed));
    expect((await workbook.listSheets()).find((s) => s.name === "Audit Log")?.visible).toBe(false);
    const log = (await workbook.readSheet("Audit Log")).rows;
    expect(log.slice(1).map((row) => [row[0], row[2], row[3], row[4]])).toEqual([
      [1, "J. Accountant", "run", "Breaks"],
      [2, "J. Accountant", "posting", "Difference Account"],
    ]);

    const prepared = join(scratch, "prepared.xlsx");
    const reviewed = join(scratch, "reviewed.xlsx");
    const scope = ["--period", "2026-10", "--scope", "Difference Account"];
    expect(
      (
        await run(
          "signoff",
          closed,
          "--actor",
          "J. Accountant",
          "--role",
          "preparer",
          ...scope,
          "--out",
          prepared,
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await run(
          "signoff",
          prepared,
          "--actor",
          "j. accountant",
          "--role",
          "reviewer",
          ...scope,
          "--out",
          reviewed,
        )
      ).code,
    ).toBe(2);
    expect(
      (
        await run(
          "signoff",
          prepared,
          "--actor",
          "M. Chen",
          "--role",
          "reviewer",
          ...scope,
          "--out",
          reviewed,
        )
      ).code,
    ).toBe(0);

    const refused = await run(
      "close",
      reviewed,
      "--as-of",
      "2026-10-30",
      "--today",
      "2026-11-05",
      "--post",
      "--actor",
      "J. Accountant",
      "--out",
      join(scratch, "again.xlsx"),
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/signed off by a reviewer/);
  });

  it("logs the breaks marked Reported and a change of the settings", async () => {
    const closed = join(scratch, "reported.xlsx");
    const close = await run(
      "close",
      SAMPLE,
      "--as-of",
      "2026-10-30",
      "--today",
      "2026-11-04",
      "--report",
      "--calendar",
      "sifma",
      "--out",
      closed,
    );
    expect(close.code, close.stderr).toBe(0);
    expect((await run("verify", closed)).code).toBe(0);
    const workbook = await XlsxWorkbook.fromBuffer(readFileSync(closed));
    const log = (await workbook.readSheet("Audit Log")).rows.slice(1);
    expect(log.map((row) => [row[3], row[4]])).toEqual([
      ["run", "Breaks"],
      ["status_change", "Breaks"],
      ["settings", "StockRec Settings"],
    ]);
    expect(String(log[1]![5])).toContain("marked Reported");
    expect(String(log[2]![5])).toContain("calendar sifma");
  });
});
