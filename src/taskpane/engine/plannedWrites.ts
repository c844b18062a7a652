/**
 * The quarterly count's functions (src/workbook/countRun.ts) both work out and write. The engine
 * runs them unchanged over this port: reads pass through, and each table they would write is kept
 * in order instead. The pane writes the kept tables afterwards (`writePlanned`), so the count does
 * exactly what it does when called directly, and a run cancelled before that has written nothing.
 */
import type {
  ProgressListener,
  ReadOptions,
  SheetInfo,
  SheetSnapshot,
  TableOutput,
  WorkbookPort,
} from "../../workbook/port";
import { EngineWriteError } from "./readOnlyPort";

/** What a run worked out, and the tables to write for it, in the order it would write them. */
export interface Planned<T> {
  readonly outcome: T;
  readonly writes: readonly TableOutput[];
}

function cancelled(): DOMException {
  return new DOMException("The run was cancelled.", "AbortError");
}

/** Reads from `read`; keeps the tables written; refuses every other change. */
export class PlanningPort implements WorkbookPort {
  readonly writes: TableOutput[] = [];

  constructor(
    private readonly read: Pick<WorkbookPort, "listSheets" | "readSheet">,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * A read after a kept write would see the sheet as it was, not as the function just wrote it:
   * the functions run here write last, and this guards that they still do.
   */
  private readable(what: string): void {
    if (this.signal?.aborted) throw cancelled();
    if (this.writes.length > 0) {
      throw new Error(
        `The engine keeps writes for the pane, but it was asked to ${what} after writing "${this.writes.at(-1)!.sheetName}". This is a bug.`,
      );
    }
  }

  listSheets(): Promise<SheetInfo[]> {
    try {
      this.readable("list the sheets");
    } catch (error) {
      return Promise.reject(error);
    }
    return this.read.listSheets();
  }

  readSheet(name: string, options?: ReadOptions): Promise<SheetSnapshot> {
    try {
      this.readable(`read "${name}"`);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.read.readSheet(name, options);
  }

  writeTable(output: TableOutput): Promise<void> {
    if (this.signal?.aborted) return Promise.reject(cancelled());
    this.writes.push(output);
    return Promise.resolve();
  }

  selectCell(sheetName: string): Promise<void> {
    return Promise.reject(new EngineWriteError(`select a cell of "${sheetName}"`));
  }

  setSheetProtection(sheetName: string): Promise<void> {
    return Promise.reject(new EngineWriteError(`change the protection of "${sheetName}"`));
  }
}

/**
 * Runs `work` over a planning port on `read`: its outcome, and the tables it would have written.
 * The count's functions report no progress of their own; this reports the rows read so far of
 * all the workbook's rows (they read only some sheets, so it may end early and jump to 1).
 */
export async function planned<T>(
  read: Pick<WorkbookPort, "listSheets" | "readSheet">,
  run: { readonly signal?: AbortSignal; readonly onProgress?: ProgressListener },
  work: (port: WorkbookPort) => Promise<T>,
): Promise<Planned<T>> {
  let totalRows: Promise<number> | null = null;
  let rowsRead = 0;
  const counted = new Set<string>();
  const reporting: Pick<WorkbookPort, "listSheets" | "readSheet"> = {
    listSheets: () => read.listSheets(),
    async readSheet(name, options) {
      totalRows ??= read
        .listSheets()
        .then((sheets) => sheets.reduce((sum, sheet) => sum + sheet.rowCount, 0));
      const snapshot = await read.readSheet(name, options);
      // A sheet read twice (the settings) counts once.
      if (!counted.has(snapshot.name)) rowsRead += snapshot.rows.length;
      counted.add(snapshot.name);
      const total = await totalRows;
      const fraction = total === 0 ? 0 : Math.min(rowsRead / total, 1);
      run.onProgress?.({ fraction, label: `Read ${snapshot.name}` });
      return snapshot;
    },
  };
  const port = new PlanningPort(reporting, run.signal);
  const outcome = await work(port);
  run.onProgress?.({ fraction: 1, label: "Worked out" });
  return { outcome, writes: port.writes };
}

/** The pane's half: writes the kept tables, in order, one writeTable each. */
export async function writePlanned(
  port: WorkbookPort,
  writes: readonly TableOutput[],
): Promise<void> {
  for (const table of writes) await port.writeTable(table);
}
