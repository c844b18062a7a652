/**
 * The Excel stand-in (test/fakes/excelStandIn.ts) as the page sees it: esbuild bundles this file
 * into an IIFE that the browser test adds with page.addInitScript, so `window.Excel.run` is the
 * stand-in's before the pane loads. The sheets come from `window.__standInSheets`, set by the
 * test just before; the stand-in is kept on `window.__standIn` for the test to look into.
 */
import { createExcelStandIn, type ExcelStandIn } from "../fakes/excelStandIn";
import type { CellValue } from "../../src/workbook/port";

interface StandInWindow {
  __standInSheets?: Record<string, CellValue[][]>;
  __standIn?: ExcelStandIn;
  Excel?: { run: ExcelStandIn["run"] };
}

const page = window as unknown as StandInWindow;
const standIn = createExcelStandIn(page.__standInSheets ?? { Sheet1: [] });
page.__standIn = standIn;
page.Excel = { run: standIn.run };
