/**
 * The engine behind its interface: the Web Worker client against the worker's own service (run
 * here over a fake worker whose messages cross by structured clone, as they do in a browser)
 * works out exactly what the in-thread engine does, asks only for the sheets the run needs,
 * reports progress, and on cancel terminates the worker with nothing written. The same holds for
 * sheet detection and for the quarterly count's generate, check and compare, whose tables come
 * back unwritten and, written by the pane, leave the workbook as countRun.ts would.
 */
import { describe, expect, it } from "vitest";
import type { IsoDate } from "../../src/domain/isoDate";
import { NO_COUNT_PEOPLE } from "../../src/domain/countIndependence";
import { compareCountSheet, generateCountSheet, recordCount } from "../../src/workbook/countRun";
import { detectSheetRoles } from "../../src/workbook/monthEnd";
import type { CellValue, ReadOptions, SheetSnapshot, WorkbookPort } from "../../src/workbook/port";
import { inThreadEngine, type CloseJobOptions } from "../../src/taskpane/engine/engine";
import { serveEngine, type EngineScope } from "../../src/taskpane/engine/engineService";
import type { FromWorker, ToWorker } from "../../src/taskpane/engine/protocol";
import { PlanningPort, writePlanned } from "../../src/taskpane/engine/plannedWrites";
import { EngineWriteError, readOnlyPort } from "../../src/taskpane/engine/readOnlyPort";
import { createWorkerEngine, type WorkerLike } from "../../src/taskpane/engine/workerEngine";
import { FakeWorkbook, monthEndSheets } from "./fakeWorkbook";

const OPTIONS: CloseJobOptions = {
  today: "2026-11-04" as IsoDate,
  actor: "",
  post: false,
  confirmResolutions: new Set<string>(),
  reportNotices: false,
};

/** A worker pair in one thread: each message is cloned and delivered on a later task. */
function fakeWorker(): WorkerLike & { terminated: boolean; sent: ToWorker[] } {
  const toPane: ((event: { data: FromWorker }) => void)[] = [];
  const toWorker: ((event: { data: ToWorker }) => void)[] = [];
  let terminated = false;
  const sent: ToWorker[] = [];
  const deliver = <T>(listeners: ((event: { data: T }) => void)[], message: T) => {
    const data = structuredClone(message);
    setTimeout(() => {
      if (!terminated) for (const listener of listeners) listener({ data });
    }, 0);
  };
  const scope: EngineScope = {
    postMessage: (message) => deliver(toPane, message),
    addEventListener: (_type, listener) => toWorker.push(listener),
  };
  serveEngine(scope);
  return {
    get terminated() {
      return terminated;
    },
    sent,
    postMessage(message: ToWorker) {
      sent.push(message);
      deliver(toWorker, message);
    },
    addEventListener(type: "message" | "error", listener: (event: never) => void) {
      if (type === "message") toPane.push(listener as (event: { data: FromWorker }) => void);
    },
    terminate() {
      terminated = true;
    },
  };
}

/** The month-end sheets plus one the close never needs, counting the reads of each. */
class CountingWorkbook extends FakeWorkbook {
  readonly reads: string[] = [];
  override async readSheet(name: string, options?: ReadOptions): Promise<SheetSnapshot> {
    this.reads.push(name);
    return super.readSheet(name, options);
  }
}

async function planOf(port: FakeWorkbook) {
  const detection = await detectSheetRoles(port);
  expect(detection.plan).not.toBeNull();
  return detection.plan!;
}

const run = (signal = new AbortController().signal, progress: unknown[] = []) => ({
  signal,
  onProgress: (p: unknown) => progress.push(p),
});

