/**
 * The engine in a Web Worker. The pane's thread only reads the sheets the worker asks for
 * (through the WorkbookPort, in Excel's chunks) and shows progress; the matching, planning,
 * detection and count comparison run in the worker. Cancel terminates the worker at once (a new one starts for the next run): the
 * engine never writes, so nothing was written.
 */
import type { Row } from "../../domain/sheet";
import type { WorkbookPort } from "../../workbook/port";
import {
  engineOver,
  type EngineClient,
  type EngineJob,
  type EngineJobKind,
  type EngineJobs,
  type EngineRunOptions,
} from "./engine";
import { fromWire, toWire, type FromWorker, type ToWorker } from "./protocol";

/** The slice of a Worker the client uses; tests pass a fake. */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  addEventListener(type: "message", listener: (event: { data: FromWorker }) => void): void;
  addEventListener(type: "error", listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

/** Named in the page's performance timeline, so a test (or a person) can see the worker ran. */
export const ENGINE_WORKER_MARK = "stockrec:engine:worker";

function cancelled(): Error {
  const error = new Error("Cancelled.");
  error.name = "AbortError";
  return error;
}

function mark(name: string, detail: Record<string, unknown>): void {
  if (typeof performance !== "undefined" && typeof performance.mark === "function") {
    performance.mark(name, { detail });
  }
}

export function createWorkerEngine(createWorker: () => WorkerLike): EngineClient {
  let worker: WorkerLike | null = null;
  let busy = false;
  let nextRun = 0;
  let onMessage: ((message: FromWorker) => void) | null = null;
  let onError: ((message: string) => void) | null = null;

  const started = (): WorkerLike => {
    if (worker !== null) return worker;
    const created = createWorker();
    created.addEventListener("message", (event) => onMessage?.(event.data));
    created.addEventListener("error", (event) =>
      onError?.(event.message ?? "The engine worker failed to start."),
    );
    worker = created;
    return created;
  };

  const stop = () => {
    worker?.terminate();
    worker = null;
  };

  /** Answers the worker's read requests from the port, on this thread. */
  const answer = (
    current: WorkerLike,
    port: WorkbookPort,
    message: FromWorker,
    run: EngineRunOptions,
  ) => {
    if (message.type === "listSheets") {
      port.listSheets().then(
        (sheets) => current.postMessage({ type: "listed", callId: message.callId, sheets }),
        (error: unknown) =>
          current.postMessage({ type: "refused", callId: message.callId, error: toWire(error) }),
      );
    } else if (message.type === "readSheet") {
      const { callId } = message;
      // in blocks: each crosses as Excel hands it over, and the worker works on it meanwhile
      let sent = 0;
      const onRows = (rows: readonly Row[], first: number) => {
        if (first !== sent + 1) return; // out of order: the rest crosses with the snapshot
        current.postMessage({ type: "rows", callId, rows, first });
        sent += rows.length;
      };
      port
        .readSheet(message.name, {
          signal: run.signal,
          ...(message.inBlocks === true ? { onRows } : {}),
        })
        .then(
          (snapshot) =>
            current.postMessage({
              type: "read",
              callId,
              snapshot: sent === 0 ? snapshot : { ...snapshot, rows: snapshot.rows.slice(sent) },
            }),
          (error: unknown) =>
            current.postMessage({ type: "refused", callId, error: toWire(error) }),
        );
    }
  };

  const start = <K extends EngineJobKind>(
    port: WorkbookPort,
    job: { readonly kind: K; readonly input: EngineJobs[K]["input"] },
    run: EngineRunOptions,
  ): Promise<EngineJobs[K]["output"]> => {
    if (busy)
      return Promise.reject(
        new Error(`The engine is already running; the ${job.kind} job was not started.`),
      );
    if (run.signal.aborted) return Promise.reject(cancelled());
    busy = true;
    const runId = ++nextRun;
    const current = started();
    return new Promise<EngineJobs[K]["output"]>((resolve, reject) => {
      const finish = () => {
        busy = false;
        onMessage = null;
        onError = null;
        run.signal.removeEventListener("abort", abort);
      };
      const abort = () => {
        finish();
        stop();
        reject(cancelled());
      };
      run.signal.addEventListener("abort", abort);
      onError = (message) => {
        finish();
        stop();
        reject(new Error(`The engine worker stopped: ${message}`));
      };
      onMessage = (message) => {
        if (message.runId !== runId) return;
        switch (message.type) {
          case "started":
            mark(`${ENGINE_WORKER_MARK}:started`, { runId, scope: message.scope });
            return;
          case "progress":
            run.onProgress(message.progress);
            return;
          case "done":
            mark(`${ENGINE_WORKER_MARK}:done`, { runId, elapsedMs: message.elapsedMs });
            finish();
            // The worker answers a job with that job's output (engineService.ts runs runJob).
            resolve(message.output as EngineJobs[K]["output"]);
            return;
          case "failed":
            finish();
            reject(fromWire(message.error));
            return;
          default:
            answer(current, port, message, run);
        }
      };
      current.postMessage({ type: "job", runId, job: job as EngineJob });
    });
  };

  return engineOver("worker", start);
}

/** The browser build's engine: webpack bundles engine.worker.ts into its own chunk. */
export function browserWorkerEngine(): EngineClient {
  return createWorkerEngine(
    () =>
      new Worker(new URL("./engine.worker.ts", import.meta.url), {
        name: "stockrec-engine",
      }) as unknown as WorkerLike,
  );
}
