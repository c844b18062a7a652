/**
 * Statement import, pure part: which format a file is (detect.ts) and the rows of the one sheet
 * it becomes (toSheet.ts), on the oracle samples of shared/oracles/PROVENANCE.md B and on small
 * CSV files written the way exports really look.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  decodeText,
  detectFormat,
  detectStatementFormat,
  type StatementFormat,
} from "../../../src/domain/formats/detect";
import {
  csvToTable,
  sheetToTable,
  textToTable,
  withContra,
  type ImportedTable,
} from "../../../src/domain/formats/toSheet";
import { findHeader, findHeaderRow } from "../../../src/domain/headers";
import { MONEY_STATEMENT_SCHEMA } from "../../../src/domain/money";
import type { Row } from "../../../src/domain/sheet";

const statementsDir = join(process.cwd(), "..", "shared", "oracles", "statements");

/** The oracle samples live beside the repository (PROVENANCE.md B); never copied into it. */
function sampleBytes(folder: string, file: string): Uint8Array {
  const path = join(statementsDir, folder, file);
  if (!existsSync(path)) {
    throw new Error(
      `Oracle sample missing: ${path}. These tests read the statement samples from ` +
        `../shared/oracles/statements beside the repository root (run vitest from the ` +
        `repository root; see shared/oracles/PROVENANCE.md, section B).`,
    );
  }
  return new Uint8Array(readFileSync(path));
}

const MT535_LANXESS = "prowide-core_SwiftParserConsumeTagTest_35B_with_colon_2.fin";
const MT535_NO_ISIN = "prowide-core_SwiftParserConsumeTagTest_35B_with_colon.fin";
const MT535_EMPTY = "prowide-core_MT535ParserTest_test535_1.fin";
const CMXL = "wolph-mt940_cmxl_mt940.sta";
const ABN_AMRO = "wolph-mt940_jejik_abnamro.sta";
const CITI = "wolph-mt940_citi_mt940.txt";
const MT950_UHB = "prowide-core_MtSwiftMessageJsonSchemaTest_test_950.fin";
const MT950_PARSER = "prowide-core_MT950ParserTest.fin";
const BAI2_SAMPLE1 = "moov-io-bai2_sample1.txt";
const BAI2_SAMPLE2 = "moov-io-bai2_sample2.txt";
const BAI2_SAMPLE3 = "moov-io-bai2_sample3.txt";
const BAI2_SAMPLE4 = "moov-io-bai2_sample4-continuations-newline-delimited.txt";

function sampleTable(folder: string, file: string): ImportedTable {
  const bytes = sampleBytes(folder, file);
  const format = detectStatementFormat(file, bytes);
  if (format === "unknown" || format === "xlsx") throw new Error(`${file} detected as ${format}`);
  return textToTable(format, decodeText(bytes, file).text, file);
}

const headersOf = (table: ImportedTable) => table.columns.map((column) => column.header);

/** The table's rows as objects keyed by header, for readable assertions. */
function records(table: ImportedTable): Record<string, unknown>[] {
  return table.rows.map((row) =>
    Object.fromEntries(table.columns.map((column, index) => [column.header, row[index] ?? null])),
  );
}

