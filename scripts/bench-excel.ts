/**
 * `npm run bench:excel`: the Office.js adapter (src/excel/officeWorkbook.ts) against the Excel
 * stand-in (test/fakes/excelStandIn.ts), which enforces Excel on the web's limits (5 MB per
 * request and per response, 5,000,000 cells per read) and measures every round trip. For each
 * size it reads a statement of 8 columns and writes a table shaped like Breaks (its 21 columns,
 * formats and Status highlights), and prints syncs, bytes per sync (request and response, max
 * and mean), total bytes and wall time. The byte counts are the stand-in's JSON sizes, the same
 * measure Excel applies; wall time is the stand-in's, not Excel's, and only shows the adapter's
 * own cost.
 *
 * BENCH_EXCEL_SIZES=100k,1M (default)
 */
import { pathToFileURL } from "node:url";
import { createOfficeWorkbook } from "../src/excel/officeWorkbook";
import {
  textHighlights,
  type CellValue,
  type TableColumn,
  type TableOutput,
} from "../src/workbook/port";
import { createExcelStandIn, type SyncRecord } from "../test/fakes/excelStandIn";
import { cusipOf } from "./bench/generate";

export const STATEMENT_HEADER = [
  "CUSIP",
  "Description",
  "Participant Account",
  "Quantity",
  "Price",
  "Position Type",
  "As Of",
  "Currency",
] as const;

const POSITION_TYPES = ["Free", "Pledged", "Segregated"] as const;
const STATUSES = ["Open", "Reported", "Resolved", "Posted"] as const;

/** A statement of `rows` positions under a header: 8 columns, as a clearing corporation sends. */
export function statementRows(rows: number): CellValue[][] {
  const grid: CellValue[][] = [[...STATEMENT_HEADER]];
  for (let i = 0; i < rows; i++) {
    grid.push([
      cusipOf(i),
      `SECURITY ${i} COMMON STOCK`,
      `DTC-${String(i % 9000).padStart(4, "0")}`,
      1 + ((i * 7919) % 1_000_000),
      Math.round(((i * 31) % 50_000) + 1) / 100,
      POSITION_TYPES[i % 3]!,
      46325,
      "USD",
    ]);
  }
  return grid;
}

const text = { kind: "text" } as const;
const date = { kind: "date" } as const;
const quantity = { kind: "quantity", decimals: 0 } as const;

const BREAKS_COLUMNS: TableColumn[] = [
  ["Break ID", text],
  ["Security ID", text],
  ["Description", text],
  ["Contra", text],
  ["Books Locations", text],
  ["Books Quantity", quantity],
  ["Statement Quantity", quantity],
  ["Difference", quantity],
  ["Long/Short", text],
  ["Kind", text],
  ["As Of", date],
  ["Books Rows", text],
  ["Statement Rows", text],
  ["Unreadable Rows", text],
  ["Lifecycle ID", text],
  ["Status", text],
  ["Reported On", date],
  ["Resolved On", date],
  ["Resolution", text],
  ["Note", text],
  ["Posted On", date],
].map(([header, format]) => ({
  header: header as string,
  format: format as TableColumn["format"],
  width: 14,
}));

/** `rows` breaks in the Breaks sheet's layout, with its Status highlights. */
export function breaksSizedTable(rows: number): TableOutput {
  const data: CellValue[][] = [];
  for (let i = 0; i < rows; i++) {
    const books = 1 + ((i * 7919) % 1_000_000);
    const statement = books + (i % 2 === 0 ? 100 : -100);
    const status = STATUSES[i % 4]!;
    data.push([
      `DTC|${cusipOf(i)}`,
      cusipOf(i),
      `SECURITY ${i} COMMON STOCK`,
      "DTC",
      "DTC",
      books,
      statement,
      100,
      i % 2 === 0 ? "Long" : "Short",
      "Quantity difference",
      46325,
      `Stock Record!${i + 2}`,
      `DTC!${i + 2}`,
      null,
      `DTC|${cusipOf(i)}@2026-10-30`,
      status,
      status === "Open" ? null : 46327,
      status === "Resolved" ? 46329 : null,
      status === "Resolved" ? "Timing" : null,
      null,
      status === "Posted" ? 46330 : null,
    ]);
  }
  const table = { sheetName: "Breaks", tableName: "StockRecBreaks", columns: BREAKS_COLUMNS };
  return {
    ...table,
    rows: data,
    conditionalFormats: textHighlights(table, "Status", {
      Open: "bad",
      Reported: "neutral",
      Resolved: "good",
      Posted: "good",
    }),
  };
}

export interface TrafficMeasure {
  readonly syncs: number;
  readonly failedSyncs: number;
  readonly maxRequestBytes: number;
  readonly meanRequestBytes: number;
  readonly maxResponseBytes: number;
  readonly meanResponseBytes: number;
  readonly totalBytes: number;
  readonly maxCellsPerRead: number;
  readonly untracked: number;
  readonly wallSeconds: number;
}

