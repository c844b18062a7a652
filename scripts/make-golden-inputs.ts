/**
 * Writes the input workbooks of the golden cases under test/golden/<case>/input.xlsx. Each case
 * reads like a real month-end file with one kind of trouble in it. Run after changing a case:
 *
 *   npx tsx scripts/make-golden-inputs.ts && UPDATE_GOLDEN=1 npx vitest run test/golden
 */
import ExcelJS from "exceljs";
import { mkdirSync, writeFileSync } from "node:fs";
import { cusipCheckDigit } from "../src/domain/identifiers";

type Cell = string | number | null;
type Case = Record<string, Cell[][]>;

const STOCK_RECORD: Cell[][] = [
  ["CUSIP", "Description", "Location", "Quantity"],
  ["037833100", "APPLE INC COM", "DTC", 1200],
  ["594918104", "MICROSOFT CORP COM", "DTC", 800],
  ["38259P508", "ALPHABET INC CL A", "DTC", 300],
  ["023135106", "AMAZON COM INC COM", "OCC", 150],
  ["459200101", "INTL BUSINESS MACHS COM", "BNYM", 90],
];

/** A valid CUSIP from its first eight characters. */
function cusip(first8: string): string {
  return first8 + String(cusipCheckDigit(first8));
}

const CASES: Record<string, Case> = {
  // Real files as they arrive: a back-office extract under title rows whose CUSIPs Excel turned
  // into numbers and whose quantities are text, and a depository report with subtotal and grand
  // total rows and a CUSIP damaged beyond repair. Only the two true breaks may come out.
  messy: {
    "Books Extract": [
      ["BACK OFFICE STOCK RECORD EXTRACT"],
      ["Run 11/02/2026 06:15"],
      ["Sec ID", "Desc", "Loc", "Position"],
      [37833100, "APPLE INC COM", "DTC", "1,200"],
      ["594918104", "MICROSOFT CORP COM", "DTC", "1,000"],
      ["00206R102", "AT&T INC COM", "DTC", "500.5"],
      [cusip("02313510"), "AMAZON COM INC COM", "DTC", 300],
      [cusip("46625H10"), "JPMORGAN CHASE & CO COM", "DTC", "100"],
    ],
    "DTC Position Report": [
      ["DTC SECURITY POSITION REPORT"],
      ["PARTICIPANT 0123"],
      ["AS OF 10/30/2026"],
      [],
      ["CUSIP/ISIN", "Security Description", "Settled Position"],
      [37833100, "APPLE INC", "1,200"],
      ["US5949181045", "MICROSOFT CORP", "1,000"],
      ["00206R102", "AT&T INC", "500.50"],
      [cusip("02313510"), "AMAZON COM INC", "250"],
      [null, "Subtotal", "2,950.50"],
      [123457000000000, "UNKNOWN", "10"],
      [null, "Grand Total", "2,960.50"],
    ],
  },
  // Every kind of bad input the issue names, in one month-end file that still runs.
  "bad-input": {
    "Stock Record": STOCK_RECORD,
    DTC: [
      ["Security ID", "Quantity"],
      ["037833100", "1,150"],
      ["594918104", "eight hundred"],
      ["38259P509", 300],
      [null, 2250],
    ],
    OCC: [["CUSIP", "Quantity"]],
    BNYM: [
      ["ISIN", "Security Name"],
      ["US4592001014", "INTL BUSINESS MACHS COM"],
    ],
    Empty: [],
  },
  // Nothing to reconcile against: the run cannot complete (exit 2).
  "no-statements": {
    "Stock Record": STOCK_RECORD,
    Notes: [["Month-end checklist"], ["Ask DTC for the October statement"]],
  },
  // A clean month: split rows and an ISIN statement, no breaks.
  clean: {
    "Stock Record": [
      ["CUSIP", "Location", "Contra", "Quantity"],
      ["037833100", "DTC-FREE", "DTC", 1000],
      ["037833100", "DTC-SEG", "DTC", 200.25],
      ["594918104", "DTC-FREE", "DTC", 0.1],
    ],
    DTC: [
      ["Participant position statement as of 2026-10-30"],
      ["ISIN", "Position Type", "Quantity"],
      ["US0378331005", "Free", 1000],
      ["US0378331005", "Segregated", 200.25],
      ["US5949181045", "Free", 0.1],
    ],
  },
};

async function write(name: string, sheets: Case): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const [sheetName, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(sheetName);
    sheet.getColumn(1).numFmt = "@";
    for (const row of rows) sheet.addRow(row);
  }
  mkdirSync(`test/golden/${name}`, { recursive: true });
  writeFileSync(`test/golden/${name}/input.xlsx`, Buffer.from(await workbook.xlsx.writeBuffer()));
  console.log(`wrote test/golden/${name}/input.xlsx`);
}

async function main(): Promise<void> {
  for (const [name, sheets] of Object.entries(CASES)) await write(name, sheets);
}

void main();