const codes = (table: ImportedTable) => table.issues.map((issue) => issue.code);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("detectStatementFormat on the oracle samples (PROVENANCE.md B)", () => {
  it("finds the oracle statement folder", () => {
    expect(
      existsSync(statementsDir),
      `missing ${statementsDir}: run the tests from the repository root, with shared/ beside it`,
    ).toBe(true);
  });

  const expected: Readonly<Record<string, StatementFormat>> = {
    bai2: "bai2",
    mt535: "mt535",
    // MT537 (CSDR penalties) is a SWIFT message StockRec does not import.
    mt537: "unknown",
    mt940: "mt940",
    mt950: "mt950",
  };

  it("detects every sample by its content", () => {
    const seen: string[] = [];
    for (const folder of readdirSync(statementsDir).sort()) {
      for (const file of readdirSync(join(statementsDir, folder)).sort()) {
        const format = detectStatementFormat(file, sampleBytes(folder, file));
        expect(`${folder}/${file}: ${format}`).toBe(`${folder}/${file}: ${expected[folder]}`);
        seen.push(file);
      }
    }
    expect(seen).toHaveLength(13);
  });

  it("goes by content, not by name: an MT535 saved as .txt, a BAI2 file saved as .csv", () => {
    expect(detectStatementFormat("statement.txt", sampleBytes("mt535", MT535_LANXESS))).toBe(
      "mt535",
    );
    expect(detectStatementFormat("balances.csv", sampleBytes("bai2", BAI2_SAMPLE1))).toBe("bai2");
    expect(detectStatementFormat("export.csv", sampleBytes("mt950", MT950_UHB))).toBe("mt950");
  });

  it("says why an MT537 is refused", () => {
    const detection = detectFormat(
      "penalties.fin",
      sampleBytes("mt537", "prowide-core_Issue78_penalties.fin"),
    );
    expect(detection.format).toBe("unknown");
    expect(detection.reason).toContain("MT537");
  });
});

describe("detectStatementFormat on other files", () => {
  it("knows a zip archive is an .xlsx whatever its name", () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    expect(detectStatementFormat("statement.bin", zip)).toBe("xlsx");
  });

  it("recognises a headerless MT535 by :16R:GENL and :35B:", () => {
    const text = ":16R:GENL\n:98A::STAT//20260130\n:16S:GENL\n:16R:FIN\n:35B:ISIN US0378331005\n";
    expect(detectStatementFormat("x", utf8(text))).toBe("mt535");
  });

  it("falls back on the extension when the content names no format", () => {
    const csv = utf8("CUSIP,Quantity\n037833100,100\n");
    expect(detectStatementFormat("positions.csv", csv)).toBe("csv");
    expect(detectStatementFormat("positions.TSV", csv)).toBe("csv");
    expect(detectStatementFormat("positions.txt", csv)).toBe("csv");
    expect(detectStatementFormat("positions.dat", csv)).toBe("unknown");
  });

  it("refuses empty, binary and old .xls files with a reason", () => {
    expect(detectFormat("a.csv", new Uint8Array()).reason).toContain("empty");
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(detectFormat("a.xls", xls)).toMatchObject({ format: "unknown" });
    expect(detectFormat("a.xls", xls).reason).toContain(".xls");
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x0a, 0x00, 0x01, 0x02, 0x03]);
    expect(detectFormat("a.csv", pdf)).toMatchObject({ format: "unknown" });
  });
});

describe("decodeText", () => {
  it("strips a UTF-8 byte-order mark and says nothing", () => {
    const decoded = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("CUSIP;Qty")]), "a.csv");
    expect(decoded).toEqual({ text: "CUSIP;Qty", encoding: "utf-8", issues: [] });
  });

  it("reads bytes that are not UTF-8 as Windows-1252 and says so in an info issue", () => {
    // "Société €" as Excel on Windows saves it.
    const bytes = new Uint8Array([0x53, 0x6f, 0x63, 0x69, 0xe9, 0x74, 0xe9, 0x20, 0x80]);
    const decoded = decodeText(bytes, "old.csv");
    expect(decoded.text).toBe("Société €");
    expect(decoded.encoding).toBe("windows-1252");
    expect(decoded.issues).toMatchObject([
      { code: "text_encoding_is_not_utf8", severity: "info", where: { sheet: "old.csv" } },
    ]);
  });

  it("reads Excel's Unicode Text (UTF-16LE with a BOM)", () => {
    const text = "CUSIP\tQty\n037833100\t5";
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    [...text].forEach((character, index) => {
      bytes[2 + index * 2] = character.charCodeAt(0);
    });
    expect(decodeText(bytes, "u.txt")).toMatchObject({ text, encoding: "utf-16le" });
    expect(detectStatementFormat("u.txt", bytes)).toBe("csv");
  });
});

