/**
 * Writes the input workbooks of the golden cases under test/golden/<case>/input.xlsx. Each case
 * reads like a real month-end file with one kind of trouble in it. Run after changing a case:
 *
 *   npx tsx scripts/make-golden-inputs.ts && UPDATE_GOLDEN=1 npx vitest run test/golden
 *
 * Name cases (or a prefix, e.g. `count`) to write only those: the others' files stay as they are.
 */
import ExcelJS from "exceljs";
import { mkdirSync, writeFileSync } from "node:fs";
import { cusipCheckDigit } from "../src/domain/identifiers";
import { COUNT_HEADERS } from "../src/workbook/countSheet";

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

// ---- The 17a-13 quarterly security count (test/golden/count.test.ts) -------------------------
// A vault with two locations and a box, a pledge at a bank over 30 days (to be verified), a
// transfer of 11 days (accounted for) and a DTC position the monthly reconciliation verifies.
const COUNT_STOCK_RECORD: Cell[][] = [
  ["CUSIP", "Description", "Location", "Quantity", "Possession", "Status Since"],
  ["037833100", "APPLE INC COM", "VAULT-A", 150, null, null],
  ["594918104", "MICROSOFT CORP COM", "VAULT-A", 80, null, null],
  ["38259P508", "ALPHABET INC CL A", "BOX-12", 25, null, null],
  ["594918104", "MICROSOFT CORP COM", "CHASE-LOAN", 200, "Pledged", "2026-09-01"],
  [cusip("02313510"), "AMAZON COM INC COM", "TRANSFER", 10, "In transfer", "2026-12-20"],
  ["037833100", "APPLE INC COM", "DTC", 1000, null, null],
];
const COUNT_LOCATIONS: Cell[][] = [
  ["Location", "Contra", "Count Status", "Notes"],
  ["DTC", "DTC", "Deposited", "DTC participant 0123"],
  ["VAULT-A", "VAULT", "Vault", "Main vault, cage A"],
  ["BOX-12", "VAULT", "Box", "Safe deposit box 12"],
  ["CHASE-LOAN", "CHASE", "Pledged", "Bank loan collateral"],
  ["TRANSFER", "TA", "In transfer", "At the transfer agent"],
];
/** An earlier count's sheet, as StockRec wrote it (its date is in the sheet's name). */
function previousCount(): Cell[][] {
  const cells: Record<string, Cell> = {
    "Line ID": "037833100@VAULT-A#in_possession",
    "Security ID": "037833100",
    Description: "APPLE INC COM",
    Location: "VAULT-A",
    Status: "In possession",
    "Books Quantity": 150,
    "Counted Quantity": 150,
    "Counted By": "A. Auditor",
    "Supervised By": "M. Chen",
    "Verification Required": "No",
    Outcome: "Agreed",
    "Source Rows": "Stock Record!2",
  };
  return [[...COUNT_HEADERS], COUNT_HEADERS.map((h) => cells[h] ?? null)];
}
const countCase = (previous: string | null): Case => ({
  "Stock Record": COUNT_STOCK_RECORD,
  Locations: COUNT_LOCATIONS,
  ...(previous === null ? {} : { [`Count ${previous}`]: previousCount() }),
});
CASES["count-clean"] = countCase(null);
// The previous count 7 weeks earlier (less than two months) and 5 months earlier (more than four).
CASES["count-too-soon"] = countCase("2026-11-13");
CASES["count-too-late"] = countCase("2026-07-31");

const COUNT_FILE_HEADER =
  "Security ID,Location,Counted Quantity,Confirmation Date,Confirmation Reference,Confirmed Quantity";
/** The scanner files of the count cases: the counts as the vault staff entered them. */
const COUNT_FILES: Record<string, string[]> = {
  "count-clean": [
    "037833100,VAULT-A,150,,,",
    "594918104,VAULT-A,80,,,",
    "38259P508,BOX-12,25,,,",
    "594918104,CHASE-LOAN,,2026-12-30,CHASE-PLEDGE-7781,",
  ],
  // APPLE 10 short in the vault, ALPHABET 5 long in the box, the bank confirms 10 fewer pledged.
  "count-differences": [
    "037833100,VAULT-A,140,,,",
    "594918104,VAULT-A,80,,,",
    "38259P508,BOX-12,30,,,",
    "594918104,CHASE-LOAN,,2026-12-30,CHASE-PLEDGE-7781,190",
  ],
  // The bank has not confirmed the pledge, out of possession 121 days.
  "count-unverified": [
    "037833100,VAULT-A,150,,,",
    "594918104,VAULT-A,80,,,",
    "38259P508,BOX-12,25,,,",
  ],
};

function writeCountFile(name: string, lines: readonly string[]): void {
  mkdirSync(`test/golden/${name}`, { recursive: true });
  writeFileSync(`test/golden/${name}/counts.csv`, [COUNT_FILE_HEADER, ...lines, ""].join("\n"));
  console.log(`wrote test/golden/${name}/counts.csv`);
}

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
  const wanted = process.argv.slice(2);
  const chosen = (name: string) => wanted.length === 0 || wanted.some((w) => name.startsWith(w));
  for (const [name, sheets] of Object.entries(CASES)) if (chosen(name)) await write(name, sheets);
  for (const [name, lines] of Object.entries(COUNT_FILES))
    if (chosen(name)) writeCountFile(name, lines);
}

void main();
