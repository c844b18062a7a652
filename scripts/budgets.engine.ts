/**
 * The 1M-row run that `npm run budgets` measures, in Chromium (bundled by esbuild into the page)
 * and in Node (run with tsx, under /usr/bin/time for peak RSS): a stock record and a DTC statement
 * of `positions` rows each, about 1 % of them differing, reconciled by `reconcileWorkbook`, the
 * same call the task pane makes, over an in-memory workbook (no Office host, no UI).
 */
import { cusipCheckDigit } from "../src/domain/identifiers";
import { parseIsoDate } from "../src/domain/isoDate";
import type { CellValue } from "../src/domain/sheet";
import { MemoryWorkbook } from "../src/workbook/memoryWorkbook";
import { reconcileWorkbook } from "../src/workbook/monthEnd";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function cusip(index: number): string {
  let rest = index;
  let tail = "";
  for (let i = 0; i < 7; i++) {
    tail = ALPHABET[rest % 36]! + tail;
    rest = Math.floor(rest / 36);
  }
  const first8 = String(rest % 10) + tail;
  return first8 + String(cusipCheckDigit(first8));
}

export interface EngineRun {
  readonly positions: number;
  readonly breaks: number;
  readonly issues: number;
  readonly milliseconds: number;
}

/** A "Stock Record" and a "DTC" statement of `positions` rows each, 1 % of them differing. */
export function positionSheets(positions: number): Record<string, CellValue[][]> {
  const books: CellValue[][] = [["CUSIP", "Location", "Quantity"]];
  const statement: CellValue[][] = [["CUSIP", "Quantity"]];
  for (let i = 0; i < positions; i++) {
    const id = cusip(i);
    const quantity = 1 + ((i * 7919) % 1_000_000);
    books.push([id, "DTC", quantity]);
    statement.push([id, i % 100 === 0 ? quantity - 10 : quantity]);
  }
  return { "Stock Record": books, DTC: statement };
}

export async function reconcilePositions(positions: number): Promise<EngineRun> {
  const port = new MemoryWorkbook(positionSheets(positions));
  const started = performance.now();
  const run = await reconcileWorkbook(port, {
    books: "Stock Record",
    statements: [{ sheet: "DTC", contra: null }],
    asOf: parseIsoDate("2026-10-30")!,
  });
  const milliseconds = performance.now() - started;
  if (run.result === null) throw new Error(JSON.stringify(run.issues.slice(0, 3)));
  return {
    positions,
    breaks: run.result.breaks.length,
    issues: run.issues.length,
    milliseconds,
  };
}

// In Node: `tsx scripts/budgets.engine.ts 1000000` prints the run as JSON.
if (typeof process !== "undefined" && process.argv[1]?.endsWith("budgets.engine.ts")) {
  reconcilePositions(Number(process.argv[2] ?? 1_000_000)).then(
    (run) => console.log(JSON.stringify(run)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