describe("MT535 → positions sheet", () => {
  it("the LANXESS holding: ISIN XS0222550880, 300 FAMT, 200 available, account S 02500", () => {
    const table = sampleTable("mt535", MT535_LANXESS);
    expect(table).toMatchObject({ format: "mt535", kind: "positions", statementCount: 1 });
    expect(headersOf(table)).toEqual([
      "ISIN",
      "Description",
      "Quantity",
      "Quantity Type",
      "Available",
      "Safekeeping Account",
      "Statement Date",
      "Page",
      "Source Line",
    ]);
    expect(records(table)).toEqual([
      {
        ISIN: "XS0222550880",
        Description: "4,125? LANXESS FIN.B.V.NT.V.05 21.6",
        Quantity: 300,
        "Quantity Type": "FAMT",
        Available: 200,
        "Safekeeping Account": "S 02500",
        "Statement Date": "2008-03-12",
        Page: "6/MORE",
        "Source Line": 17,
      },
    ]);
    expect(table.columns.map((column) => column.format.kind)).toEqual([
      "text",
      "text",
      "quantity",
      "text",
      "quantity",
      "text",
      "date",
      "text",
      "general",
    ]);
    expect([table.account, table.date]).toEqual(["S 02500", "2008-03-12"]);
  });

  it("carries the parser's issues over: the message is truncated (errors at lines 31 and 16)", () => {
    const table = sampleTable("mt535", MT535_LANXESS);
    expect(table.issues.map((i) => [i.code, i.severity, i.where.sheet, i.where.row])).toEqual([
      ["swift_sequence_must_be_closed", "error", MT535_LANXESS, 31],
      ["swift_sequence_must_be_closed", "error", MT535_LANXESS, 16],
      ["statement_pages_must_all_be_loaded", "info", MT535_LANXESS, 1],
    ]);
  });

  it("a holding without an ISIN keeps its other identifier (without the /US/ prefix)", () => {
    const [row] = records(sampleTable("mt535", MT535_NO_ISIN));
    expect(row).toMatchObject({
      ISIN: "AGGR_AVAI",
      Description: "AGGR=300, AVAI:=200",
      Quantity: 300,
      Available: 200,
    });
  });

  it("an empty statement gives a header and no rows, with its info issue", () => {
    const table = sampleTable("mt535", MT535_EMPTY);
    expect(table.rows).toEqual([]);
    expect(table.statementCount).toBe(1);
    expect([table.account, table.date]).toEqual(["ABC", "2007-03-27"]);
    expect(codes(table)).toEqual(["statement_has_no_holdings"]);
  });

  it("is read back by StockRec's header detection: ISIN, Quantity, account and as-of", () => {
    const table = sampleTable("mt535", MT535_LANXESS);
    const header = findHeader({ name: "MT535", rows: [headersOf(table), ...table.rows] });
    expect(header?.columns).toMatchObject({
      securityId: 1,
      description: 2,
      quantity: 3,
      account: 6,
      asOf: 7,
    });
  });

  it("keeps every statement and page of a file, each with its own account and date", () => {
    const page = (page: string, account: string, date: string, isin: string, quantity: string) =>
      [
        "{1:F01FOOBARXXAXXX0000000000}{2:I535FOOBARXXXXXXN}{4:",
        ":16R:GENL",
        `:28E:${page}`,
        `:98A::STAT//${date}`,
        `:97A::SAFE//${account}`,
        ":16S:GENL",
        ":16R:SUBSAFE",
        ":16R:FIN",
        `:35B:ISIN ${isin}`,
        `:93B::AGGR//UNIT/${quantity}`,
        ":16S:FIN",
        ":16S:SUBSAFE",
        "-}",
      ].join("\r\n");
    const text = [
      page("1/MORE", "111", "20260130", "US0378331005", "100,"),
      // 17 significant digits: a double cannot hold it, so it stays an exact decimal string.
      page("2/LAST", "111", "20260130", "US5949181045", "12345678901234,567"),
      page("1/ONLY", "222", "20260131", "US0378331005", "5,5"),
    ].join("\r\n");
    const table = textToTable("mt535", text, "three.fin");
    expect(table.statementCount).toBe(3);
    expect(
      records(table).map((r) => [
        r.ISIN,
        r.Quantity,
        r["Safekeeping Account"],
        r["Statement Date"],
        r.Page,
      ]),
    ).toEqual([
      ["US0378331005", 100, "111", "2026-01-30", "1/MORE"],
      ["US5949181045", "12345678901234.567", "111", "2026-01-30", "2/LAST"],
      ["US0378331005", 5.5, "222", "2026-01-31", "1/ONLY"],
    ]);
    expect(table.columns[2]?.format).toEqual({ kind: "quantity", decimals: 3 });
  });
});

