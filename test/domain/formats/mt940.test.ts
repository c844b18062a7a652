import { readSample, statementsDir } from "../../oracles";
import { existsSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDecimal, toDecimalString, type Decimal } from "../../../src/domain/decimal";
import { formatSwiftAmount } from "../../../src/domain/formats/swift";
import {
  netMovement,
  parseCashStatement,
  type CashBalance,
  type CashStatement,
} from "../../../src/domain/formats/mt940";

const CMXL = "wolph-mt940_cmxl_mt940.sta";
const ABN_AMRO = "wolph-mt940_jejik_abnamro.sta";
const CITI = "wolph-mt940_citi_mt940.txt";
const MT950_UHB = "prowide-core_MtSwiftMessageJsonSchemaTest_test_950.fin";
const MT950_PARSER = "prowide-core_MT950ParserTest.fin";

const text = (value: Decimal | null) => (value === null ? null : toDecimalString(value));
const balance = (value: CashBalance | null) =>
  value === null ? null : [value.tag, value.mark, value.date, value.currency, text(value.amount)];

/** The facts PROVENANCE.md lists for a statement, in one comparable shape. */
function summary(statement: CashStatement) {
  return {
    account: statement.account,
    number: statement.statementNumber,
    opening: balance(statement.opening),
    lines: statement.entries.length,
    credits: text(statement.totalCredits),
    debits: text(statement.totalDebits),
    closing: balance(statement.closing),
    foots: statement.foots,
  };
}

function parseSample(folder: string, file: string) {
  return parseCashStatement(readSample(folder, file), file);
}

