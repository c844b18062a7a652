/**
 * Generates the bundled sample month-end workbook, `assets/samples/month-end-sample.xlsx`:
 * a stock record with several locations and statements from DTC, OCC and a custodian bank
 * (BNY Mellon), as of Friday 30 October 2026, with a handful of planted breaks of each kind.
 * Deterministic (seeded), so the committed file and the golden expectations stay stable.
 *
 *   npm run sample            rewrite the workbook
 */
import ExcelJS from "exceljs";
import { writeFileSync } from "node:fs";
import { cusipCheckDigit, isinFromCusip } from "../src/domain/identifiers";

const AS_OF_US = "10/30/2026";
const OUT = "assets/samples/month-end-sample.xlsx";

/** mulberry32: a tiny seeded generator, so the sample is the same on every machine. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(20261030);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (low: number, high: number): number =>
  low + Math.floor(random() * (high - low + 1));

function cusip(issuer: string, issue: string): string {
  const first8 = issuer + issue;
  return first8 + String(cusipCheckDigit(first8));
}

interface Security {
  cusip: string;
  description: string;
  bond: boolean;
}

const NAMES = [
  "ACME",
  "BORealis",
  "CASCADE",
  "DELTA",
  "EVERGREEN",
  "FULCRUM",
  "GRANITE",
  "HARBOR",
  "IONIC",
  "JUNIPER",
  "KESTREL",
  "LANTERN",
  "MERIDIAN",
  "NORTHWIND",
  "OSPREY",
  "PINNACLE",
  "QUARRY",
  "RIVERSTONE",
  "SUMMIT",
  "TIDEWATER",
];
const SUFFIX = ["CORP COM", "INC COM", "HLDGS COM", "GROUP CL A", "TR UNIT", "ETF"];

function makeSecurities(count: number): Security[] {
  const used = new Set<string>();
  const securities: Security[] = [
    // Real identifiers, so a reader recognises them: Apple (leading zero), Microsoft.
    { cusip: "037833100", description: "APPLE INC COM", bond: false },
    { cusip: "594918104", description: "MICROSOFT CORP COM", bond: false },
  ];
  securities.forEach((s) => used.add(s.cusip));
  while (securities.length < count) {
    const bond = random() < 0.3;
    const issuer = String(between(1000, 989999)).padStart(6, "0");
    const issue = bond ? pick(["AB", "AC", "AD", "AE", "AF", "AG", "AH"]) : "10";
    const id = cusip(issuer, issue);
    if (used.has(id)) continue;
    used.add(id);
    const name = `${pick(NAMES).toUpperCase()} ${pick(["", "INTL ", "NATL ", "CAP "])}`.replace(
      /\s+/g,
      " ",
    );
    const description = bond
      ? `${name}${(between(200, 750) / 100).toFixed(3)}% ${between(1, 12)}/${between(1, 28)}/${between(2027, 2045)}`
      : `${name}${pick(SUFFIX)}`;
    securities.push({ cusip: id, description, bond });
  }
  return securities;
}

/** A position as the books hold it at one location. */
interface BooksRow {
  security: Security;
  location: string;
  contra: string;
  quantity: number;
  price: number;
}

interface StatementRow {
  security: Security;
  quantity: number | string;
  positionType: string;
  useIsin: boolean;
}

const LOCATIONS: readonly { location: string; contra: string; weight: number }[] = [
  { location: "DTC-FREE", contra: "DTC", weight: 5 },
  { location: "DTC-SEG", contra: "DTC", weight: 2 },
  { location: "OCC-COLL", contra: "OCC", weight: 1 },
  { location: "BNYM-CUST", contra: "BNYM", weight: 2 },
];

function quantityFor(security: Security): number {
  if (security.bond) return between(1, 500) * 5000; // principal amounts in $5,000 pieces
  return between(1, 400) * 25;
}