describe("MT940 / MT950 → money sheet", () => {
  const CASH_HEADERS = [
    "Account",
    "Currency",
    "Statement Number",
    "Opening Date",
    "Opening Balance",
    "As Of",
    "Closing Balance",
    "Closing Kind",
    "Entries",
    "Credits",
    "Debits",
    "Source Line",
  ];

  it("cmxl: three statements closing at 84437.04 DEM, 4387.95 EUR and 50040.00 PLN", () => {
    const table = sampleTable("mt940", CMXL);
    expect(table).toMatchObject({ format: "mt940", kind: "money", statementCount: 3 });
    expect(headersOf(table)).toEqual(CASH_HEADERS);
    expect(table.rows).toEqual([
      [
        "45050050/76198810",
        "DEM",
        "27/01",
        "2013-10-16",
        84349.74,
        "2013-10-17",
        84437.04,
        "final",
        11,
        49396.74,
        49309.44,
        1,
      ],
      [
        "10020030/1234567",
        "EUR",
        "5/1",
        "2002-11-01",
        2187.95,
        "2002-11-30",
        4387.95,
        "final",
        2,
        3000,
        800,
        31,
      ],
      [
        "BPHKPLPK/320000546101",
        "PLN",
        "00084/001",
        "2003-10-02",
        40000,
        "2002-03-25",
        50040,
        "final",
        3,
        20040,
        10000,
        49,
      ],
    ] satisfies Row[]);
    expect(table.columns[6]?.format).toEqual({ kind: "quantity", decimals: 2 });
    expect(table.issues).toEqual([]);
  });

  it("is read back by the money schema: account, currency, closing balance, as-of", () => {
    const table = sampleTable("mt940", CMXL);
    const sheet = { name: "MT940", rows: [headersOf(table), ...table.rows] };
    expect(findHeaderRow(sheet, MONEY_STATEMENT_SCHEMA)?.columns).toEqual({
      account: 1,
      currency: 2,
      asOf: 6,
      balance: 7,
    });
  });

  it("ABN AMRO: a final then an intermediate closing, and the footing errors carried over", () => {
    const table = sampleTable("mt940", ABN_AMRO);
    expect(
      records(table).map((r) => [r["Statement Number"], r["Closing Balance"], r["Closing Kind"]]),
    ).toEqual([
      ["19321/1", 876.84, "final"],
      ["19322/1", 1849.75, "intermediate"],
    ]);
    expect(table.issues.map((i) => [i.code, i.severity, i.where.row])).toEqual([
      ["cash_statement_must_foot", "error", 27],
      ["cash_statement_must_foot", "error", 40],
      ["statement_balances_must_chain", "error", 35],
    ]);
  });

  it("Citi: closing 16233.92 USD after five entries", () => {
    const [row] = records(sampleTable("mt940", CITI));
    expect(row).toMatchObject({
      Account: "123456789",
      Currency: "USD",
      "Opening Balance": 17376.67,
      "Closing Balance": 16233.92,
      "As Of": "2024-03-12",
      Entries: 5,
      Credits: 0,
      Debits: 1142.75,
    });
  });

  it("MT950: the UHB example and an intermediate (62M) closing", () => {
    const uhb = sampleTable("mt950", MT950_UHB);
    expect(uhb.format).toBe("mt950");
    expect(records(uhb)[0]).toMatchObject({
      Account: "123 456789",
      Currency: "EUR",
      "Opening Balance": 3723495,
      "Closing Balance": 3709865.13,
      "Closing Kind": "final",
      Debits: 13629.87,
    });
    expect(records(sampleTable("mt950", MT950_PARSER))[0]).toMatchObject({
      Account: "12345678",
      "Closing Balance": 115454.92,
      "Closing Kind": "intermediate",
      Credits: 115454.92,
    });
  });

  it("a debit closing balance is negative", () => {
    const text = [
      ":20:REF",
      ":25:999",
      ":28C:1/1",
      ":60F:C260130USD100,00",
      ":61:2601300130D250,50NTRFNONREF",
      ":62F:D260130USD150,50",
    ].join("\n");
    const [row] = records(textToTable("mt940", text, "overdrawn.sta"));
    expect(row).toMatchObject({ "Opening Balance": 100, "Closing Balance": -150.5, Debits: 250.5 });
  });
});

