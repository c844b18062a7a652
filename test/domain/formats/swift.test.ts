import { readSample, statementsDir } from "../../oracles";
import { existsSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDecimal, toDecimalString } from "../../../src/domain/decimal";
import {
  bicFromLogicalTerminal,
  formatSwiftAmount,
  isoDateFromYymmdd,
  parseSwiftAmount,
  tokenizeSwift,
} from "../../../src/domain/formats/swift";

const MT535_ISIN = "prowide-core_SwiftParserConsumeTagTest_35B_with_colon_2.fin";
const MT535_EMPTY = "prowide-core_MT535ParserTest_test535_1.fin";

describe("SWIFT FIN tokenizer on the oracle samples", () => {
  it("finds the oracle statement folder", () => {
    expect(existsSync(statementsDir), `missing ${statementsDir} (see PROVENANCE.md B)`).toBe(true);
  });

  it("reads the headers of an output MT535: type, sender from the MIR, receiver from block 1", () => {
    const { messages, issues } = tokenizeSwift(readSample("mt535", MT535_ISIN), MT535_ISIN);
    expect(issues).toEqual([]);
    expect(messages).toHaveLength(1);
    const message = messages[0]!;
    expect(message).toMatchObject({
      line: 1,
      endLine: 32,
      messageType: "535",
      direction: "output",
      senderLogicalTerminal: "FOOSGB2LIXXX",
      senderBic: "FOOSGB2LXXX",
      receiverLogicalTerminal: "BFOOUS3IADNC",
      terminated: true,
    });
    expect(message.headers.user).toBe("{108:000952CQ1650453}");
    expect(message.headers.trailer).toBeNull();
  });

  it("keeps fields in order with the line of their tag, continuation lines joined", () => {
    const { messages } = tokenizeSwift(readSample("mt535", MT535_ISIN), MT535_ISIN);
    const fields = messages[0]!.fields;
    expect(fields[0]).toEqual({ tag: "16R", value: "GENL", line: 2 });
    expect(fields.find((field) => field.tag === "35B")).toEqual({
      tag: "35B",
      value: "ISIN XS0222550880\n4,125? LANXESS FIN.B.V.NT.V.05 21.6",
      line: 18,
    });
    expect(fields[fields.length - 1]).toEqual({ tag: "16R", value: "FIN", line: 31 });
    // The 70C line ends with LF only while the rest of the file uses CRLF.
    expect(fields.find((field) => field.tag === "70C")?.value).toBe(
      ":SUBB//REGISTRATION CODE MEMR",
    );
    expect(fields.some((field) => field.value.includes("\r"))).toBe(false);
  });

  it("reads an input message: sender from block 1, receiver from block 2, both trailers", () => {
    const { messages } = tokenizeSwift(readSample("mt535", MT535_EMPTY), MT535_EMPTY);
    expect(messages[0]).toMatchObject({
      messageType: "535",
      direction: "input",
      senderLogicalTerminal: "FOOBARXXAXXX",
      receiverLogicalTerminal: "FOOBARXXXXXX",
      headers: {
        trailer: "{MAC:8A1FADA1}{CHK:B018C2CA74CD}",
        systemTrailer: "{REF:I20070328.386482886.out/1/1}",
      },
    });
  });

  it("reads block 4 alone (no braces) as one message with no type", () => {
    const name = "wolph-mt940_citi_mt940.txt";
    const { messages, issues } = tokenizeSwift(readSample("mt940", name), name);
    expect(issues).toEqual([]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ messageType: null, line: 1, terminated: true });
    // prettier-ignore
    expect(messages[0]!.fields.map((field) => field.tag)).toEqual([
      "20", "25", "28", "60F", "61", "86", "61", "86", "61", "61", "61", "86", "62F", "64",
    ]);
  });

  it("splits messages at '-' lines and keeps a bank's header lines aside", () => {
    const name = "wolph-mt940_jejik_abnamro.sta";
    const { messages, ignoredLines, issues } = tokenizeSwift(readSample("mt940", name), name);
    expect(issues).toEqual([]);
    expect(messages.map((message) => [message.line, message.endLine])).toEqual([
      [4, 28],
      [32, 41],
    ]);
    expect(ignoredLines).toEqual([
      { line: 1, text: "ABNANL2A" },
      { line: 2, text: "940" },
      { line: 3, text: "ABNANL2A" },
      { line: 29, text: "ABNANL2A" },
      { line: 30, text: "940" },
      { line: 31, text: "ABNANL2A" },
    ]);
  });

  it("finds the three messages of the cmxl file", () => {
    const name = "wolph-mt940_cmxl_mt940.sta";
    const { messages, issues } = tokenizeSwift(readSample("mt940", name), name);
    expect(issues).toEqual([]);
    expect(messages.map((message) => message.fields[0])).toEqual([
      { tag: "20", value: "131110", line: 1 },
      { tag: "20", value: "1234567", line: 31 },
      { tag: "20", value: "TELEWIZORY S.A.", line: 49 },
    ]);
  });

  it("reads a trailer that lacks its final brace and says so", () => {
    const name = "prowide-core_MtSwiftMessageJsonSchemaTest_test_950.fin";
    const { messages, issues } = tokenizeSwift(readSample("mt950", name), name);
    expect(messages[0]!.headers.trailer).toBe("{CHK:C0EB56371C00}");
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: "swift_block_must_be_closed",
      severity: "info",
      where: { sheet: name, row: 20 },
    });
  });
});

