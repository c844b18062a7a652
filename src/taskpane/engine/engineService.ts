/**
 * The worker's side of the engine (engine.worker.ts runs it in the worker's global scope; tests
 * run it over a fake scope): answers each `job` request (the close, detection, a count step) by
 * running it over a port whose reads are questions to the pane. Reads are asked once per sheet
 * and run, so a sheet read twice (the settings) crosses once.
 */
import type { Row } from "../../domain/sheet";
import type { ReadOptions, SheetInfo, SheetSnapshot, WorkbookPort } from "../../workbook/port";
import { runJob } from "./engine";
import { fromWire, toWire, type FromWorker, type ToWorker } from "./protocol";

/** The slice of a worker's global scope the service uses. */
export interface EngineScope {
  postMessage(message: FromWorker): void;
  addEventListener(type: "message", listener: (event: { data: ToWorker }) => void): void;
}

type Answer = (message: ToWorker) => void;

/** The workbook in the worker: every read is a message to the pane and its answer. */
function remoteReads(
  scope: EngineScope,
  runId: number,
  answers: Map<number, Answer>,
): Pick<WorkbookPort, "listSheets" | "readSheet"> {
  let nextCall = 0;
  let listed: Promise<SheetInfo[]> | null = null;
  const read = new Map<string, Promise<SheetSnapshot>>();
  /** Asks the pane; `take` turns the answer into the result, or undefined while more come. */
  const ask = <T>(
    message: (callId: number) => FromWorker,
    take: (reply: ToWorker) => T | undefined,
  ) =>
    new Promise<T>((resolve, reject) => {
      const callId = ++nextCall;
      answers.set(callId, (reply) => {
        try {
          if (reply.type === "refused") throw fromWire(reply.error);
          const result = take(reply);
          if (result === undefined) return;
          answers.delete(callId);
          resolve(result);
        } catch (error) {
          answers.delete(callId);
          reject(error);
        }
      });
      scope.postMessage(message(callId));
    });
  const unexpected = (reply: ToWorker): never => {
    throw new Error(`The engine got a "${reply.type}" answer it did not ask for.`);
  };
  return {
    listSheets() {
      listed ??= ask(
        (callId) => ({ type: "listSheets", runId, callId }),
        (reply) => (reply.type === "listed" ? reply.sheets : unexpected(reply)),
      );
      return listed.then((sheets) => sheets.map((sheet) => ({ ...sheet })));
    },
    readSheet(name: string, options?: ReadOptions) {
      const key = name.toLowerCase();
      let snapshot = read.get(key);
      if (snapshot === undefined) {
        const onRows = options?.onRows;
        // in blocks when the reader works on each: the pane sends them as Excel reads them
        const blocks: Row[] = [];
        snapshot = ask(
          (callId) => ({
            type: "readSheet",
            runId,
            callId,
            name,
            ...(onRows === undefined ? {} : { inBlocks: true as const }),
          }),
          (reply) => {
            if (reply.type === "rows") {
              for (const row of reply.rows) blocks.push(row);
              onRows?.(reply.rows, reply.first);
              return undefined;
            }
            if (reply.type !== "read") return unexpected(reply);
            for (const row of reply.snapshot.rows) blocks.push(row);
            return { ...reply.snapshot, rows: blocks };
          },
        );
        read.set(key, snapshot);
      }
      return snapshot.then((got) => {
        options?.onProgress?.({ fraction: 1, label: `Read ${got.name}` });
        return got;
      });
    },
  };
}

export function serveEngine(scope: EngineScope, clock: () => number = () => performance.now()) {
  const answers = new Map<number, Answer>();
  scope.addEventListener("message", ({ data }) => {
    if (data.type !== "job") {
      answers.get(data.callId)?.(data);
      return;
    }
    const { runId, job } = data;
    const started = clock();
    scope.postMessage({ type: "started", runId, scope: scopeName(scope) });
    // Cancel terminates the worker: no signal is needed inside it.
    const signal = new AbortController().signal;
    const onProgress = (progress: { fraction: number; label: string }) =>
      scope.postMessage({ type: "progress", runId, progress });
    runJob(remoteReads(scope, runId, answers), job, { signal, onProgress }).then(
      (output) => scope.postMessage({ type: "done", runId, output, elapsedMs: clock() - started }),
      (error: unknown) => scope.postMessage({ type: "failed", runId, error: toWire(error) }),
    );
  });
}

function scopeName(scope: EngineScope): string {
  const name = (scope as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" ? name : "unknown";
}
