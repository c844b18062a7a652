/**
 * The pane's heavy pure work behind one small interface: the month-end close (the reconciliation
 * with its matching, the Difference-account plan, the aging and the notices) worked out from the
 * sheets it needs. In the browser build it runs in a Web Worker (workerEngine.ts), because
 * desktop Excel restarts an add-in whose UI thread stops answering for 5 seconds; in jsdom tests
 * it runs in the thread (`inThreadEngine`), over the same read-only view of the workbook.
 *
 * The engine only reads. Everything it works out comes back whole, and the pane writes it after:
 * a run cancelled (the worker terminated) has written nothing.
 */
import type { Issue } from "../../domain/issues";
import type { RunPlan } from "../../domain/roles";
import type { Row } from "../../domain/sheet";
import { closeMonth, type CloseOptions, type CloseResult } from "../../workbook/monthEndClose";
import type { ProgressListener, WorkbookPort } from "../../workbook/port";
import { readOnlyPort } from "./readOnlyPort";

/** What the close needs besides the workbook: plain data, so it can cross to a worker. */
export type CloseJobOptions = Pick<
  CloseOptions,
  "today" | "actor" | "post" | "confirmResolutions" | "reportNotices"
>;

export interface CloseRun {
  readonly result: CloseResult | null;
  readonly issues: readonly Issue[];
  /** The Difference Account rows writeClose writes: those read, then those posted. */
  readonly ledgerRows: readonly Row[];
}

export interface EngineRunOptions {
  readonly signal: AbortSignal;
  readonly onProgress: ProgressListener;
}

export interface EngineClient {
  /** Where the work runs, for the pane and its tests: "worker" in the browser build. */
  readonly thread: "worker" | "main";
  /**
   * The close of `plan` over `port`, read-only. Rejects with an AbortError when `signal` aborts;
   * nothing was written then (the engine never writes).
   */
  close(
    port: WorkbookPort,
    plan: RunPlan,
    options: CloseJobOptions,
    run: EngineRunOptions,
  ): Promise<CloseRun>;
}

/** The close itself, wherever it runs: over a port that refuses writes. */
export function runClose(
  port: Pick<WorkbookPort, "listSheets" | "readSheet">,
  plan: RunPlan,
  options: CloseJobOptions,
  run: EngineRunOptions,
): Promise<CloseRun> {
  return closeMonth(readOnlyPort(port), plan, {
    ...options,
    signal: run.signal,
    onProgress: run.onProgress,
  });
}

/**
 * For tests in jsdom (no Worker there): the same work on the calling thread. The browser build
 * never uses it (index.tsx hands the pane the worker engine).
 */
export const inThreadEngine: EngineClient = {
  thread: "main",
  close: runClose,
};
