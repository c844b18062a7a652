import { describe, expect, it } from "vitest";
import { parseDecimal } from "../../src/domain/decimal";
import { excelSerialFromIsoDate, parseIsoDate, type IsoDate } from "../../src/domain/isoDate";
import type { Notice, NoticeLine } from "../../src/domain/notices";
import { NOTICES_SHEET, NOTICES_TABLE, noticesTable } from "../../src/workbook/noticesSheet";

const date = (text: string): IsoDate => parseIsoDate(text)!;
const decimal = (text: string) => parseDecimal(text)!;

function line(
  securityId: string,
  contra: string,
  ours: string,
  yours: string,
  difference: string,
  direction: NoticeLine["direction"],
): NoticeLine {
  return {
    lifecycleId: `${securityId}@${contra}@2026-10-30`,
    breakId: `${securityId}@${contra}`,
    securityId,
    description: `${securityId} DESCRIPTION`,
    ourQuantity: decimal(ours),
    yourQuantity: decimal(yours),
    differenceQuantity: decimal(difference),
    direction,
    status: "open",
  };
}

function notice(contra: string, ...lines: NoticeLine[]): Notice {
  return {
    reference: `NOTICE-${contra}-20261030`,
    contra,
    asOf: date("2026-10-30"),
    preparedOn: date("2026-11-02"),
    lines,
  };
}

describe("the Notices sheet", () => {
  const notices = [
    notice(
      "DTC",
      line("00206R102", "DTC", "0.1", "0.125", "0.025", "long"),
      line("037833100", "DTC", "1250", "1200", "50", "short"),
    ),
    notice("OCC", line("594918104", "OCC", "300", "310", "10", "long")),
  ];

  it("is one table, grouped by contra, identifiers as text and quantities as numbers", () => {
    const table = noticesTable(notices);
    expect(table.sheetName).toBe(NOTICES_SHEET);
    expect(table.tableName).toBe(NOTICES_TABLE);
    expect(table.columns.map((c) => [c.header, c.format.kind])).toEqual([
      ["Notice Reference", "text"],
      ["Contra", "text"],
      ["As Of", "date"],
      ["Prepared On", "date"],
      ["Security ID", "text"],
      ["Description", "text"],
      ["Our Quantity (Books)", "quantity"],
      ["Your Quantity (Statement)", "quantity"],
      ["Difference", "quantity"],
      ["Long/Short (Ours)", "text"],
      ["Break Reference", "text"],
    ]);
    expect(table.columns.find((c) => c.header === "Difference")?.format).toEqual({
      kind: "quantity",
      decimals: 3,
    });
    const asOf = excelSerialFromIsoDate(date("2026-10-30"));
    const prepared = excelSerialFromIsoDate(date("2026-11-02"));
    expect(table.rows).toEqual([
      [
        "NOTICE-DTC-20261030",
        "DTC",
        asOf,
        prepared,
        "00206R102",
        "00206R102 DESCRIPTION",
        0.1,
        0.125,
        0.025,
        "Long",
        "00206R102@DTC@2026-10-30",
      ],
      [
        "NOTICE-DTC-20261030",
        "DTC",
        asOf,
        prepared,
        "037833100",
        "037833100 DESCRIPTION",
        1250,
        1200,
        50,
        "Short",
        "037833100@DTC@2026-10-30",
      ],
      [
        "NOTICE-OCC-20261030",
        "OCC",
        asOf,
        prepared,
        "594918104",
        "594918104 DESCRIPTION",
        300,
        310,
        10,
        "Long",
        "594918104@OCC@2026-10-30",
      ],
    ]);
  });

  it("writes a quantity a double cannot hold exactly as its exact text", () => {
    const big = line("037833100", "DTC", "1234567890123456.5", "0", "1234567890123456.5", "short");
    const [row] = noticesTable([notice("DTC", big)]).rows;
    expect(row?.[6]).toBe("1234567890123456.5");
    expect(row?.[7]).toBe(0);
  });

  it("has only its header when there is nothing to report", () => {
    expect(noticesTable([]).rows).toEqual([]);
  });
});