describe("MT940 oracle samples (PROVENANCE.md B, mt940/)", () => {
  it("finds the oracle statement folder", () => {
    expect(existsSync(statementsDir), `missing ${statementsDir} (see PROVENANCE.md B)`).toBe(true);
  });

  it("cmxl: three statements that all foot", () => {
    const { statements, issues } = parseSample("mt940", CMXL);
    expect(issues).toEqual([]);
    expect(statements.map(summary)).toEqual([
      {
        account: "45050050/76198810",
        number: "27/01",
        opening: ["60F", "C", "2013-10-16", "DEM", "84349.74"],
        lines: 11,
        credits: "49396.74",
        debits: "49309.44",
        closing: ["62F", "C", "2013-10-17", "DEM", "84437.04"],
        foots: true,
      },
      {
        account: "10020030/1234567",
        number: "5/1",
        opening: ["60F", "C", "2002-11-01", "EUR", "2187.95"],
        lines: 2,
        credits: "3000",
        debits: "800",
        closing: ["62F", "C", "2002-11-30", "EUR", "4387.95"],
        foots: true,
      },
      {
        account: "BPHKPLPK/320000546101",
        number: "00084/001",
        opening: ["60F", "C", "2003-10-02", "PLN", "40000"],
        lines: 3,
        credits: "20040",
        debits: "10000",
        // The sample's 62F really is dated 020325 (2002-03-25).
        closing: ["62F", "C", "2002-03-25", "PLN", "50040"],
        foots: true,
      },
    ]);
  });

  it("cmxl: reads entry dates, funds codes, references and multi-line :86: narratives", () => {
    const [, second, third] = parseSample("mt940", CMXL).statements;
    expect(second!.entries[0]).toMatchObject({
      valueDate: "2002-11-01",
      entryDate: "2002-11-02",
      mark: "D",
      fundsCode: "R",
      transactionType: "NSTO",
      customerReference: "NONREF",
      bankReference: "55555",
    });
    expect(second!.entries[1]!.narrative).toBe(
      "051?00UEBERWEISUNG?100599?20Gehalt Oktob\ner\n?21Firma\nMustermann\nGmbH?3050060400?31084756\n4700?32MUELLER?34339",
    );
    expect(third!.entries[0]!.supplementaryDetails).toBe("Card transaction");
    expect(third!.entries[1]!.customerReference).toBe("REF 25611247");
  });

  it("ABN AMRO: reads both statements, whole-number amounts included", () => {
    const { statements } = parseSample("mt940", ABN_AMRO);
    expect(statements.map(summary)).toEqual([
      {
        account: "517852257",
        number: "19321/1",
        opening: ["60F", "C", "2011-05-22", "EUR", "3236.28"],
        lines: 8,
        credits: "0",
        debits: "321.44",
        closing: ["62F", "C", "2011-05-23", "EUR", "876.84"],
        foots: false,
      },
      {
        account: "517852257",
        number: "19322/1",
        opening: ["60M", "C", "2011-05-23", "EUR", "2876.84"],
        lines: 2,
        credits: "0",
        debits: "24.49",
        closing: ["62M", "C", "2011-05-24", "EUR", "1849.75"],
        foots: false,
      },
    ]);
    const entries = statements[0]!.entries;
    expect(entries.every((entry) => entry.mark === "D")).toBe(true);
    // prettier-ignore
    expect(entries.map((entry) => text(entry.amount))).toEqual([
      "9", "11.59", "11.63", "11.8", "13.45", "15.49", "107", "141.48",
    ]);
  });

  it("ABN AMRO: neither statement foots, and 876,84 does not chain to 2876,84", () => {
    const { issues } = parseSample("mt940", ABN_AMRO);
    expect(issues.map((issue) => [issue.code, issue.severity, issue.where.row])).toEqual([
      ["cash_statement_must_foot", "error", 27],
      ["cash_statement_must_foot", "error", 40],
      ["statement_balances_must_chain", "error", 35],
    ]);
    const [firstFoot, , chain] = issues;
    expect(firstFoot!.message).toContain(`${ABN_AMRO} › line 27`);
    expect(firstFoot!.message).toContain("statement 19321/1 of account 517852257");
    expect(firstFoot!.message).toContain("2914.84");
    expect(chain!.message).toContain("2876.84");
    expect(chain!.message).toContain("876.84");
    expect(chain!.message).toContain("difference 2000");
  });

  it("Citi: no headers, four-space entry dates, two zero-amount lines, foots at 16233,92", () => {
    const { statements, issues } = parseSample("mt940", CITI);
    expect(issues).toEqual([]);
    expect(statements).toHaveLength(1);
    const statement = statements[0]!;
    expect(statement.messageType).toBeNull();
    expect(summary(statement)).toEqual({
      account: "123456789",
      number: "1/1",
      opening: ["60F", "C", "2024-03-12", "USD", "17376.67"],
      lines: 5,
      credits: "0",
      debits: "1142.75",
      closing: ["62F", "C", "2024-03-12", "USD", "16233.92"],
      foots: true,
    });
    expect(balance(statement.closingAvailable)).toEqual([
      "64",
      "C",
      "2024-03-12",
      "USD",
      "16233.92",
    ]);
    expect(
      statement.entries.map((entry) => [
        entry.mark,
        text(entry.amount),
        entry.entryDate,
        entry.supplementaryDetails,
      ]),
    ).toEqual([
      ["D", "212.39", null, "/ABC/DEF/MISCELLANEOUS"],
      ["D", "369.28", null, "/ABC/DEF/MISCELLANEOUS"],
      ["C", "0", null, "/ABC/DEF/C 37897,00 BAI CD 025"],
      ["C", "0", null, "/ABC/DEF/C 17376,67 BAI CD 010"],
      ["D", "561.08", null, "/ABC/DEF/MISCELLANEOUS"],
    ]);
    expect(statement.entries[0]!.narrative).toBe(
      "/PT/FT/PY/SOMETHING FOO BAR          112233\n   123456789",
    );
  });
});

