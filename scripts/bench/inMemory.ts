/**
 * The engine alone on data already in memory. `stockrec`: rows as the task pane gets them from
 * Excel (arrays of cells: identifier and location text, quantity a number), reconciled as the
 * pane's worker reconciles them (`reconcileWorkbook`): `prepareReconciliation` before the sheets
 * are read, sized by the books' used range (here: their line count), then the run on the rows.
 * Both steps are timed; reading the rows (Excel's part in the pane) is not. `duckdb`: both tables loaded first, then only the aggregate + full outer join query
 * materialising the breaks is timed (quantities DECIMAL(18,6), as duckdbReconcile.mjs says why).
 * `duckdb1` is the same query with DuckDB held to one thread (`SET threads = 1`): the engine is
 * one JavaScript thread, DuckDB by default one thread per core, so this compares them per core.
 * Prints one JSON line: {"ms", "cpuMs", "count", "sha256"}; cpuMs is the process's CPU time (user
 * + system, every thread, collector threads included) over the timed part.
 * Usage: node --import tsx inMemory.ts stockrec|duckdb|duckdb1 BOOKS.csv STATEMENT.csv
 */
import { rowCells, scanCsvFile } from "../../src/cli/csvStream";
import { toDecimalString } from "../../src/domain/decimal";
import { parseIsoDate } from "../../src/domain/isoDate";
import { readFileSync } from "node:fs";
import { prepareReconciliation } from "../../src/domain/reconcileSheets";
import { DEFAULT_SETTINGS } from "../../src/domain/settings";
import type { CellValue, Row } from "../../src/domain/sheet";
import { canonicalDecimal, fingerprintLines } from "./checksum";

const [engine, books, statement] = process.argv.slice(2);

function loadRows(path: string): Row[] {
  const rows: Row[] = [];
  const interned = new Map<string, string>();
  scanCsvFile(path, ",", path, (line, row) => {
    const cells = rowCells(row);
    if (line === 1) {
      rows.push(cells);
      return;
    }
    let place = interned.get(cells[1]!);
    if (place === undefined) interned.set(cells[1]!, (place = cells[1]!));
    // Excel hands quantities over as doubles; these all round-trip (≤ 15 significant digits).
    rows.push([cells[0]!, place, Number(cells[2])] as CellValue[]);
  });
  return rows;
}

/**
 * The loading's garbage is collected before either engine's clock starts (run with --expose-gc):
 * a major collection of the parsed CSV text falling inside the timed part measured the loader.
 * The collection's sweeping goes on in other threads after it returns, and a thread allocating
 * meanwhile sweeps too: the clock starts once that is over (a pause; the engine's own
 * collections are timed). Without it the JavaScript engine, whose heap holds the loaded rows,
 * paid some 60 ms at a million positions for the loader; DuckDB, whose rows are not on it, none.
 */
async function collectGarbage(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

/** The lines of a file, as the books' used range would count their rows. */
function lineCount(path: string): number {
  const bytes = readFileSync(path);
  let lines = 0;
  for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) lines++;
  return lines;
}

async function stockrec(): Promise<void> {
  const plan = {
    books: "Stock Record",
    statements: [{ sheet: "Statement", contra: null }],
    asOf: parseIsoDate("2026-10-30"),
  };
  const booksRows = lineCount(books!);
  // what the task pane's worker does before it asks for the sheets
  const preparingCpu = process.cpuUsage();
  const preparing = performance.now();
  const reconcile = prepareReconciliation(
    plan,
    { ...DEFAULT_SETTINGS, differenceLocations: ["DIFF"] },
    booksRows,
  );
  const prepareMs = performance.now() - preparing;
  const prepareCpuMs = cpuMsSince(preparingCpu);
  const booksRowsRead = loadRows(books!);
  const statementRows = loadRows(statement!);
  await collectGarbage();
  const cpu = process.cpuUsage();
  const started = performance.now() - prepareMs;
  // what the task pane's worker runs on the sheets it read (books and statements alone: the stream)
  const outcome = reconcile.finish(
    new Map([
      ["Stock Record", { name: "Stock Record", rows: booksRowsRead }],
      ["Statement", { name: "Statement", rows: statementRows }],
    ]),
  );
  const ms = performance.now() - started;
  const cpuMs = cpuMsSince(cpu) + prepareCpuMs;
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues.slice(0, 3)));
  const lines = outcome.result.breaks.map(
    (b) => `${b.securityId},${b.contra.toUpperCase()},${toDecimalString(b.difference)}`,
  );
  console.log(JSON.stringify({ ms, cpuMs, ...fingerprintLines(lines) }));
}

/** CPU milliseconds (user + system, all threads) since `start`. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function duckdb(threads: number | null): Promise<void> {
  // imported here: the native library loaded into the engine's process slowed the engine down
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const load = (table: string, path: string, contra: string) =>
    connection.run(`CREATE TABLE ${table} AS SELECT CUSIP AS security, ${contra} AS contra, Quantity AS quantity
      FROM read_csv('${path}', header = true,
        columns = {'CUSIP': 'VARCHAR', '${contra}': 'VARCHAR', 'Quantity': 'DECIMAL(18,6)'})`);
  await load("books", books!, "Location");
  await load("statement", statement!, "Contra");
  if (threads !== null) await connection.run(`SET threads = ${threads}`);
  await collectGarbage();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await connection.run(`CREATE TABLE breaks AS
    WITH b AS (SELECT security, contra, sum(quantity) AS quantity FROM books GROUP BY ALL),
         s AS (SELECT security, contra, sum(quantity) AS quantity FROM statement GROUP BY ALL)
    SELECT coalesce(b.security, s.security) AS security, coalesce(b.contra, s.contra) AS contra,
           coalesce(s.quantity, 0) - coalesce(b.quantity, 0) AS difference
    FROM b FULL OUTER JOIN s ON b.security = s.security AND b.contra = s.contra
    WHERE coalesce(s.quantity, 0) - coalesce(b.quantity, 0) <> 0`);
  const ms = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  const reader = await connection.runAndReadAll(
    "SELECT security, contra, CAST(difference AS VARCHAR) FROM breaks",
  );
  const lines = reader
    .getRows()
    .map((r) => `${String(r[0])},${String(r[1]).toUpperCase()},${canonicalDecimal(String(r[2]))}`);
  console.log(JSON.stringify({ ms, cpuMs, ...fingerprintLines(lines) }));
}

(engine === "duckdb" ? duckdb(null) : engine === "duckdb1" ? duckdb(1) : stockrec()).catch(
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
