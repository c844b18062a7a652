/**
 * The bench's own checks: the generator is deterministic, and StockRec and DuckDB agree on the
 * breaks of 10,000 positions (count and checksum). No timing is asserted.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { isValidCusip } from "../../src/domain/identifiers";
import { fingerprintFile } from "../../scripts/bench/checksum";
import { cusipOf, generate } from "../../scripts/bench/generate";

const digest = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("bench", () => {
  it("generates the same files for the same size, with valid CUSIPs", async () => {
    const a = await generate(mkdtempSync(join(tmpdir(), "bench-a-")), 2000);
    const b = await generate(mkdtempSync(join(tmpdir(), "bench-b-")), 2000);
    expect(digest(a.books)).toBe(digest(b.books));
    expect(digest(a.statement)).toBe(digest(b.statement));
    for (const i of [0, 1, 35, 36, 1295, 999_999, 4_999_999])
      expect(isValidCusip(cusipOf(i))).toBe(true);
  });

  it("finds the breaks DuckDB finds on 10k positions", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-10k-"));
    const files = await generate(dir, 10_000);
    const ours = join(dir, "ours.csv");
    const theirs = join(dir, "theirs.csv");
    const code = await main(
      [
        "reconcile",
        "--books",
        files.books,
        "--statement",
        files.statement,
        "--as-of",
        "2026-10-30",
        "--out",
        ours,
      ],
      { out: () => {}, err: () => {} },
    );
    expect(code).toBe(0);
    execFileSync("node", [
      "scripts/bench/duckdbReconcile.mjs",
      files.books,
      files.statement,
      theirs,
    ]);
    const fingerprint = fingerprintFile(ours);
    expect(fingerprint.count).toBeGreaterThan(100);
    expect(fingerprint).toEqual(fingerprintFile(theirs));
  });
});
