import { readSample, statementsDir } from "../../oracles";
import { existsSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDecimal, toDecimalString, type Decimal } from "../../../src/domain/decimal";
import { isinFromCusip } from "../../../src/domain/identifiers";
import { parseMt535, type HoldingQuantity } from "../../../src/domain/formats/mt535";

const WITH_ISIN = "prowide-core_SwiftParserConsumeTagTest_35B_with_colon_2.fin";
const WITHOUT_ISIN = "prowide-core_SwiftParserConsumeTagTest_35B_with_colon.fin";
const EMPTY = "prowide-core_MT535ParserTest_test535_1.fin";

const text = (value: Decimal) => toDecimalString(value);
const quantity = (balance: HoldingQuantity | null) =>
  balance === null ? null : [balance.qualifier, balance.type, text(balance.quantity)];

function parseSample(file: string) {
  return parseMt535(readSample("mt535", file), file);
}

describe("MT535 oracle samples (PROVENANCE.md B, mt535/)", () => {
  it("finds the oracle statement folder", () => {
    expect(existsSync(statementsDir), `missing ${statementsDir} (see PROVENANCE.md B)`).toBe(true);
  });

  it("reads the statement header of the LANXESS sample", () => {
    const { statements } = parseSample(WITH_ISIN);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      senderBic: "FOOSGB2LXXX",
      statementDate: "2008-03-12",
      page: "6/MORE",
      pageNumber: 6,
      pageIndicator: "MORE",
      reference: "H200803121132222",
      functionCode: "NEWM",
      // PROVENANCE writes the account as "S 02500": 97A is :SAFE//S 02500, kept whole.
      safekeepingAccount: "S 02500",
    });
  });

  it("reads the XS0222550880 holding: AGGR FAMT 300, AVAI FAMT 200, one SUBBAL of 50", () => {
    const holdings = parseSample(WITH_ISIN).statements[0]!.holdings;
    expect(holdings).toHaveLength(1);
    const holding = holdings[0]!;
    expect(holding.isin).toBe("XS0222550880");
    expect(holding.otherId).toBeNull();
    expect(holding.description).toBe("4,125? LANXESS FIN.B.V.NT.V.05 21.6");
    expect(quantity(holding.aggregate)).toEqual(["AGGR", "FAMT", "300"]);
    expect(quantity(holding.available)).toEqual(["AVAI", "FAMT", "200"]);
    expect(holding.line).toBe(17);
    expect(holding.subBalances).toHaveLength(1);
    expect(quantity(holding.subBalances[0]!.balance)).toEqual(["AGGR", "FAMT", "50"]);
    expect(holding.subBalances[0]).toMatchObject({
      placeOfSafekeeping: "CUST/FOOSUS33",
      narrative: "REGISTRATION CODE MEMR",
      line: 25,
    });
  });

  it("reports the truncated message: the second :16R:FIN at line 31 is never closed", () => {
    const { issues } = parseSample(WITH_ISIN);
    const unclosed = issues.filter((issue) => issue.code === "swift_sequence_must_be_closed");
    expect(unclosed.map((issue) => [issue.severity, issue.where.row])).toEqual([
      ["error", 31],
      ["error", 16],
    ]);
    expect(unclosed[0]!.message).toContain(`${WITH_ISIN} › line 31`);
    expect(unclosed[0]!.message).toContain("FIN");
    expect(unclosed[0]!.hint).not.toBe("");
  });

  it("says the statement is page 6 of several", () => {
    const { issues } = parseSample(WITH_ISIN);
    expect(
      issues.find((issue) => issue.code === "statement_pages_must_all_be_loaded"),
    ).toMatchObject({ severity: "info", where: { sheet: WITH_ISIN, row: 1 } });
  });

  it("reads a holding without an ISIN whose description holds a colon", () => {
    const { statements, issues } = parseSample(WITHOUT_ISIN);
    const holding = statements[0]!.holdings[0]!;
    expect(holding.isin).toBeNull();
    expect(holding.otherId).toBe("/US/AGGR_AVAI");
    expect(holding.description).toBe("AGGR=300, AVAI:=200");
    expect(quantity(holding.aggregate)).toEqual(["AGGR", "FAMT", "300"]);
    expect(quantity(holding.available)).toEqual(["AVAI", "FAMT", "200"]);
    expect(quantity(holding.subBalances[0]!.balance)).toEqual(["AGGR", "FAMT", "50"]);
    expect(statements[0]!.safekeepingAccount).toBe("S 02500");
    expect(
      issues.some(
        (issue) => issue.code === "swift_sequence_must_be_closed" && issue.where.row === 31,
      ),
    ).toBe(true);
  });

  it("reads the empty statement as a statement with no holdings, and says so", () => {
    const { statements, issues } = parseSample(EMPTY);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      receiverBic: "FOOBARXXXXX",
      statementDate: "2007-03-27",
      preparedAt: "2007-03-28T04:36:57",
      page: "1/ONLY",
      pageIndicator: "ONLY",
      reference: "ABC20070327P1",
      safekeepingAccount: "ABC",
      activity: true,
      holdings: [],
    });
    expect(issues.map((issue) => [issue.code, issue.severity])).toEqual([
      ["statement_has_no_holdings", "info"],
    ]);
  });
});