describe("MT950 oracle samples (PROVENANCE.md B, mt950/)", () => {
  it("UHB example: nine debits totalling 13629,87, and it foots", () => {
    const { statements, issues } = parseSample("mt950", MT950_UHB);
    expect(statements.map(summary)).toEqual([
      {
        account: "123 456789",
        number: "102",
        opening: ["60F", "C", "2002-05-27", "EUR", "3723495"],
        lines: 9,
        credits: "0",
        debits: "13629.87",
        closing: ["62F", "C", "2002-05-28", "EUR", "3709865.13"],
        foots: true,
      },
    ]);
    expect(statements[0]!.messageType).toBe("950");
    expect(statements[0]!.entries.filter((entry) => entry.mark === "D")).toHaveLength(9);
    expect(statements[0]!.entries[3]).toMatchObject({
      transactionType: "S103",
      customerReference: "505066/WVE",
      bankReference: "P064118",
      supplementaryDetails: "FAVOUR K. DESMID",
    });
    // The block 5 trailer has no final brace: reported, but nothing else is wrong.
    expect(issues.map((issue) => [issue.code, issue.severity])).toEqual([
      ["swift_block_must_be_closed", "info"],
    ]);
  });

  it("parser test: a 62M intermediate balance and a securities reference kept in the details", () => {
    const { statements, issues } = parseSample("mt950", MT950_PARSER);
    expect(issues).toEqual([]);
    expect(statements.map(summary)).toEqual([
      {
        account: "12345678",
        number: "93/1",
        opening: ["60F", "C", "2007-04-03", "USD", "0"],
        lines: 1,
        credits: "115454.92",
        debits: "0",
        closing: ["62M", "C", "2007-04-03", "USD", "115454.92"],
        foots: true,
      },
    ]);
    expect(statements[0]!.entries[0]).toMatchObject({
      valueDate: "2007-04-05",
      entryDate: "2007-04-02",
      mark: "C",
      transactionType: "NSAL",
      supplementaryDetails: "/US/037833100/SHS/1235,",
    });
  });
});

/** A headerless MT940 built from parts, LF line ends. */
function mt940(lines: string[]): string {
  return [":20:REF", ":25:ACC-1", ":28C:1/1", ...lines, "-"].join("\n");
}

describe("cash statement rules on constructed statements", () => {
  it("counts reversals on the side they move the balance (RD credit, RC debit)", () => {
    const { statements, issues } = parseCashStatement(
      mt940([
        ":60F:D240102USD100,",
        ":61:240102RD30,NMSCNONREF",
        ":61:240102RC5,50NMSCNONREF",
        ":62F:D240102USD75,50",
      ]),
      "rev.sta",
    );
    expect(issues).toEqual([]);
    expect(text(netMovement(statements[0]!.entries))).toBe("24.5");
    expect(statements[0]!.foots).toBe(true);
  });

  it("dates a booking in January after a December value date in the next year", () => {
    const { statements } = parseCashStatement(
      mt940([":60F:C231231EUR0,", ":61:2312310102C1,NMSCNONREF", ":62F:C240102EUR1,"]),
      "year.sta",
    );
    expect(statements[0]!.entries[0]).toMatchObject({
      valueDate: "2023-12-31",
      entryDate: "2024-01-02",
    });
  });

  it("reports an entry it cannot read, and the statement then does not foot", () => {
    const { issues } = parseCashStatement(
      mt940([":60F:C240102USD100,", ":61:240102D1.5NMSCNONREF", ":62F:C240102USD98,50"]),
      "bad.sta",
    );
    expect(issues.map((issue) => [issue.code, issue.where.row])).toEqual([
      ["statement_entry_must_be_readable", 5],
      ["cash_statement_must_foot", 6],
    ]);
  });

  it("reports a statement with no closing balance", () => {
    const { issues } = parseCashStatement(mt940([":60F:C240102USD100,"]), "open.sta");
    expect(issues.map((issue) => [issue.code, issue.where.row])).toEqual([
      ["statement_must_have_closing_balance", 1],
    ]);
  });

  it("reports a currency that changes between opening and closing", () => {
    const { issues } = parseCashStatement(
      mt940([":60F:C240102USD100,", ":62F:C240102EUR100,"]),
      "ccy.sta",
    );
    expect(issues.map((issue) => issue.code)).toEqual(["statement_currency_must_not_change"]);
  });

  it("splits statements that share one text block at each :20:", () => {
    // prettier-ignore
    const text = [
      ":20:A", ":25:X", ":28C:1", ":60F:C240102USD1,", ":62F:C240102USD1,",
      ":20:B", ":25:X", ":28C:2", ":60F:C240103USD2,", ":62F:C240103USD2,",
    ].join("\n");
    const { statements, issues } = parseCashStatement(text, "joined.sta");
    expect(statements.map((statement) => statement.reference)).toEqual(["A", "B"]);
    expect(issues.map((issue) => [issue.code, issue.where.row])).toEqual([
      ["statement_balances_must_chain", 9],
    ]);
  });

  it("does not read other message types as cash statements", () => {
    const text = "{1:F01AAAABBCCAXXX0000000000}{2:I942DDDDEEFFXXXXN}{4:\n:20:X\n-}";
    const { statements, issues } = parseCashStatement(text, "942.fin");
    expect(statements).toEqual([]);
    expect(issues.map((issue) => issue.code)).toEqual([
      "message_type_must_be_940_or_950",
      "statement_file_must_hold_a_statement",
    ]);
  });
});