describe("the engine", () => {
  it("works out in the worker exactly what the in-thread engine works out", async () => {
    const port = new CountingWorkbook({
      ...monthEndSheets(),
      "Unrelated Big Sheet": [["A"], ...Array.from({ length: 1000 }, (_, i) => [i])],
    });
    const plan = await planOf(port);
    const inThread = await inThreadEngine.close(port, plan, OPTIONS, run());
    port.reads.length = 0;
    const worker = fakeWorker();
    const engine = createWorkerEngine(() => worker);
    const progress: unknown[] = [];
    const inWorker = await engine.close(port, plan, OPTIONS, run(undefined, progress));
    expect(engine.thread).toBe("worker");
    expect(inWorker).toEqual(inThread);
    expect(inWorker.result?.reconciliation.breaks.length).toBeGreaterThan(0);
    // Only the sheets the run needs cross, each once.
    expect(port.reads).not.toContain("Unrelated Big Sheet");
    expect(new Set(port.reads).size).toBe(port.reads.length);
    expect(progress.length).toBeGreaterThan(0);
  });

  it("takes the sheets in blocks as the host reads them, to the same outcome", async () => {
    /** Hands each sheet over in blocks of three rows when asked (as Excel's reads come). */
    class BlockWorkbook extends FakeWorkbook {
      override async readSheet(name: string, options?: ReadOptions): Promise<SheetSnapshot> {
        const snapshot = await super.readSheet(name, options);
        for (let at = 0; at < snapshot.rows.length; at += 3)
          options?.onRows?.(snapshot.rows.slice(at, at + 3), at + 1);
        return snapshot;
      }
    }
    const port = new BlockWorkbook(monthEndSheets());
    const plan = await planOf(port);
    const inThread = await inThreadEngine.close(
      new FakeWorkbook(monthEndSheets()),
      plan,
      OPTIONS,
      run(),
    );
    const worker = fakeWorker();
    const inWorker = await createWorkerEngine(() => worker).close(port, plan, OPTIONS, run());
    expect(inWorker).toEqual(inThread);
    expect(await inThreadEngine.close(port, plan, OPTIONS, run())).toEqual(inThread);
    // the books crossed in blocks, and their "read" with none of the rows again
    const booksRows = (await port.readSheet(plan.books)).rows.length;
    const blocks = worker.sent.filter((m) => m.type === "rows");
    expect(blocks.length).toBeGreaterThanOrEqual(Math.ceil(booksRows / 3));
    const read = worker.sent.find(
      (m) => m.type === "read" && m.snapshot.name === plan.books,
    ) as Extract<ToWorker, { type: "read" }>;
    expect(read.snapshot.rows).toEqual([]);
  });

  it("cancel terminates the worker, rejects as a cancel, and a new worker serves the next run", async () => {
    const port = new FakeWorkbook(monthEndSheets());
    const plan = await planOf(port);
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const engine = createWorkerEngine(() => {
      const worker = fakeWorker();
      workers.push(worker);
      return worker;
    });
    const controller = new AbortController();
    const pending = engine.close(port, plan, OPTIONS, run(controller.signal));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(workers[0]?.terminated).toBe(true);
    expect(port.writtenTables).toEqual([]);
    const again = await engine.close(port, plan, OPTIONS, run());
    expect(again.result).not.toBeNull();
    expect(workers).toHaveLength(2);
  });

  it("passes a read the host refuses back as the error it was, with its code", async () => {
    const refusal = Object.assign(new Error("The sheet is being edited."), {
      name: "WorkbookPortError",
      code: "cell_edit_mode",
    });
    const port = new FakeWorkbook(monthEndSheets(), { readSheet: refusal });
    const plan = { books: "Stock Record", statements: [{ sheet: "DTC", contra: null }] };
    const engine = createWorkerEngine(fakeWorker);
    await expect(engine.close(port, plan as never, OPTIONS, run())).rejects.toMatchObject({
      name: "WorkbookPortError",
      code: "cell_edit_mode",
    });
  });

  it("never writes: the engine's view of the workbook refuses changes", async () => {
    const port = readOnlyPort(new FakeWorkbook(monthEndSheets()));
    await expect(
      port.writeTable({ sheetName: "Breaks", tableName: "Breaks", columns: [], rows: [] }),
    ).rejects.toBeInstanceOf(EngineWriteError);
    await expect(port.selectCell("DTC", 1, 1)).rejects.toBeInstanceOf(EngineWriteError);
  });
});

const COUNT_DATE = "2026-10-30" as IsoDate;

/** Two securities in the vault to count, one in transfer to verify, one at DTC. */
function countSheets(): Record<string, CellValue[][]> {
  return {
    "Stock Record": [
      ["CUSIP", "Description", "Location", "Quantity", "Status Since"],
      ["037833100", "APPLE INC", "VAULT", 1000, ""],
      ["594918104", "MICROSOFT CORP", "VAULT", 500, ""],
      ["023135106", "AMAZON COM INC", "TRANSFER", 200, "2026-09-01"],
      ["459200101", "IBM", "DTC", 100, ""],
    ],
    Locations: [
      ["Location", "Contra"],
      ["DTC", "DTC"],
    ],
  };
}

const SOURCES = { books: "Stock Record", locations: "Locations" };
const GENERATE = { countDate: COUNT_DATE, cycle: null, onlyLocations: null, replace: false };
const RECORD = { countDate: COUNT_DATE, entries: [], countedBy: "Ana", supervisedBy: "Ben" };
const COMPARE = {
  countDate: COUNT_DATE,
  today: OPTIONS.today,
  actor: "Ana",
  post: true,
  confirmResolutions: new Set<string>(),
  people: NO_COUNT_PEOPLE,
};

/** Counted quantities typed into the count sheet: Apple short by 10, Microsoft as recorded. */
async function enterCounts(port: FakeWorkbook): Promise<void> {
  const sheet = `Count ${COUNT_DATE}`;
  const [header, ...rows] = (await port.readSheet(sheet)).rows.map((row) => [...row]);
  const column = (name: string) => header!.map(String).indexOf(name);
  const counted: Record<string, number> = { "037833100": 990, "594918104": 500 };
  for (const row of rows) {
    const quantity = counted[String(row[column("Security ID")])];
    if (quantity !== undefined) row[column("Counted Quantity")] = quantity;
  }
  await port.writeTable({
    sheetName: sheet,
    tableName: "StockRecCount_20261030",
    columns: header!.map((h) => ({ header: String(h), format: { kind: "general" }, width: 10 })),
    rows,
  });
}