/** A well-formed MT535 with the given FIN sequences, in CRLF like real FIN. */
function mt535(finSequences: string[][]): string {
  return [
    "{1:F01AAAABBCCAXXX0000000000}{2:I535DDDDEEFFXXXXN}{4:",
    ":16R:GENL",
    ":28E:1/ONLY",
    ":20C::SEME//REF1",
    ":23G:NEWM",
    ":98A::STAT//20261130",
    ":97A::SAFE//ACCT-9",
    ":16S:GENL",
    ":16R:SUBSAFE",
    ...finSequences.flatMap((lines) => [":16R:FIN", ...lines, ":16S:FIN"]),
    ":16S:SUBSAFE",
    "-}",
  ].join("\r\n");
}

describe("MT535 rules on constructed messages", () => {
  it("reads a complete statement without issues, including units and a short (N) balance", () => {
    const { statements, issues } = parseMt535(
      mt535([
        [":35B:ISIN US0378331005", "APPLE INC", ":93B::AGGR//UNIT/1200,", ":93B::AVAI//UNIT/1000,"],
        [":35B:/US/594918104", "MICROSOFT", ":93B::AGGR//UNIT/N15,5"],
      ]),
      "ok.fin",
    );
    expect(issues).toEqual([]);
    const holdings = statements[0]!.holdings;
    expect(
      holdings.map((holding) => [holding.isin, holding.otherId, quantity(holding.aggregate)]),
    ).toEqual([
      ["US0378331005", null, ["AGGR", "UNIT", "1200"]],
      [null, "/US/594918104", ["AGGR", "UNIT", "-15.5"]],
    ]);
    expect(statements[0]!.statementDate).toBe("2026-11-30");
  });

  it("reports a holding with no aggregate balance instead of inventing one", () => {
    const { statements, issues } = parseMt535(
      mt535([[":35B:ISIN US0378331005", ":93B::AVAI//UNIT/10,"]]),
      "noaggr.fin",
    );
    expect(statements[0]!.holdings).toEqual([]);
    expect(issues.map((issue) => [issue.code, issue.severity, issue.where.row])).toEqual([
      ["holding_must_have_an_aggregate_balance", "error", 10],
      ["statement_has_no_holdings", "info", 1],
    ]);
  });

  it("reports an ISIN whose check digit is wrong", () => {
    const { issues } = parseMt535(
      mt535([[":35B:ISIN US0378331006", ":93B::AGGR//UNIT/1,"]]),
      "isin.fin",
    );
    expect(issues.map((issue) => [issue.code, issue.where.row])).toEqual([
      ["isin_check_digit_must_match", 11],
    ]);
  });

  it("reports a balance whose type is not FAMT, UNIT or AMOR", () => {
    const { issues } = parseMt535(
      mt535([[":35B:ISIN US0378331005", ":93B::AGGR//UNIT/1,", ":93B::AVAI//XXXX/1,"]]),
      "type.fin",
    );
    expect(issues.map((issue) => [issue.code, issue.where.row])).toEqual([
      ["holding_balance_must_be_a_quantity", 13],
    ]);
  });

  it("does not read another message type as holdings", () => {
    const text = "{1:F01AAAABBCCAXXX0000000000}{2:I940DDDDEEFFXXXXN}{4:\n:20:X\n-}";
    const { statements, issues } = parseMt535(text, "940.fin");
    expect(statements).toEqual([]);
    expect(issues.map((issue) => issue.code)).toEqual(["message_type_must_be_535"]);
  });

  it("reads back every generated holding exactly", () => {
    const arbitraryHolding = fc.record({
      cusip: fc.constantFrom("037833100", "594918104", "023135106", "38259P508"),
      type: fc.constantFrom("FAMT", "UNIT", "AMOR"),
      units: fc.bigInt({ min: 0n, max: 10n ** 14n }),
      scale: fc.nat(4),
      negative: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbitraryHolding, { maxLength: 8 }), (generated) => {
        const sequences = generated.map((holding) => {
          const plain = toDecimalString({ units: holding.units, scale: holding.scale });
          const swift = plain.includes(".") ? plain.replace(".", ",") : `${plain},`;
          const sign = holding.negative ? "N" : "";
          return [
            `:35B:ISIN ${isinFromCusip(holding.cusip)}`,
            `:93B::AGGR//${holding.type}/${sign}${swift}`,
          ];
        });
        const { statements } = parseMt535(mt535(sequences), "gen.fin");
        const holdings = statements[0]!.holdings;
        expect(holdings).toHaveLength(generated.length);
        holdings.forEach((holding, index) => {
          const expected = generated[index]!;
          const magnitude = toDecimalString({ units: expected.units, scale: expected.scale });
          const signed = expected.negative ? `-${magnitude}` : magnitude;
          expect(holding.isin).toBe(isinFromCusip(expected.cusip));
          expect(holding.aggregate.type).toBe(expected.type);
          expect(text(holding.aggregate.quantity)).toBe(text(parseDecimal(signed)!));
        });
      }),
    );
  });
});