function main(): void {
  const securities = makeSecurities(260);
  const books: BooksRow[] = [];
  const weighted = LOCATIONS.flatMap((l) => Array.from({ length: l.weight }, () => l));
  for (const security of securities) {
    const where = pick(weighted);
    // Bonds are held mostly at the custodian bank; equities mostly at DTC.
    const location = security.bond && random() < 0.6 ? LOCATIONS[3]! : where;
    books.push({
      security,
      location: location.location,
      contra: location.contra,
      quantity: quantityFor(security),
      // Prices per unit of quantity: a bond at 97.5 (percent of par) is 0.975 per dollar of face.
      price: security.bond ? between(8500, 11000) / 10000 : between(5, 400),
    });
    if (!security.bond && location.contra === "DTC" && random() < 0.2) {
      // Some DTC positions are held both free and segregated: split rows in the books.
      const other = location.location === "DTC-FREE" ? "DTC-SEG" : "DTC-FREE";
      books.push({
        security,
        location: other,
        contra: "DTC",
        quantity: between(1, 100) * 10,
        price: 0,
      });
    }
  }
  // The statements agree with the books, then the planted breaks change them.
  const statements = new Map<string, StatementRow[]>([
    ["DTC", []],
    ["OCC", []],
    ["BNYM", []],
  ]);
  const grouped = new Map<
    string,
    { security: Security; contra: string; byType: Map<string, number> }
  >();
  for (const row of books) {
    const key = `${row.security.cusip}|${row.contra}`;
    const entry = grouped.get(key) ?? {
      security: row.security,
      contra: row.contra,
      byType: new Map<string, number>(),
    };
    const type = row.location.endsWith("SEG")
      ? "Segregated"
      : row.contra === "OCC"
        ? "Collateral"
        : "Free";
    entry.byType.set(type, (entry.byType.get(type) ?? 0) + row.quantity);
    grouped.set(key, entry);
  }
  for (const entry of grouped.values()) {
    for (const [positionType, quantity] of entry.byType) {
      statements.get(entry.contra)!.push({
        security: entry.security,
        quantity,
        positionType,
        useIsin: entry.contra === "BNYM" || random() < 0.15,
      });
    }
  }
  plantBreaks(books, statements, securities);
  writeWorkbook(books, statements).catch((error: unknown) => {
    throw error;
  });
}

const planted: string[] = [];

function findRow(
  rows: StatementRow[],
  predicate: (row: StatementRow) => boolean,
  why: string,
): StatementRow {
  const row = rows.find(predicate);
  if (row === undefined) throw new Error(`sample generator: no row for ${why}`);
  return row;
}

function plantBreaks(
  books: BooksRow[],
  statements: Map<string, StatementRow[]>,
  securities: Security[],
): void {
  const dtc = statements.get("DTC")!;
  const occ = statements.get("OCC")!;
  const bnym = statements.get("BNYM")!;
  const adjust = (rows: StatementRow[], index: number, delta: number, what: string): void => {
    const row = rows.filter((r) => !r.security.bond || what.includes("bond"))[index]!;
    row.quantity = Number(row.quantity) + delta;
    planted.push(
      `${what}: ${row.security.cusip} ${delta > 0 ? "Long" : "Short"} ${Math.abs(delta)}`,
    );
  };
  adjust(dtc, 3, -500, "DTC short difference");
  adjust(dtc, 11, -25, "DTC short difference");
  adjust(dtc, 27, -1200, "DTC short difference");
  adjust(dtc, 40, 300, "DTC long difference");
  adjust(dtc, 52, 75, "DTC long difference");
  adjust(occ, 2, -100, "OCC short difference");
  adjust(
    bnym.filter((r) => r.security.bond),
    4,
    25000,
    "BNYM long difference (bond principal)",
  );
  adjust(
    bnym.filter((r) => r.security.bond),
    9,
    -10000,
    "BNYM short difference (bond principal)",
  );
  // A split DTC position (free + segregated on both sides) whose segregated leg is short.
  const splitSecurity = findRow(
    dtc,
    (r) => r.positionType === "Segregated" && dtc.some((o) => o !== r && o.security === r.security),
    "split",
  );
  splitSecurity.quantity = Number(splitSecurity.quantity) - 40;
  planted.push(`DTC split position short difference: ${splitSecurity.security.cusip} Short 40`);
  // Books-only positions: the contra shows nothing.
  for (const [rows, contra] of [
    [dtc, "DTC"],
    [bnym, "BNYM"],
  ] as const) {
    const gone = rows.find(
      (r) => !r.security.bond && rows.filter((o) => o.security === r.security).length === 1,
    )!;
    rows.splice(rows.indexOf(gone), 1);
    planted.push(`${contra} books only (Short): ${gone.security.cusip}`);
  }
  // Statement-only positions: the contra holds what the books do not show.
  const unknown = securities.slice(-3);
  books.splice(0, books.length, ...books.filter((b) => !unknown.includes(b.security)));
  for (const row of [...dtc, ...occ, ...bnym]) {
    if (unknown.includes(row.security)) row.quantity = 0;
  }
  for (const rows of [dtc, occ, bnym]) {
    rows.splice(0, rows.length, ...rows.filter((r) => r.quantity !== 0));
  }
  dtc.push({ security: unknown[0]!, quantity: 1500, positionType: "Free", useIsin: false });
  occ.push({ security: unknown[1]!, quantity: 200, positionType: "Collateral", useIsin: false });
  planted.push(
    `DTC statement only (Long): ${unknown[0]!.cusip} 1500`,
    `OCC statement only (Long): ${unknown[1]!.cusip} 200`,
  );
  // A fractional share difference at the custodian (dividend reinvestment).
  const fractional = bnym.find((r) => !r.security.bond)!;
  fractional.quantity = `${Number(fractional.quantity)}.375`;
  planted.push(`BNYM fractional long difference: ${fractional.security.cusip} Long 0.375`);
  // Vault positions have no statement: reported as not reconciled by this run.
  for (const security of unknown.slice(2))
    books.push({ security, location: "VAULT", contra: "VAULT", quantity: 100, price: 10 });
}

