/**
 * `npm run bench`: StockRec's CLI against DuckDB on the same generated CSV files, alternating
 * runs, then the engines alone on data in memory. Both write the breaks as CSV and nothing else
 * (StockRec prints its short summary; `--json`, all breaks again on stdout, is left out). Checks both find the same breaks (count and
 * an order-independent checksum) and prints, per size, median wall time, CPU (user + sys of the
 * child), peak RSS and the ratio StockRec / DuckDB.
 *
 * BENCH_SIZES=10k,100k,1M,5M (default 10k,100k,1M)  BENCH_RUNS=3  BENCH_DIR=<tmp>/stockrec-bench
 * BENCH_IN_MEMORY=0 skips the in-memory comparison.
 * BENCH_MEMORY_SIZES=10M: sizes run once through StockRec only, for peak memory (the issue's
 * "10M rows stream in under 2 GB"); DuckDB and the in-memory comparison are left out there.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fingerprintFile, type Fingerprint } from "./checksum";
import { generate } from "./generate";

const ROOT = resolve(process.cwd());

export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!match) throw new Error(`BENCH_SIZES: "${text}" is not a size like 10k or 1M`);
  const factor = { "": 1, k: 1e3, m: 1e6 }[match[2]!.toLowerCase() as "" | "k" | "m"];
  return Math.round(Number(match[1]) * factor);
}

interface Measure {
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMb: number;
}

/** Runs a command under /usr/bin/time and returns what it measured. */
function timed(command: string, args: string[]): Measure {
  const report = join(tmpdir(), `stockrec-bench-time-${process.pid}.txt`);
  const result = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", report, command, ...args], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}`);
  const [wall, user, sys, rssKb] = readFileSync(report, "utf8")
    .trim()
    .split(/\s+/)
    .slice(-4)
    .map(Number);
  return { wallSeconds: wall!, cpuSeconds: user! + sys!, maxRssMb: rssKb! / 1024 };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function summarise(measures: Measure[]): Measure {
  return {
    wallSeconds: median(measures.map((m) => m.wallSeconds)),
    cpuSeconds: median(measures.map((m) => m.cpuSeconds)),
    maxRssMb: Math.max(...measures.map((m) => m.maxRssMb)),
  };
}

function sameBreaks(label: string, a: Fingerprint, b: Fingerprint): void {
  if (a.count !== b.count || a.sha256 !== b.sha256)
    throw new Error(`${label}: StockRec ${JSON.stringify(a)} ≠ DuckDB ${JSON.stringify(b)}`);
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? "10k,100k,1M").split(",").map(parseSize);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const dir = process.env.BENCH_DIR ?? join(tmpdir(), "stockrec-bench");
  const inMemory = process.env.BENCH_IN_MEMORY !== "0";
  execFileSync("node", ["scripts/build-cli.mjs"], { cwd: ROOT, stdio: "inherit" });
  const endToEnd: string[] = [];
  const memory: string[] = [];
  for (const size of sizes) {
    const data = join(dir, String(size));
    if (!existsSync(join(data, "statement.csv"))) {
      process.stderr.write(`generating ${size} positions in ${data}…\n`);
      rmSync(data, { recursive: true, force: true });
      await generate(data, size);
    }
    const books = join(data, "books.csv");
    const statement = join(data, "statement.csv");
    const ours = join(data, "stockrec-breaks.csv");
    const theirs = join(data, "duckdb-breaks.csv");
    const stockrecRuns: Measure[] = [];
    const duckdbRuns: Measure[] = [];
    for (let run = 0; run < runs; run++) {
      stockrecRuns.push(
        timed("node", [
          join(ROOT, "bin/stockrec.js"),
          "reconcile",
          "--books",
          books,
          "--statement",
          statement,
          "--as-of",
          "2026-10-30",
          "--out",
          ours,
        ]),
      );
      duckdbRuns.push(
        timed("node", [join(ROOT, "scripts/bench/duckdbReconcile.mjs"), books, statement, theirs]),
      );
    }
    const fingerprint = fingerprintFile(ours);
    sameBreaks(`${size} end to end`, fingerprint, fingerprintFile(theirs));
    const s = summarise(stockrecRuns);
    const d = summarise(duckdbRuns);
    endToEnd.push(
      `| ${size.toLocaleString("en-US").padStart(9)} | ${fingerprint.count.toString().padStart(7)} | ${fmt(s.wallSeconds)} | ${fmt(s.cpuSeconds)} | ${fmt(s.maxRssMb, 0)} | ${fmt(d.wallSeconds)} | ${fmt(d.cpuSeconds)} | ${fmt(d.maxRssMb, 0)} | ${fmt(s.wallSeconds / d.wallSeconds)} |`,
    );
    process.stderr.write(endToEnd.at(-1)! + "\n");
    if (inMemory) {
      const engineRun = (engine: string) => {
        const output = execFileSync(
          "node",
          [
            "--max-old-space-size=16000",
            // inMemory.ts collects the loading's garbage before it starts the clock
            "--expose-gc",
            "--import",
            "tsx",
            join(ROOT, "scripts/bench/inMemory.ts"),
            engine,
            books,
            statement,
          ],
          { cwd: ROOT, encoding: "utf8" },
        );
        return JSON.parse(output.trim().split("\n").at(-1)!) as Fingerprint & {
          ms: number;
          cpuMs: number;
        };
      };
      const engines = ["stockrec", "duckdb", "duckdb1"] as const;
      const ms = engines.map(() => [] as number[]);
      const cpuMs = engines.map(() => [] as number[]);
      for (let run = 0; run < runs; run++) {
        const results = engines.map(engineRun);
        sameBreaks(`${size} in memory`, results[0]!, results[1]!);
        sameBreaks(`${size} in memory, DuckDB on one thread`, results[0]!, results[2]!);
        sameBreaks(`${size} in memory vs end to end`, results[0]!, fingerprint);
        results.forEach((result, i) => {
          ms[i]!.push(result.ms);
          cpuMs[i]!.push(result.cpuMs);
        });
      }
      const [ours, theirs, theirsOnOne] = ms.map(median) as [number, number, number];
      const [ourCpu, theirCpu] = cpuMs.map(median) as [number, number];
      memory.push(
        `| ${size.toLocaleString("en-US").padStart(9)} | ${fmt(ours, 0)} | ${fmt(ourCpu, 0)} | ${fmt(theirs, 0)} | ${fmt(theirCpu, 0)} | ${fmt(ours / theirs)} | ${fmt(theirsOnOne, 0)} | ${fmt(ours / theirsOnOne)} |`,
      );
      process.stderr.write(memory.at(-1)! + "\n");
    }
  }
  const memoryOnly: string[] = [];
  for (const size of (process.env.BENCH_MEMORY_SIZES ?? "").split(",").filter(Boolean)) {
    const positions = parseSize(size);
    const data = join(dir, String(positions));
    if (!existsSync(join(data, "statement.csv"))) {
      process.stderr.write(`generating ${positions} positions in ${data}…\n`);
      rmSync(data, { recursive: true, force: true });
      await generate(data, positions);
    }
    const m = timed("node", [
      join(ROOT, "bin/stockrec.js"),
      "reconcile",
      "--books",
      join(data, "books.csv"),
      "--statement",
      join(data, "statement.csv"),
      "--as-of",
      "2026-10-30",
      "--out",
      join(data, "stockrec-breaks.csv"),
    ]);
    memoryOnly.push(
      `| ${positions.toLocaleString("en-US").padStart(10)} | ${fmt(m.wallSeconds)} | ${fmt(m.cpuSeconds)} | ${fmt(m.maxRssMb, 0)} | ${m.maxRssMb < 2048 ? "yes" : "NO"} |`,
    );
    process.stderr.write(memoryOnly.at(-1)! + "\n");
  }
  console.log(
    `\nEnd to end (CSV in, breaks CSV out; median of ${runs}; CPU = user + sys; RSS = peak)\n`,
  );
  console.log(
    "| positions |  breaks | StockRec wall s | CPU s | RSS MB | DuckDB wall s | CPU s | RSS MB | ratio |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const line of endToEnd) console.log(line);
  if (inMemory) {
    console.log(
      `\nIn memory (engine on loaded rows vs DuckDB query on loaded tables; median ms; CPU ms of all threads)\n`,
    );
    console.log(
      "| positions | StockRec ms | CPU ms | DuckDB ms | CPU ms | ratio | DuckDB on 1 thread ms | ratio |",
    );
    console.log("|---|---|---|---|---|---|---|---|");
    for (const line of memory) console.log(line);
  }
  if (memoryOnly.length > 0) {
    console.log(`\nStockRec alone, for memory (one run)\n`);
    console.log("| positions | wall s | CPU s | RSS MB | under 2 GB |");
    console.log("|---|---|---|---|---|");
    for (const line of memoryOnly) console.log(line);
  }
}

mkdirSync(tmpdir(), { recursive: true });
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
