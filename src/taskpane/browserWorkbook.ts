/**
 * Plain-browser mode: open an .xlsx file with ExcelJS. ExcelJS is about a megabyte, so it is
 * imported on demand (webpack puts it in its own chunk): the pane running inside Excel never
 * downloads it.
 */
import type { OpenedWorkbook } from "./host";

export async function openXlsxFile(file: File): Promise<OpenedWorkbook> {
  const { XlsxWorkbook } = await import(
    /* webpackChunkName: "xlsx-workbook" */ "../xlsx/xlsxWorkbook"
  );
  const workbook = await XlsxWorkbook.fromBuffer(new Uint8Array(await file.arrayBuffer()));
  return { port: workbook, fileName: file.name, toBytes: () => workbook.toBuffer() };
}