describe("BAI2 → money sheet", () => {
  const BAI2_HEADERS = [
    "Account",
    "Currency",
    "As Of",
    "Opening Ledger Balance",
    "Closing Ledger Balance",
    "Opening Available",
    "Closing Available",
    "Total Credits",
    "Total Debits",
    "Source Line",
  ];

  it("sample1: the two blocks of account 10200123456, CAD, as of 2006-03-17", () => {
    const table = sampleTable("bai2", BAI2_SAMPLE1);
    expect(table).toMatchObject({ format: "bai2", kind: "money", statementCount: 2 });
    expect(headersOf(table)).toEqual(BAI2_HEADERS);
    expect(table.rows).toEqual([
      ["10200123456", "CAD", "2006-03-17", null, null, 0, 0, 2085, 2085, 3],
      ["10200123456", "CAD", "2006-03-17", null, null, 0, 0, 1115, 1115, 17],
    ] satisfies Row[]);
    expect(table.source).toBe("2 account blocks in 1 group");
  });

  it("is read back by the money schema: the closing ledger balance is the balance", () => {
    const table = sampleTable("bai2", BAI2_SAMPLE3);
    const sheet = { name: "BAI2", rows: [headersOf(table), ...table.rows] };
    expect(findHeaderRow(sheet, MONEY_STATEMENT_SCHEMA)?.columns).toEqual({
      account: 1,
      currency: 2,
      asOf: 3,
      balance: 5,
    });
  });

  it("sample1: no closing ledger (015) is left blank, with a warning per block", () => {
    const table = sampleTable("bai2", BAI2_SAMPLE1);
    expect(table.issues.map((i) => [i.code, i.severity, i.where.row])).toEqual([
      ["bai2_account_must_report_closing_ledger", "warning", 3],
      ["bai2_account_must_report_closing_ledger", "warning", 17],
    ]);
    expect(table.issues[0]?.message).toContain("040 0");
  });

  it("sample2: account numbers keep their leading zeros; a negative opening ledger", () => {
    const rows = records(sampleTable("bai2", BAI2_SAMPLE2));
    expect(rows.map((r) => [r.Account, r.Currency, r["Opening Ledger Balance"]])).toEqual([
      ["0123456789", "USD", 43500],
      ["9876543210", "USD", -5000],
      ["4589761203", "USD", 100000],
      ["0975312468", "USD", 5000],
      ["7890654321", "USD", 8000],
    ]);
  });

  it("sample3: fifteen blocks with their closing ledgers", () => {
    const table = sampleTable("bai2", BAI2_SAMPLE3);
    expect(table.rows).toHaveLength(15);
    expect(records(table)[3]).toMatchObject({
      Account: "1111111",
      "As Of": "2022-09-19",
      "Opening Ledger Balance": -557.03,
      "Closing Ledger Balance": -864.06,
      "Total Debits": 307.03,
    });
    expect(codes(table)).toEqual([]);
  });

  it("sample4: the wrong control totals are carried over as errors", () => {
    const table = sampleTable("bai2", BAI2_SAMPLE4);
    expect(table.rows).toHaveLength(5);
    expect(records(table)[2]).toMatchObject({
      Account: "104108339",
      "Closing Ledger Balance": 1593811.94,
    });
    expect(table.issues.filter((i) => i.severity === "error").map((i) => i.code)).toEqual([
      "bai2_account_control_total_must_match",
      "bai2_account_control_total_must_match",
      "bai2_group_control_total_must_match",
    ]);
  });
});

