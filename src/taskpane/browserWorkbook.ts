/**
 * Reading .xlsx files in the pane with ExcelJS. ExcelJS is about a megabyte, so it is imported on
 * demand (webpack puts it in its own chunk): the pane running inside Excel downloads it only if
 * the user imports a statement workbook, and never otherwise.
 */
import type { SnapshotWorkbook } from "../workbook/evidencePack";
import type { WorkbookPort } from "../workbook/port";
import type { OpenedWorkbook } from "./host";

async function loadXlsxWorkbook() {
  const { XlsxWorkbook } = await import(
    /* webpackChunkName: "xlsx-workbook" */ "../xlsx/xlsxWorkbook"
  );
  return XlsxWorkbook;
}

/** Plain-browser mode: the month-end workbook the user opens, kept in memory until downloaded. */
export async function openXlsxFile(file: File): Promise<OpenedWorkbook> {
  const XlsxWorkbook = await loadXlsxWorkbook();
  const workbook = await XlsxWorkbook.fromBuffer(new Uint8Array(await file.arrayBuffer()));
  const toBytes = () => workbook.toBuffer();
  return { port: workbook, fileName: file.name, toBytes, fileBytes: toBytes };
}

/** A statement delivered as an .xlsx workbook, opened read-only so one of its sheets can be imported. */
export async function openXlsxBytes(bytes: Uint8Array): Promise<WorkbookPort> {
  const XlsxWorkbook = await loadXlsxWorkbook();
  return XlsxWorkbook.fromBuffer(bytes);
}

/** A copy of the workbook, opened from its bytes, for the evidence pack to protect and save. */
export async function openSnapshotWorkbook(bytes: Uint8Array): Promise<SnapshotWorkbook> {
  const XlsxWorkbook = await loadXlsxWorkbook();
  return XlsxWorkbook.fromBuffer(bytes);
}
