/**
 * `npm run bench:pane`: the task pane's close, end to end on two threads as in the browser: the
 * pane's side (this thread: the Office.js adapter over the Excel stand-in, which enforces Excel
 * on the web's limits) and the engine worker (a worker thread running the pane's engine service,
 * engine.worker.ts's code), on the sheets `npm run budgets` reconciles (N rows each, 1 % differing).
 * Each run is timed twice, alternately: the sheets crossing to the worker block by block as they
 * are read, so the worker reconciles each block while the next is read (the pane's way), and
 * whole (a sheet crosses once it is all read). Prints the median of each. The stand-in's reads
 * cost more than Excel's may (it measures every response's JSON), so the figure to read is the
 * difference: the worker's work hidden behind the reads.
 *
 * BENCH_PANE_ROWS=1000000 (default)  BENCH_PANE_RUNS=3
 */
import { resolve } from "node:path";
import { Worker, isMainThread, parentPort } from "node:worker_threads";
import { build } from "esbuild";
import { createOfficeWorkbook } from "../../src/excel/officeWorkbook";
import type { IsoDate } from "../../src/domain/isoDate";
import { serveEngine, type EngineScope } from "../../src/taskpane/engine/engineService";
import type { FromWorker, ToWorker } from "../../src/taskpane/engine/protocol";
import { createWorkerEngine, type WorkerLike } from "../../src/taskpane/engine/workerEngine";
import type { WorkbookPort } from "../../src/workbook/port";
import { createExcelStandIn } from "../../test/fakes/excelStandIn";
import { positionSheets } from "../budgets.engine";

/** A worker thread as the pane's engine client sees a Web Worker. */
function asWebWorker(worker: Worker): WorkerLike {
  return {
    postMessage: (message: ToWorker) => worker.postMessage(message),
    addEventListener: ((type: "message" | "error", listener: (event: never) => void) => {
      if (type === "message")
        worker.on("message", (data: FromWorker) => listener({ data } as never));
      else worker.on("error", (error: Error) => listener({ message: error.message } as never));
    }) as WorkerLike["addEventListener"],
    terminate: () => void worker.terminate(),
  };
}

/** One close: milliseconds from the job's start to its result. */
async function close(workerFile: string, rows: number, inBlocks: boolean): Promise<number> {
  const office = createOfficeWorkbook(createExcelStandIn(positionSheets(rows)).run);
  // whole: the adapter is not asked for blocks, so each sheet crosses in one message
  const port: WorkbookPort = inBlocks
    ? office
    : {
        ...office,
        listSheets: () => office.listSheets(),
        readSheet: (name, options) =>
          office.readSheet(name, {
            ...(options?.signal === undefined ? {} : { signal: options.signal }),
            ...(options?.onProgress === undefined ? {} : { onProgress: options.onProgress }),
          }),
      };
  const worker = new Worker(workerFile);
  const engine = createWorkerEngine(() => asWebWorker(worker));
  const started = performance.now();
  const run = await engine.close(
    port,
    {
      books: "Stock Record",
      statements: [{ sheet: "DTC", contra: null }],
      asOf: "2026-10-30" as IsoDate,
    },
    {
      today: "2026-11-04" as IsoDate,
      actor: "",
      post: false,
      confirmResolutions: new Set(),
      reportNotices: false,
    },
    { signal: new AbortController().signal, onProgress: () => undefined },
  );
  const elapsed = performance.now() - started;
  await worker.terminate();
  if (run.result?.reconciliation.breaks.length !== rows / 100)
    throw new Error(`expected ${rows / 100} breaks: ${JSON.stringify(run.issues.slice(0, 3))}`);
  return elapsed;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function main(): Promise<void> {
  const rows = Number(process.env.BENCH_PANE_ROWS ?? 1_000_000);
  const runs = Number(process.env.BENCH_PANE_RUNS ?? 3);
  // this file, bundled, is the worker's script too (below: not the main thread)
  const workerFile = resolve("node_modules/.cache/stockrec-bench-pane-worker.mjs");
  await build({
    entryPoints: [__filename],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile: workerFile,
    logLevel: "warning",
  });
  const times = { blocks: [] as number[], whole: [] as number[] };
  for (let run = 0; run < runs; run++) {
    times.blocks.push(await close(workerFile, rows, true));
    times.whole.push(await close(workerFile, rows, false));
  }
  const blocks = median(times.blocks);
  const whole = median(times.whole);
  console.log(
    `${rows.toLocaleString("en-US")} books rows × ${rows.toLocaleString("en-US")} statement rows, ` +
      `the pane's close through the Office.js adapter and the engine worker (median of ${runs}):\n` +
      `  in blocks as read: ${(blocks / 1000).toFixed(2)} s\n` +
      `  whole sheets:      ${(whole / 1000).toFixed(2)} s\n` +
      `  hidden behind the reads: ${((whole - blocks) / 1000).toFixed(2)} s`,
  );
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  const port = parentPort!;
  const scope: EngineScope = {
    postMessage: (message: FromWorker) => port.postMessage(message),
    addEventListener: (_type, listener) =>
      port.on("message", (data: ToWorker) => listener({ data })),
  };
  serveEngine(scope);
}