function measureOf(
  syncs: readonly SyncRecord[],
  untracked: number,
  wallSeconds: number,
): TrafficMeasure {
  const ok = syncs.filter((sync) => sync.failed === undefined);
  const sum = (pick: (sync: SyncRecord) => number) => syncs.reduce((n, s) => n + pick(s), 0);
  const max = (pick: (sync: SyncRecord) => number) => ok.reduce((n, s) => Math.max(n, pick(s)), 0);
  return {
    syncs: syncs.length,
    failedSyncs: syncs.length - ok.length,
    maxRequestBytes: max((s) => s.requestBytes),
    meanRequestBytes: sum((s) => s.requestBytes) / Math.max(1, syncs.length),
    maxResponseBytes: max((s) => s.responseBytes),
    meanResponseBytes: sum((s) => s.responseBytes) / Math.max(1, syncs.length),
    totalBytes: sum((s) => s.requestBytes + s.responseBytes),
    maxCellsPerRead: max((s) => s.cellsRead),
    untracked,
    wallSeconds,
  };
}

/** Reads a `rows`-position statement through the adapter; returns the traffic and rows read. */
export async function measureRead(
  rows: number,
): Promise<{ measure: TrafficMeasure; rowsRead: number }> {
  const standIn = createExcelStandIn({ Statement: statementRows(rows) });
  const port = createOfficeWorkbook(standIn.run);
  standIn.resetStats();
  const started = performance.now();
  const snapshot = await port.readSheet("Statement");
  const wall = (performance.now() - started) / 1000;
  return {
    measure: measureOf(standIn.stats.syncs, standIn.stats.untracked, wall),
    rowsRead: snapshot.rows.length,
  };
}

/** Writes a Breaks-shaped table of `rows` rows through the adapter into an empty workbook. */
export async function measureWrite(
  rows: number,
): Promise<{ measure: TrafficMeasure; rowsWritten: number; conditionalFormats: number }> {
  const table = breaksSizedTable(rows);
  const standIn = createExcelStandIn({ Sheet1: [] });
  const port = createOfficeWorkbook(standIn.run);
  standIn.resetStats();
  const started = performance.now();
  await port.writeTable(table);
  const wall = (performance.now() - started) / 1000;
  return {
    measure: measureOf(standIn.stats.syncs, standIn.stats.untracked, wall),
    rowsWritten: standIn.sheet("Breaks").length - 1,
    conditionalFormats: standIn.conditionalFormats().length,
  };
}

function parseSize(size: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(size.trim());
  if (!match) throw new Error(`BENCH_EXCEL_SIZES: "${size}" is not a size like 100k or 1M`);
  const factor = { "": 1, k: 1e3, m: 1e6 }[match[2]!.toLowerCase() as "" | "k" | "m"];
  return Math.round(Number(match[1]) * factor);
}

const kb = (bytes: number) =>
  bytes < 10_000 ? `${bytes.toFixed(0)} B` : `${(bytes / 1000).toFixed(0)} kB`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function row(label: string, rows: number, m: TrafficMeasure): string {
  return [
    label.padEnd(22),
    rows.toLocaleString("en-US").padStart(10),
    String(m.syncs).padStart(6),
    String(m.failedSyncs).padStart(7),
    `${kb(m.maxRequestBytes)} / ${kb(m.meanRequestBytes)}`.padStart(20),
    `${kb(m.maxResponseBytes)} / ${kb(m.meanResponseBytes)}`.padStart(20),
    mb(m.totalBytes).padStart(10),
    `${m.wallSeconds.toFixed(1)} s`.padStart(8),
  ].join(" ");
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_EXCEL_SIZES ?? "100k,1M").split(",").map(parseSize);
  console.log("Office.js adapter against the Excel stand-in (limits: 5 MB/request, 5 MB/response,");
  console.log(
    "5,000,000 cells/read; the adapter aims at 2.5 MB per sync). Bytes are JSON as sent.",
  );
  console.log("");
  console.log(
    [
      "operation".padEnd(22),
      "rows".padStart(10),
      "syncs".padStart(6),
      "retried".padStart(7),
      "request max / mean".padStart(20),
      "response max / mean".padStart(20),
      "total".padStart(10),
      "wall".padStart(8),
    ].join(" "),
  );
  for (const size of sizes) {
    const read = await measureRead(size);
    console.log(row("read statement (8 col)", read.rowsRead - 1, read.measure));
    const write = await measureWrite(size);
    console.log(row("write Breaks (21 col)", write.rowsWritten, write.measure));
  }
  console.log("");
  console.log("retried = syncs the stand-in refused for size and the adapter retried smaller.");
  console.log(
    "Wall time is the stand-in's in Node, not Excel's: round trips to Excel add latency.",
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