describe("CSV → a sheet under its own header", () => {
  it("keeps every cell as written: quoted commas, leading zeros, grouped quantities", () => {
    const csv =
      'CUSIP,Description,Quantity\n037833100,"APPLE INC, COM","1,234.50"\n' +
      '00206R102,"AT&T ""NEW""",1E5\n';
    const table = csvToTable(csv, "dtc.csv");
    expect(table).toMatchObject({ format: "csv", kind: "positions" });
    expect(headersOf(table)).toEqual(["CUSIP", "Description", "Quantity", "Source Line"]);
    expect(table.rows).toEqual([
      ["037833100", "APPLE INC, COM", "1,234.50", 2],
      ["00206R102", 'AT&T "NEW"', "1E5", 3],
    ]);
    expect(table.columns.map((column) => column.format.kind)).toEqual([
      "text",
      "text",
      "quantity",
      "general",
    ]);
    expect(table.issues).toEqual([]);
  });

  it("detects a semicolon file whose amounts have decimal commas", () => {
    const table = csvToTable("Account;Currency;Closing Balance\n0042;EUR;1.234,56\n", "bank.csv");
    expect(table.kind).toBe("money");
    expect(table.rows).toEqual([["0042", "EUR", "1.234,56", 2]]);
    expect(table.source).toBe("semicolon-separated, 2 records");
  });

  it("detects tabs, and reads a file with a byte-order mark and mixed line breaks", () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...utf8("ISIN\tQty\r\nUS0378331005\t10\n\rUS5949181045\t20\r\n"),
    ]);
    const table = csvToTable(decodeText(bytes, "tabs.txt").text, "tabs.txt");
    expect(headersOf(table)).toEqual(["ISIN", "Qty", "Source Line"]);
    // Line 3 is the lone CR; the blank line is dropped, the line numbers stay the file's.
    expect(table.rows).toEqual([
      ["US0378331005", "10", 2],
      ["US5949181045", "20", 4],
    ]);
  });

  it("counts lines inside quoted line breaks, and takes title lines off with their date", () => {
    const csv =
      "DTC Participant Position Statement\nAs of 10/30/2026\n\nCUSIP,Description,Quantity\n" +
      '037833100,"APPLE\nINC",10\n594918104,MSFT,20\n';
    const table = csvToTable(csv, "dtc.csv");
    expect(headersOf(table)).toEqual(["CUSIP", "Description", "Quantity", "As Of", "Source Line"]);
    expect(table.rows).toEqual([
      ["037833100", "APPLE\nINC", "10", "2026-10-30", 5],
      ["594918104", "MSFT", "20", "2026-10-30", 7],
    ]);
    expect(table.issues).toMatchObject([
      { code: "rows_above_header_not_imported", severity: "info", where: { row: 1 } },
    ]);
    expect(table.date).toBe("2026-10-30");
  });

  it("reports ragged rows and keeps the extra fields under a made-up header", () => {
    const table = csvToTable("CUSIP,Quantity,Price\n037833100,10\n594918104,20,1,extra\n", "r.csv");
    expect(headersOf(table)).toEqual(["CUSIP", "Quantity", "Price", "Column D", "Source Line"]);
    expect(table.rows).toEqual([
      ["037833100", "10", null, null, 2],
      ["594918104", "20", "1", "extra", 3],
    ]);
    expect(table.issues.map((i) => [i.code, i.severity, i.where.row])).toEqual([
      ["csv_row_must_have_header_width", "warning", 2],
      ["csv_row_must_have_header_width", "warning", 3],
    ]);
  });

  it("reports an unbalanced quote as an error at its line", () => {
    const table = csvToTable('CUSIP,Quantity\n037833100,10\n"594918104,20\n', "q.csv");
    expect(table.issues.map((i) => [i.code, i.severity, i.where.row])).toEqual([
      ["csv_quotes_must_be_balanced", "error", 3],
      // The unterminated quote swallowed the comma, so the record is short too.
      ["csv_row_must_have_header_width", "warning", 3],
    ]);
  });

  it("renames repeated headers and warns when no header StockRec knows is found", () => {
    const table = csvToTable("Name,Name,\nA,B,C\n", "n.csv");
    expect(headersOf(table)).toEqual(["Name", "Name (2)", "Column C", "Source Line"]);
    expect(table.kind).toBe("other");
    expect(codes(table)).toEqual(["header_must_be_unique", "header_must_name_statement_columns"]);
  });

  it("reads a one-column file as one column, and a blank file as nothing to import", () => {
    expect(codes(csvToTable("CUSIP\n037833100\n", "one.csv"))).toContain("csv_delimiter_not_found");
    const blank = csvToTable("\n \n", "blank.csv");
    expect(blank.columns).toEqual([]);
    expect(blank.issues).toMatchObject([
      { code: "statement_file_must_hold_rows", severity: "error" },
    ]);
  });
});

