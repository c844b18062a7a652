/**
 * The messages between the pane and the engine worker. Everything crosses by structured clone:
 * the worker asks for sheets one at a time (only those the run needs), the pane reads them
 * through its WorkbookPort (Office.js lives on the UI thread) and answers with the snapshot.
 */
import type { Row } from "../../domain/sheet";
import type { Progress, SheetInfo, SheetSnapshot } from "../../workbook/port";
import type { EngineJob, EngineJobKind, EngineJobs } from "./engine";

/** An error as it crosses: name and message (and a port error's code) survive. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

export type ToWorker =
  | { readonly type: "job"; readonly runId: number; readonly job: EngineJob }
  | { readonly type: "listed"; readonly callId: number; readonly sheets: SheetInfo[] }
  | { readonly type: "read"; readonly callId: number; readonly snapshot: SheetSnapshot }
  /**
   * A block of the rows of a sheet asked for `inBlocks`, as Excel hands it over (`rows[0]` is
   * row `first`); the "read" that ends it holds only the rows not sent in blocks.
   */
  | {
      readonly type: "rows";
      readonly callId: number;
      readonly rows: readonly Row[];
      readonly first: number;
    }
  | { readonly type: "refused"; readonly callId: number; readonly error: WireError };

export type FromWorker =
  /** The run began; `scope` is the global scope it runs in (DedicatedWorkerGlobalScope). */
  | { readonly type: "started"; readonly runId: number; readonly scope: string }
  | { readonly type: "listSheets"; readonly runId: number; readonly callId: number }
  | {
      readonly type: "readSheet";
      readonly runId: number;
      readonly callId: number;
      readonly name: string;
      /** The rows in blocks ("rows") as they are read, for a worker that works on each. */
      readonly inBlocks?: true;
    }
  | { readonly type: "progress"; readonly runId: number; readonly progress: Progress }
  | {
      readonly type: "done";
      readonly runId: number;
      readonly output: EngineJobs[EngineJobKind]["output"];
      /** Time the worker spent on the run, including waiting for sheets. */
      readonly elapsedMs: number;
    }
  | { readonly type: "failed"; readonly runId: number; readonly error: WireError };

export function toWire(error: unknown): WireError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      message: error.message,
      ...(typeof code === "string" ? { code } : {}),
    };
  }
  return { name: "Error", message: String(error) };
}

/** The error again on this side, with its name (AbortError stays a cancel) and code. */
export function fromWire(wire: WireError): Error {
  const error = new Error(wire.message) as Error & { code?: string };
  error.name = wire.name;
  if (wire.code !== undefined) error.code = wire.code;
  return error;
}
