/**
 * The engine behind its interface: the Web Worker client against the worker's own service (run
 * here over a fake worker whose messages cross by structured clone, as they do in a browser)
 * works out exactly what the in-thread engine does, asks only for the sheets the run needs,
 * reports progress, and on cancel terminates the worker with nothing written.
 */
import { describe, expect, it } from "vitest";
import type { IsoDate } from "../../src/domain/isoDate";
import { detectSheetRoles } from "../../src/workbook/monthEnd";
import type { ReadOptions, SheetSnapshot } from "../../src/workbook/port";
import { inThreadEngine, type CloseJobOptions } from "../../src/taskpane/engine/engine";
import { serveEngine, type EngineScope } from "../../src/taskpane/engine/engineService";
import type { FromWorker, ToWorker } from "../../src/taskpane/engine/protocol";
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