describe("a workbook sheet → a sheet under its own header", () => {
  it("keeps numbers as numbers, takes the title rows off and formats the columns", () => {
    const table = sheetToTable(
      {
        name: "DTC",
        rows: [
          ["DTC Participant Position Statement", null, null],
          ["As of 10/30/2026", null, null],
          [null, null, null],
          ["CUSIP", "Description", "Quantity"],
          ["037833100", "APPLE INC", 2500],
          [37833100, "DAMAGED BY EXCEL", 0.25],
        ],
      },
      "custodian.xlsx",
    );
    expect(table).toMatchObject({ format: "xlsx", kind: "positions", account: "DTC" });
    expect(table.rows).toEqual([
      ["037833100", "APPLE INC", 2500, "2026-10-30", 5],
      [37833100, "DAMAGED BY EXCEL", 0.25, "2026-10-30", 6],
    ]);
    expect(table.columns.map((column) => [column.header, column.format])).toEqual([
      ["CUSIP", { kind: "general" }],
      ["Description", { kind: "text" }],
      ["Quantity", { kind: "quantity", decimals: 2 }],
      ["As Of", { kind: "date" }],
      ["Source Row", { kind: "general" }],
    ]);
    expect(table.issues[0]?.where).toEqual({ sheet: "custodian.xlsx › DTC", row: 1 });
  });
});

describe("withContra", () => {
  it("adds a Contra column naming the contra organization", () => {
    const table = withContra(sampleTable("mt535", MT535_LANXESS), "FOOS", MT535_LANXESS);
    expect(headersOf(table).at(-1)).toBe("Contra");
    expect(table.rows[0]?.at(-1)).toBe("FOOS");
    expect(table.columns.at(-1)?.format).toEqual({ kind: "text" });
  });

  it("keeps a contra column the file already has and fills only its blanks", () => {
    const table = withContra(
      csvToTable("CUSIP,Quantity,Depository\n037833100,1,DTC\n594918104,2,\n", "c.csv"),
      "BNYM",
      "c.csv",
    );
    expect(table.rows.map((row) => row[2])).toEqual(["DTC", "BNYM"]);
    expect(table.issues).toMatchObject([{ code: "contra_column_kept", severity: "info" }]);
  });
});
