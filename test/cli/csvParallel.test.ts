/**
 * The two-thread CSV run (src/cli/csvReconcile.ts: a worker reads the books, the main thread the
 * statements, then merges)
 * gives exactly what the one-thread run gives: the same JSON, the same breaks file, the same
 * exit code and messages — on generated positions over several chunks, and on messy files
 * (quoted fields with delimiters, doubled quotes and line breaks, CRLF, non-ASCII text, a file
 * that cannot be read, an unclosed quote). The CLI runs from its bundle, as it ships.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../scripts/bench/generate";

const ROOT = resolve(__dirname, "../..");
let outdir = "";
let bundle = "";
let scratch = "";

beforeAll(() => {
  // a bundle of its own (under node_modules, so its external packages resolve), not lib/
  const cache = join(ROOT, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  outdir = mkdtempSync(join(cache, "stockrec-cli-"));
  execFileSync("node", ["scripts/build-cli.mjs", outdir], { cwd: ROOT });
  bundle = join(outdir, "stockrec.cjs");
  scratch = mkdtempSync(join(tmpdir(), "stockrec-parallel-"));
}, 60_000);

afterAll(() => {
  for (const dir of [outdir, scratch])
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  json: unknown;
  err: string;
  breaks: string;
}

function reconcile(args: string[], threads: "1" | "2", out: string): Run {
  const result = spawnSync("node", [bundle, "reconcile", ...args, "--out", out, "--json"], {
    env: { ...process.env, STOCKREC_CSV_THREADS: threads },
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  expect(result.error).toBeUndefined();
  let breaks = "";
  try {
    breaks = readFileSync(out, "utf8");
  } catch {
    // no breaks file: a run that could not complete
  }
  return {
    code: result.status,
    json: result.stdout === "" ? null : JSON.parse(result.stdout),
    err: result.stderr,
    breaks,
  };
}

/** Both ways, to the same --out path in turn (the JSON names it). */
function bothWays(name: string, args: string[]): { one: Run; two: Run } {
  const out = join(scratch, `${name}.breaks.csv`);
  // nothing left from an earlier run: a run that cannot complete writes no file
  rmSync(out, { force: true });
  const one = reconcile(args, "1", out);
  rmSync(out, { force: true });
  const two = reconcile(args, "2", out);
  return { one, two };
}

describe("the CSV reconciliation on two threads", () => {
  it("gives the one-thread outcome on generated positions", { timeout: 120_000 }, async () => {
    // about 9 MB a file: three chunks each, so the scan runs ahead and is held back
    const files = await generate(join(scratch, "generated"), 360_000);
    const { one, two } = bothWays("generated", [
      "--books",
      files.books,
      "--statement",
      files.statement,
      "--as-of",
      "2026-10-30",
    ]);
    expect(one.code).not.toBeNull();
    expect(one.breaks.split("\n").length).toBeGreaterThan(1000);
    expect(two).toEqual(one);
  });

  it("gives the one-thread outcome on messy files", { timeout: 60_000 }, () => {
    const dir = join(scratch, "messy");
    mkdirSync(dir, { recursive: true });
    const books = join(dir, "books.csv");
    const dtc = join(dir, "DTC.csv");
    const fed = join(dir, "fed.csv");
    const empty = join(dir, "empty.csv");
    const broken = join(dir, "broken.csv");
    writeFileSync(
      books,
      [
        "Stock record as of 10/30/2026",
        "",
        "CUSIP,Description,Location,Quantity",
        '037833100,"Apple, Inc.",DTC,1000',
        '594918104,"Micro ""soft""",DTC,250.5\r',
        '594918104,"Two\nlines",DTC,100',
        "594918104,Société Générale,DTC,100",
        "38259P508,Alphabet,DTC,not a number",
        "459200101,Bad check digit,DTC,5",
        "",
        "912828ZT0,UST note,FED,1000000.25",
        "912828ZT0,UST note,FED,1000000.25",
        "88160R101,Tesla,DTC,9007199254740993",
        "30303M102,Meta,DIFF,-3",
        "",
      ].join("\n"),
    );
    writeFileSync(
      dtc,
      "CUSIP;Quantity\n037833100;1000\n594918104;450,5\n88160R101;9007199254740992\n88160R101;1\n",
    );
    writeFileSync(fed, 'CUSIP,Quantity\r\n912828ZT0,"2000000.5"\r\n46625H100,12\r\n');
    writeFileSync(empty, "");
    writeFileSync(broken, 'CUSIP,Quantity\n037833100,"5\n594918104,7\n');
    for (const statements of [
      [dtc, `${fed}=FED`],
      [dtc, empty, `${broken}=OCC`],
    ]) {
      const args = ["--books", books, ...statements.flatMap((s) => ["--statement", s])];
      const { one, two } = bothWays("messy", [...args, "--as-of", "2026-10-30"]);
      expect(one.json).not.toBeNull();
      expect(two).toEqual(one);
    }
    // books that cannot be used: the statements are still read (on the worker), to the same end
    const unusable = bothWays("messy", [
      "--books",
      empty,
      "--statement",
      dtc,
      "--as-of",
      "2026-10-30",
    ]);
    expect(unusable.one.code).toBe(2);
    expect(unusable.two).toEqual(unusable.one);
  });
});
