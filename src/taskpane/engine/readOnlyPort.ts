/**
 * The workbook as the engine sees it: read, never written. The engine works out what to write and
 * the pane writes it afterwards, so a run stopped half-way has changed nothing.
 */
import type { ReadOptions, SheetInfo, SheetSnapshot, WorkbookPort } from "../../workbook/port";

export class EngineWriteError extends Error {
  constructor(what: string) {
    super(`The engine only reads the workbook, but it was asked to ${what}. This is a bug.`);
    this.name = "EngineWriteError";
  }
}

/** Reads from `read`; every change is refused with an EngineWriteError. */
export class ReadOnlyPort implements WorkbookPort {
  constructor(private readonly read: Pick<WorkbookPort, "listSheets" | "readSheet">) {}

  listSheets(): Promise<SheetInfo[]> {
    return this.read.listSheets();
  }

  readSheet(name: string, options?: ReadOptions): Promise<SheetSnapshot> {
    return this.read.readSheet(name, options);
  }

  writeTable(output: { readonly sheetName: string }): Promise<void> {
    return Promise.reject(new EngineWriteError(`write "${output.sheetName}"`));
  }

  selectCell(sheetName: string): Promise<void> {
    return Promise.reject(new EngineWriteError(`select a cell of "${sheetName}"`));
  }

  setSheetProtection(sheetName: string): Promise<void> {
    return Promise.reject(new EngineWriteError(`change the protection of "${sheetName}"`));
  }
}

export function readOnlyPort(port: Pick<WorkbookPort, "listSheets" | "readSheet">): WorkbookPort {
  return new ReadOnlyPort(port);
}