describe("the engine, for detection and the count", () => {
  it("detects the sheets in the worker exactly as detectSheetRoles does on the pane's thread", async () => {
    const port = new FakeWorkbook(monthEndSheets());
    const direct = await detectSheetRoles(port);
    const progress: unknown[] = [];
    const inThread = await inThreadEngine.detect(port, run());
    const inWorker = await createWorkerEngine(fakeWorker).detect(port, run(undefined, progress));
    expect(inThread).toEqual(direct);
    expect(inWorker).toEqual(direct);
    expect(inWorker.plan).not.toBeNull();
    expect(progress).toContainEqual({ fraction: 1, label: "Sheets detected" });
    expect(port.writtenTables).toEqual([]);
  });

  it("generates, checks and compares the count in the worker as countRun.ts does, writing only after", async () => {
    const direct = new FakeWorkbook(countSheets());
    const viaWorker = new FakeWorkbook(countSheets());
    const engine = createWorkerEngine(fakeWorker);
    const progress: unknown[] = [];

    const generated = await generateCountSheet(direct, SOURCES, GENERATE);
    const planned = await engine.generateCount(
      viaWorker,
      { sources: SOURCES, options: GENERATE },
      run(undefined, progress),
    );
    expect(planned.outcome).toEqual(generated);
    expect(viaWorker.writtenTables).toEqual([]);
    await writePlanned(viaWorker, planned.writes);
    expect(viaWorker.writtenTables).toEqual(direct.writtenTables);

    await enterCounts(direct);
    await enterCounts(viaWorker);
    const recorded = await recordCount(direct, RECORD);
    const plannedRecord = await engine.recordCount(viaWorker, RECORD, run());
    expect(plannedRecord.outcome).toEqual(recorded);
    await writePlanned(viaWorker, plannedRecord.writes);

    const compared = await compareCountSheet(direct, COMPARE);
    const writesBefore = viaWorker.writtenTables.length;
    const plannedCompare = await engine.compareCount(viaWorker, COMPARE, run());
    expect(viaWorker.writtenTables).toHaveLength(writesBefore);
    expect(plannedCompare.outcome).toEqual(compared);
    expect(compared.result?.posted.length).toBeGreaterThan(0);
    await writePlanned(viaWorker, plannedCompare.writes);
    // Ledger, count sheet and schedule: the same tables in the same order.
    expect(viaWorker.writtenTables).toEqual(direct.writtenTables);
    expect(progress.length).toBeGreaterThan(0);
  });

  it("the in-thread engine works the count out as the worker does", async () => {
    const port = new FakeWorkbook(countSheets());
    const input = { sources: SOURCES, options: GENERATE };
    const inThread = await inThreadEngine.generateCount(port, input, run());
    const inWorker = await createWorkerEngine(fakeWorker).generateCount(port, input, run());
    expect(inWorker).toEqual(inThread);
    expect(inThread.writes.map((w) => w.sheetName)).toEqual([`Count ${COUNT_DATE}`]);
  });

  it("cancelling a count compare terminates the worker and writes nothing", async () => {
    const port = new FakeWorkbook(countSheets());
    await generateCountSheet(port, SOURCES, GENERATE);
    await enterCounts(port);
    const writes = port.writtenTables.length;
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const engine = createWorkerEngine(() => {
      const worker = fakeWorker();
      workers.push(worker);
      return worker;
    });
    const controller = new AbortController();
    const pending = engine.compareCount(port, COMPARE, run(controller.signal));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(workers[0]?.terminated).toBe(true);
    expect(port.writtenTables).toHaveLength(writes);
    const again = await engine.compareCount(port, { ...COMPARE, post: false }, run());
    expect(again.outcome.result).not.toBeNull();
    expect(workers).toHaveLength(2);
  });

  it("the in-thread engine refuses to start a cancelled run", async () => {
    const port = new FakeWorkbook(monthEndSheets());
    const controller = new AbortController();
    controller.abort();
    await expect(inThreadEngine.detect(port, run(controller.signal))).rejects.toMatchObject({
      name: "AbortError",
    });
  });

  it("the count's port keeps writes, and refuses a read after one (it would see the old sheet)", async () => {
    const port = new PlanningPort(new FakeWorkbook(countSheets()));
    await port.writeTable({ sheetName: "X", tableName: "X", columns: [], rows: [] });
    expect(port.writes.map((w) => w.sheetName)).toEqual(["X"]);
    await expect(port.readSheet("Stock Record")).rejects.toThrow(/after writing "X"/);
    const asPort: WorkbookPort = port;
    await expect(asPort.selectCell("X", 1, 1)).rejects.toBeInstanceOf(EngineWriteError);
  });
});
