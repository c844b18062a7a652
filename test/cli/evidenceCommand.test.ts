import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { canonicalHash } from "../../src/domain/canonical";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";

const scratch = mkdtempSync(join(tmpdir(), "stockrec-evidence-"));

async function run(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("stockrec evidence", () => {
  it("writes a protected snapshot and a manifest whose hashes can be recomputed", async () => {
    const dir = join(scratch, "pack");
    const result = await run(
      "evidence",
      "assets/samples/month-end-sample.xlsx",
      "--period",
      "2026-10",
      "--out",
      dir,
      "--json",
    );
    expect(result.code, result.stderr).toBe(0);
    const manifest = JSON.parse(
      readFileSync(join(dir, "month-end-sample-2026-10-manifest.json"), "utf8"),
    ) as {
      snapshot: { file: string; sha256: string };
      input: { sha256: string };
      sheets: { name: string; canonicalSha256: string }[];
      auditLog: { intact: boolean };
    };
    const snapshot = readFileSync(join(dir, manifest.snapshot.file));
    expect(createHash("sha256").update(snapshot).digest("hex")).toBe(manifest.snapshot.sha256);
    expect(
      createHash("sha256")
        .update(readFileSync("assets/samples/month-end-sample.xlsx"))
        .digest("hex"),
    ).toBe(manifest.input.sha256);
    const reopened = await XlsxWorkbook.fromBuffer(snapshot);
    for (const sheet of manifest.sheets) {
      expect(canonicalHash((await reopened.readSheet(sheet.name)).rows), sheet.name).toBe(
        sheet.canonicalSha256,
      );
    }
    expect(snapshot.toString("latin1")).not.toBe("");
    expect(manifest.auditLog.intact).toBe(true);
  });

  it("refuses without a period or a folder", async () => {
    expect(
      (await run("evidence", "assets/samples/month-end-sample.xlsx", "--out", scratch)).code,
    ).toBe(2);
    expect(
      (await run("evidence", "assets/samples/month-end-sample.xlsx", "--period", "2026-10")).code,
    ).toBe(2);
  });
});
