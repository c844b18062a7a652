/**
 * Reading .xlsx files in the pane with ExcelJS. ExcelJS is about a megabyte, so it is imported on
 * demand (webpack puts it in its own chunk): the pane running inside Excel downloads it only if
 * the user imports a statement workbook, and never otherwise.
 */
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
  return { port: workbook, fileName: file.name, toBytes: () => workbook.toBuffer() };
}

/** A statement delivered as an .xlsx workbook, opened read-only so one of its sheets can be imported. */
export async function openXlsxBytes(bytes: Uint8Array): Promise<WorkbookPort> {
  const XlsxWorkbook = await loadXlsxWorkbook();
  return XlsxWorkbook.fromBuffer(bytes);
}
