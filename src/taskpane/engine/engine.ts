/**
 * The pane's heavy pure work behind one small interface: the month-end close (the reconciliation
 * with its matching, the Difference-account plan, the aging and the notices), the detection of
 * the sheets' roles, and the quarterly count's generate, check and compare, each worked out from
 * the sheets it needs. In the browser build it runs in a Web Worker (workerEngine.ts), because
 * desktop Excel restarts an add-in whose UI thread stops answering for 5 seconds; in jsdom tests
 * it runs in the thread (`inThreadEngine`), over the same read-only view of the workbook.
 *
 * The engine only reads. Everything it works out comes back whole, and the pane writes it after:
 * a run cancelled (the worker terminated) has written nothing. The count's functions write as
 * they finish; the engine runs them over a port that keeps those tables (plannedWrites.ts) and
 * hands them to the pane to write.
 */
import type { Issue } from "../../domain/issues";
import type { RunPlan } from "../../domain/roles";
import type { Row } from "../../domain/sheet";
import {
  compareCountSheet,
  generateCountSheet,
  recordCount,
  type CompareOptions,
  type CountGenerated,
  type CountResult,
  type CountSources,
  type GenerateOptions,
  type RecordOptions,
} from "../../workbook/countRun";
import { detectSheetRoles, type Detection } from "../../workbook/monthEnd";
import { closeMonth, type CloseOptions, type CloseResult } from "../../workbook/monthEndClose";
import type { ProgressListener, WorkbookPort } from "../../workbook/port";
import { planned, type Planned } from "./plannedWrites";
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

export type CountRecorded = Awaited<ReturnType<typeof recordCount>>;
export interface CountCompareRun {
  readonly result: CountResult | null;
  readonly issues: readonly Issue[];
}

/** Each kind of work the engine does: what it is given, and what comes back. */
export interface EngineJobs {
  readonly close: {
    readonly input: { readonly plan: RunPlan; readonly options: CloseJobOptions };
    readonly output: CloseRun;
  };
  /** Detection with the settings the workbook holds (it reads them itself). */
  readonly detect: { readonly input: Record<string, never>; readonly output: Detection };
  readonly generateCount: {
    readonly input: { readonly sources: CountSources; readonly options: GenerateOptions };
    readonly output: Planned<CountGenerated>;
  };
  readonly recordCount: {
    readonly input: RecordOptions;
    readonly output: Planned<CountRecorded>;
  };
  readonly compareCount: {
    readonly input: CompareOptions;
    readonly output: Planned<CountCompareRun>;
  };
}

export type EngineJobKind = keyof EngineJobs;

/** One piece of work as it crosses to the worker. */
export type EngineJob = {
  [K in EngineJobKind]: { readonly kind: K; readonly input: EngineJobs[K]["input"] };
}[EngineJobKind];

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
  /** detectSheetRoles over `port`, read-only. */
  detect(port: WorkbookPort, run: EngineRunOptions): Promise<Detection>;
  /**
   * generateCountSheet / recordCount / compareCountSheet over `port`: what each works out and
   * the tables it would write, unwritten; the pane writes them with `writePlanned`.
   */
  generateCount(
    port: WorkbookPort,
    input: EngineJobs["generateCount"]["input"],
    run: EngineRunOptions,
  ): Promise<Planned<CountGenerated>>;
  recordCount(
    port: WorkbookPort,
    input: RecordOptions,
    run: EngineRunOptions,
  ): Promise<Planned<CountRecorded>>;
  compareCount(
    port: WorkbookPort,
    input: CompareOptions,
    run: EngineRunOptions,
  ): Promise<Planned<CountCompareRun>>;
}

type Reads = Pick<WorkbookPort, "listSheets" | "readSheet">;

/** The close itself, wherever it runs: over a port that refuses writes. */
export function runClose(
  port: Reads,
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

/** Any job, wherever it runs: the close and detection read only; the count's writes are kept. */
export function runJob<K extends EngineJobKind>(
  port: Reads,
  job: { readonly kind: K; readonly input: EngineJobs[K]["input"] },
  run: EngineRunOptions,
): Promise<EngineJobs[K]["output"]> {
  return runAnyJob(port, job as EngineJob, run) as Promise<EngineJobs[K]["output"]>;
}

function runAnyJob(port: Reads, job: EngineJob, run: EngineRunOptions): Promise<unknown> {
  const { signal, onProgress } = run;
  switch (job.kind) {
    case "close":
      return runClose(port, job.input.plan, job.input.options, run);
    case "detect":
      return detectSheetRoles(readOnlyPort(port), { signal, onProgress });
    case "generateCount":
      return planned(port, run, (over) =>
        generateCountSheet(over, job.input.sources, job.input.options),
      );
    case "recordCount":
      return planned(port, run, (over) => recordCount(over, job.input));
    case "compareCount":
      return planned(port, run, (over) => compareCountSheet(over, job.input));
  }
}

/** The client's methods over one way of running a job (in the thread, or in a worker). */
export function engineOver(
  thread: EngineClient["thread"],
  start: <K extends EngineJobKind>(
    port: WorkbookPort,
    job: { readonly kind: K; readonly input: EngineJobs[K]["input"] },
    run: EngineRunOptions,
  ) => Promise<EngineJobs[K]["output"]>,
): EngineClient {
  return {
    thread,
    close: (port, plan, options, run) =>
      start(port, { kind: "close", input: { plan, options } }, run),
    detect: (port, run) => start(port, { kind: "detect", input: {} }, run),
    generateCount: (port, input, run) => start(port, { kind: "generateCount", input }, run),
    recordCount: (port, input, run) => start(port, { kind: "recordCount", input }, run),
    compareCount: (port, input, run) => start(port, { kind: "compareCount", input }, run),
  };
}

/**
 * For tests in jsdom (no Worker there): the same work on the calling thread. The browser build
 * never uses it (index.tsx hands the pane the worker engine).
 */
export const inThreadEngine: EngineClient = engineOver("main", (port, job, run) =>
  run.signal.aborted ? Promise.reject(cancelledError()) : runJob(port, job, run),
);

function cancelledError(): DOMException {
  return new DOMException("The run was cancelled.", "AbortError");
}