async function writeWorkbook(
  books: BooksRow[],
  statements: Map<string, StatementRow[]>,
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "StockRec sample generator";
  workbook.created = new Date(Date.UTC(2026, 10, 2));
  const text = (sheet: ExcelJS.Worksheet, columns: number[]): void => {
    for (const c of columns) sheet.getColumn(c).numFmt = "@";
  };

  const stock = workbook.addWorksheet("Stock Record");
  // No contra column: the Locations sheet places each location at its contra organization.
  stock.addRow(["CUSIP", "Description", "Location", "Quantity", "Price"]).font = {
    bold: true,
  };
  text(stock, [1]);
  for (const row of books)
    stock.addRow([
      row.security.cusip,
      row.security.description,
      row.location,
      row.quantity,
      row.price,
    ]);
  stock.columns.forEach((column, index) => (column.width = [12, 36, 12, 14, 10][index] ?? 12));

  const dtc = workbook.addWorksheet("DTC");
  dtc.addRow(["DTC Participant Position Statement — Participant 0123 EXAMPLE SECURITIES LLC"]);
  dtc.addRow([`As of ${AS_OF_US}`]);
  dtc.addRow([]);
  dtc.addRow(["Security ID", "Description", "Position Type", "Quantity"]).font = { bold: true };
  text(dtc, [1]);
  const dtcRows = statements.get("DTC")!;
  for (const row of dtcRows) {
    dtc.addRow([
      row.useIsin ? isinFromCusip(row.security.cusip) : row.security.cusip,
      row.security.description,
      row.positionType,
      row.quantity,
    ]);
  }
  dtc.addRow([]);
  dtc.addRow(["", "Total", "", dtcRows.reduce((total, row) => total + Number(row.quantity), 0)]);
  dtc.columns.forEach((column, index) => (column.width = [14, 36, 14, 14][index] ?? 12));

  // OCC names some collateral by symbol; the Security Master maps symbols to CUSIPs.
  const occ = workbook.addWorksheet("OCC");
  occ.addRow(["Security ID", "Description", "Quantity"]).font = { bold: true };
  text(occ, [1]);
  const symbols: [string, string, string][] = [];
  statements.get("OCC")!.forEach((row, index) => {
    const symbol = index % 5 === 1 ? symbolFor(row.security) : null;
    if (symbol !== null)
      symbols.push([row.security.cusip, isinFromCusip(row.security.cusip), symbol]);
    occ.addRow([symbol ?? row.security.cusip, row.security.description, row.quantity]);
  });
  occ.columns.forEach((column, index) => (column.width = [12, 36, 14][index] ?? 12));

  const bnym = workbook.addWorksheet("BNY Mellon");
  bnym.addRow(["ISIN", "Security Name", "Custodian", "Face Amount", "Statement Date"]).font = {
    bold: true,
  };
  text(bnym, [1]);
  for (const row of statements.get("BNYM")!) {
    bnym.addRow([
      isinFromCusip(row.security.cusip),
      row.security.description,
      "BNYM",
      row.quantity,
      "2026-10-30",
    ]);
  }
  bnym.columns.forEach((column, index) => (column.width = [15, 36, 10, 14, 14][index] ?? 12));

  writeReferenceSheets(workbook, symbols);
  writeCashSheets(workbook);
  writeRegisters(workbook);

  const buffer = await workbook.xlsx.writeBuffer();
  writeFileSync(OUT, Buffer.from(buffer));
  writeFileSync(
    "assets/samples/PLANTED.md",
    [
      "# Planted breaks in month-end-sample.xlsx",
      "",
      "Written by `scripts/generate-sample.ts` (`npm run sample`); as of 2026-10-30.",
      "The stock record also holds VAULT positions, which no statement covers (reported as not reconciled),",
      "and the DTC statement ends with a Total row (reported, not matched). The Locations sheet places",
      "books locations at their contras; OCC names some positions by symbol, which the Security Master",
      "maps to CUSIPs; GL Cash is reconciled against Cash Statements.",
      "",
      ...planted.map((line) => `- ${line}`),
      "",
    ].join("\n"),
  );
  console.log(
    `wrote ${OUT}: ${books.length} books rows, ${[...statements.values()].reduce((n, rows) => n + rows.length, 0)} statement rows, ${planted.length} planted breaks`,
  );
}

