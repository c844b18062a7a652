/**
 * What the task pane needs from where it runs, passed to components as props so that no component
 * knows about Office (only index.tsx does). In Excel the workbook is the one open; in a plain
 * browser the user opens an .xlsx file and downloads the updated copy.
 */
import type { WorkbookPort } from "../workbook/port";

/** A workbook the pane works on. */
export interface OpenedWorkbook {
  readonly port: WorkbookPort;
  /** The file name as opened, in plain-browser mode; null for the workbook open in Excel. */
  readonly fileName: string | null;
  /** The workbook as it now stands, as .xlsx bytes; null where Excel itself keeps the file. */
  readonly toBytes: (() => Promise<Uint8Array>) | null;
  /**
   * The workbook's file as it now stands, for the evidence pack: in a plain browser the same as
   * `toBytes`; in Excel the file Excel hands over (getFileAsync). Absent where neither can.
   */
  readonly fileBytes?: () => Promise<Uint8Array>;
}

export type OpenFile = (file: File) => Promise<OpenedWorkbook>;

export type TaskpaneHost =
  | { readonly kind: "excel"; readonly workbook: OpenedWorkbook }
  | { readonly kind: "browser"; readonly openFile: OpenFile };