describe("SWIFT FIN tokenizer on damaged input", () => {
  it("reports a braced text block that never ends", () => {
    const text = "{1:F01AAAAUS33AXXX0000000000}{2:I940BBBBUS33XXXXN}{4:\n:20:X\n:25:1";
    const { messages, issues } = tokenizeSwift(text, "cut.fin");
    expect(messages[0]!.terminated).toBe(false);
    expect(issues).toEqual([
      expect.objectContaining({
        code: "swift_text_block_must_end_with_dash",
        severity: "warning",
        where: { sheet: "cut.fin", row: 3 },
      }),
    ]);
    expect(issues[0]!.message).toContain("cut.fin › line 3");
  });

  it("closes a message cut short when the next {1: block starts", () => {
    const text = [
      "{1:F01AAAAUS33AXXX0000000000}{2:I940BBBBUS33XXXXN}{4:",
      ":20:FIRST",
      "{1:F01AAAAUS33AXXX0000000000}{2:I950BBBBUS33XXXXN}{4:",
      ":20:SECOND",
      "-}",
    ].join("\r\n");
    const { messages, issues } = tokenizeSwift(text, "two.fin");
    expect(messages.map((message) => [message.messageType, message.fields[0]?.value])).toEqual([
      ["940", "FIRST"],
      ["950", "SECOND"],
    ]);
    expect(issues.map((issue) => [issue.code, issue.where.row])).toEqual([
      ["swift_text_block_must_end_with_dash", 2],
    ]);
  });

  it("reads messages that follow each other on one line", () => {
    const text =
      "{1:F01AAAAUS33AXXX0000000000}{4:\n:20:A\n-}{5:{CHK:1}}{1:F01AAAAUS33AXXX0000000000}{4:\n:20:B\n-}";
    const { messages, issues } = tokenizeSwift(text, "joined.fin");
    expect(issues).toEqual([]);
    expect(messages.map((message) => [message.fields[0]?.value, message.headers.trailer])).toEqual([
      ["A", "{CHK:1}"],
      ["B", null],
    ]);
  });

  it("reports text in the text block before the first field", () => {
    const { issues } = tokenizeSwift("{4:\nstray words\n:20:X\n-}", "stray.fin");
    expect(issues.map((issue) => [issue.code, issue.where.row])).toEqual([
      ["swift_text_must_belong_to_a_field", 2],
    ]);
  });

  it("gives the same fields whatever the line endings", () => {
    const lines = [
      "{1:F01AAAAUS33AXXX0000000000}{4:",
      ":20:REF",
      ":86:ONE",
      "TWO",
      ":62F:C1",
      "-}",
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("\n", "\r\n", "\r"), {
          minLength: lines.length,
          maxLength: lines.length,
        }),
        (endings) => {
          const text = lines.map((line, index) => line + endings[index]!).join("");
          const tokens = tokenizeSwift(text, "f");
          expect(tokens.issues).toEqual([]);
          expect(tokens.messages[0]!.fields).toEqual([
            { tag: "20", value: "REF", line: 2 },
            { tag: "86", value: "ONE\nTWO", line: 3 },
            { tag: "62F", value: "C1", line: 5 },
          ]);
        },
      ),
    );
  });
});

describe("SWIFT values", () => {
  it("reads comma-decimal amounts exactly", () => {
    expect(toDecimalString(parseSwiftAmount("3723495,")!)).toBe("3723495");
    expect(toDecimalString(parseSwiftAmount("111,5")!)).toBe("111.5");
    expect(toDecimalString(parseSwiftAmount("0,")!)).toBe("0");
    expect(toDecimalString(parseSwiftAmount("0,10")!)).toBe("0.1");
    for (const bad of ["", ",5", "1.5", "1,2,3", "-1,", "1 000,"]) {
      expect(parseSwiftAmount(bad)).toBeNull();
    }
  });

  it("writes amounts the SWIFT way and reads them back unchanged", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.nat(6), (units, scale) => {
        const amount = parseDecimal(toDecimalString({ units, scale }))!;
        const text = formatSwiftAmount(amount);
        expect(text).toMatch(/^\d+,\d*$/);
        expect(toDecimalString(parseSwiftAmount(text)!)).toBe(toDecimalString(amount));
      }),
    );
  });

  it("reads YYMMDD with the 70 pivot and rejects dates that do not exist", () => {
    expect(isoDateFromYymmdd("691231")).toBe("2069-12-31");
    expect(isoDateFromYymmdd("700101")).toBe("1970-01-01");
    expect(isoDateFromYymmdd("240229")).toBe("2024-02-29");
    expect(isoDateFromYymmdd("230229")).toBeNull();
    expect(isoDateFromYymmdd("2403")).toBeNull();
  });

  it("takes the terminal code out of a logical terminal address", () => {
    expect(bicFromLogicalTerminal("FOOSGB2LIXXX")).toBe("FOOSGB2LXXX");
    expect(bicFromLogicalTerminal("SHORT")).toBeNull();
  });
});