/** A ticker-like symbol from the description's first word and the CUSIP's issue digits. */
function symbolFor(security: Security): string {
  const word = security.description.replace(/[^A-Z]/g, "").slice(0, 3);
  return `${word}${security.cusip.slice(4, 6)}`.replace(/[AEIOU]/g, "X");
}

function writeReferenceSheets(
  workbook: ExcelJS.Workbook,
  symbols: readonly [string, string, string][],
): void {
  const locations = workbook.addWorksheet("Locations");
  locations.addRow(["Location", "Contra", "Statement Account", "Notes"]).font = { bold: true };
  for (const row of [
    ["DTC-FREE", "DTC", "0123", "DTC participant 0123, free"],
    ["DTC-SEG", "DTC", "0123", "DTC participant 0123, segregated (15c3-3)"],
    ["OCC-COLL", "OCC", "00456", "Stock deposited as OCC margin collateral"],
    ["BNYM-CUST", "BNYM", "123456789", "BNY Mellon custody account"],
    ["VAULT", "VAULT", "", "Physical certificates, counted quarterly (17a-13)"],
  ]) {
    locations.addRow(row);
  }
  locations.columns.forEach((column, index) => (column.width = [12, 10, 18, 48][index] ?? 12));

  const master = workbook.addWorksheet("Security Master");
  master.addRow(["CUSIP", "ISIN", "Symbol"]).font = { bold: true };
  for (const c of [1, 2, 3]) master.getColumn(c).numFmt = "@";
  for (const row of symbols) master.addRow(row);
  master.columns.forEach((column) => (column.width = 15));
}

/** GL cash balances and the contras' cash statements: one roll-up match, one short, one long. */
function writeCashSheets(workbook: ExcelJS.Workbook): void {
  const gl = workbook.addWorksheet("GL Cash");
  gl.addRow([
    "GL Account",
    "Account Name",
    "Contra",
    "Statement Account",
    "Currency",
    "Balance",
  ]).font = { bold: true };
  for (const c of [1, 4]) gl.getColumn(c).numFmt = "@";
  for (const row of [
    ["1010-100", "Cash at DTC - settlement", "DTC", "0123", "USD", 1250000],
    ["1020-100", "OCC margin deposit", "OCC", "00456", "USD", 500000],
    ["1030-100", "Custody cash USD", "BNYM", "123456789", "USD", 2345678.9],
    ["1030-200", "Custody cash in transit USD", "BNYM", "123456789", "USD", 4321.1],
    ["1031-100", "Custody cash EUR", "BNYM", "123456789", "EUR", 10000],
  ]) {
    gl.addRow(row);
  }
  gl.columns.forEach((column, index) => (column.width = [12, 30, 8, 18, 9, 16][index] ?? 12));
  planted.push(
    "Money: BNYM 123456789 USD matches once GL 1030-100 and 1030-200 roll up (2,350,000.00)",
    "Money: BNYM 123456789 EUR Short 124.50",
    "Money: OCC 00456 USD Long 100.00",
  );

  const cash = workbook.addWorksheet("Cash Statements");
  cash.addRow(["Contra", "Account", "Currency", "Closing Balance", "As Of"]).font = { bold: true };
  for (const c of [2]) cash.getColumn(c).numFmt = "@";
  for (const row of [
    ["DTC", "0123", "USD", "1,250,000.00", "2026-10-30"],
    ["OCC", "00456", "USD", "500,100.00", "2026-10-30"],
    ["BNYM", "123456789", "USD", "2,350,000.00", "2026-10-30"],
    ["BNYM", "123456789", "EUR", "9,875.50", "2026-10-30"],
  ]) {
    cash.addRow(row);
  }
  cash.columns.forEach((column, index) => (column.width = [8, 12, 9, 16, 12][index] ?? 12));
}