const arbitraryMinor = fc.bigInt({ min: 0n, max: 10n ** 12n });
const arbitraryEntry = fc.record({
  mark: fc.constantFrom("C", "D", "RC", "RD"),
  minor: arbitraryMinor,
  type: fc.constantFrom("NMSC", "NTRF", "S103", "FCHK"),
  reference: fc.stringMatching(/^[A-Z0-9]{1,16}$/),
});

function fromMinor(minor: bigint): Decimal {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(3, "0");
  return parseDecimal(`${negative ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`)!;
}

function swiftBalance(tag: string, minor: bigint): string {
  const mark = minor < 0n ? "D" : "C";
  return `:${tag}:${mark}260105USD${formatSwiftAmount(fromMinor(minor < 0n ? -minor : minor))}`;
}

describe("cash statement properties", () => {
  it("a generated statement foots exactly and its entries read back unchanged", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.array(arbitraryEntry, { maxLength: 30 }),
        fc.constantFrom("\n", "\r\n"),
        (openingMinor, entries, newline) => {
          const credit = (mark: string) => mark === "C" || mark === "RD";
          const net = entries.reduce((t, e) => t + (credit(e.mark) ? e.minor : -e.minor), 0n);
          const lines = [
            ":20:GEN",
            ":25:ACC",
            ":28C:1/1",
            swiftBalance("60F", openingMinor),
            ...entries.flatMap((entry) => [
              `:61:2601050105${entry.mark}${formatSwiftAmount(fromMinor(entry.minor))}${entry.type}${entry.reference}//B`,
              `:86:ENTRY ${entry.reference}`,
            ]),
            swiftBalance("62F", openingMinor + net),
            "-",
          ];
          const { statements, issues } = parseCashStatement(lines.join(newline), "gen.sta");
          expect(issues).toEqual([]);
          const statement = statements[0]!;
          expect(statement.foots).toBe(true);
          expect(statement.entries.map((entry) => [entry.mark, text(entry.amount)])).toEqual(
            entries.map((entry) => [entry.mark, text(fromMinor(entry.minor))]),
          );
          expect(text(netMovement(statement.entries))).toBe(text(fromMinor(net)));
        },
      ),
    );
  });

  it("a closing balance one cent off is always reported as not footing", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryEntry, { minLength: 1, maxLength: 10 }),
        fc.constantFrom(-1n, 1n),
        (entries, offMinor) => {
          const credit = (mark: string) => mark === "C" || mark === "RD";
          const net = entries.reduce((t, e) => t + (credit(e.mark) ? e.minor : -e.minor), 0n);
          const lines = [
            ":20:GEN",
            ":25:ACC",
            swiftBalance("60F", 0n),
            ...entries.map(
              (entry) =>
                `:61:260105${entry.mark}${formatSwiftAmount(fromMinor(entry.minor))}${entry.type}X`,
            ),
            swiftBalance("62F", net + offMinor),
          ];
          const { issues } = parseCashStatement(lines.join("\n"), "off.sta");
          expect(issues.map((issue) => [issue.code, issue.where.row])).toEqual([
            ["cash_statement_must_foot", lines.length],
          ]);
        },
      ),
    );
  });
});