/** FINRA 4523 registers: GL owners and supervisors, and suspense items of several ages. */
function writeRegisters(workbook: ExcelJS.Workbook): void {
  const gl = workbook.addWorksheet("GL Accounts");
  gl.addRow([
    "Account Number",
    "Account Name",
    "Primary Owner",
    "Supervisor",
    "Function",
    "Review Frequency",
    "Last Reviewed On",
    "Last Reviewed By",
    "Holds Suspense Items",
  ]).font = { bold: true };
  gl.getColumn(1).numFmt = "@";
  for (const row of [
    [
      "1010-100",
      "Cash at DTC - settlement",
      "A. Ortiz",
      "M. Chen",
      "Cash",
      "Monthly",
      "2026-10-30",
      "M. Chen",
      "No",
    ],
    [
      "1020-100",
      "OCC margin deposit",
      "A. Ortiz",
      "M. Chen",
      "Cash",
      "Monthly",
      "2026-10-29",
      "M. Chen",
      "No",
    ],
    [
      "1030-100",
      "Custody cash USD",
      "R. Patel",
      "",
      "Cash",
      "Monthly",
      "2026-09-15",
      "M. Chen",
      "No",
    ],
    [
      "2600-100",
      "Suspense - DK fails",
      "R. Patel",
      "M. Chen",
      "Suspense",
      "Weekly",
      "2026-10-30",
      "M. Chen",
      "Yes",
    ],
    [
      "2610-100",
      "Unresolved receive items",
      "J. Smith",
      "J. Smith",
      "Operations",
      "Monthly",
      "2026-10-30",
      "J. Smith",
      "Yes",
    ],
    [
      "2700-100",
      "Security count differences",
      "J. Smith",
      "M. Chen",
      "Difference account",
      "Quarterly",
      "2026-07-31",
      "M. Chen",
      "No",
    ],
  ]) {
    gl.addRow(row);
  }
  gl.columns.forEach(
    (column, index) => (column.width = [14, 30, 12, 12, 18, 16, 16, 16, 20][index] ?? 12),
  );
  planted.push(
    "GL: 1030-100 has no supervisor and a review older than a month; 2610-100 holds suspense items without saying so and has one person as owner and supervisor; 2700-100 is reviewed quarterly",
  );

  const suspense = workbook.addWorksheet("Suspense Items");
  suspense.addRow([
    "Item ID",
    "GL Account",
    "Type",
    "Opened On",
    "Amount",
    "Debit/Credit",
    "Quantity",
    "Long/Short",
    "Security ID",
    "Known Facts",
    "Owner",
    "Last Research Note On",
    "Status",
  ]).font = { bold: true };
  for (const c of [1, 2, 9]) suspense.getColumn(c).numFmt = "@";
  for (const row of [
    [
      "SUS-001",
      "2600-100",
      "DK fail",
      "2026-10-26",
      null,
      null,
      500,
      "Short",
      "037833100",
      "Contra DKs trade of 10/23",
      "R. Patel",
      "2026-10-29",
      "Open",
    ],
    [
      "SUS-002",
      "2600-100",
      "Unidentified fail",
      "2026-09-21",
      null,
      null,
      200,
      "Long",
      "594918104",
      "Receive without instructions",
      "R. Patel",
      "2026-10-02",
      "Open",
    ],
    [
      "SUS-003",
      "2610-100",
      "Unallocable receipt versus payment",
      "2026-08-14",
      12500,
      "Credit",
      null,
      null,
      "",
      "Wire from unknown remitter",
      "",
      "2026-08-20",
      "Open",
    ],
    [
      "SUS-004",
      "2610-100",
      "Returned delivery",
      "2026-10-12",
      null,
      null,
      1000,
      "Short",
      "459200101",
      "Delivery returned by custodian",
      "J. Smith",
      "2026-10-28",
      "Open",
    ],
    [
      "SUS-005",
      "2600-100",
      "Doubtful collectibility",
      "2026-06-30",
      3200.5,
      "Debit",
      null,
      null,
      "",
      "Dividend claim disputed",
      "J. Smith",
      "2026-07-15",
      "Open",
    ],
  ]) {
    suspense.addRow(row);
  }
  suspense.columns.forEach(
    (column, index) =>
      (column.width = [10, 10, 30, 12, 12, 12, 10, 10, 12, 32, 10, 18, 8][index] ?? 12),
  );
  planted.push(
    "Suspense: items of 4, 39, 77, 18 and 122 calendar days as of 2026-10-30; SUS-003 has no owner; SUS-005 has no research note for over 10 days",
  );
}

main();
