/**
 * Protection of signed sheets and conditional formats through the Office.js adapter, against
 * the stand-in, which refuses every edit of a protected sheet (AccessDenied) and, as Excel does
 * since June 2026, a protect() of a protected sheet or an unprotect() of an unprotected one.
 */
import { describe, expect, it } from "vitest";
import { createOfficeWorkbook } from "../../src/excel/officeWorkbook";
import {
  textHighlights,
  WorkbookPortError,
  type TableColumn,
  type TableOutput,
} from "../../src/workbook/port";
import { createExcelStandIn } from "../fakes/excelStandIn";

const columns: TableColumn[] = [
  { header: "Security ID", format: { kind: "text" }, width: 12 },
  { header: "Age (Business Days)", format: { kind: "quantity", decimals: 0 }, width: 10 },
  { header: "Status", format: { kind: "text" }, width: 10 },
];

function breaks(rows: TableOutput["rows"]): TableOutput {
  const base = { sheetName: "Breaks", tableName: "StockRecBreaks", columns, rows };
  return {
    ...base,
    conditionalFormats: [
      ...textHighlights(base, "Status", { Open: "bad", Reported: "neutral", Posted: "good" }),
      { column: 2, rule: { kind: "numberAbove", value: 27 }, style: "bad" },
      { column: 2, rule: { kind: "numberBetween", min: 7, max: 27 }, style: "neutral" },
    ],
  };
}

const ROWS = [
  ["037833100", 3, "Open"],
  ["594918104", 30, "Posted"],
];

describe("the stand-in's protection, as Excel's", () => {
  it("refuses values, formats and tables on a protected sheet, and applies none of the batch", async () => {
    const standIn = createExcelStandIn({ Signed: [["a"]] });
    standIn.setProtected("Signed", true);
    const error = await standIn
      .run(async (context) => {
        context.workbook.worksheets.getItem("Signed").getRange("A1").values = [["b"]];
        await context.sync();
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "AccessDenied" });
    expect(standIn.sheet("Signed")).toEqual([["a"]]);
  });

  it("refuses protecting a protected sheet and unprotecting an unprotected one", async () => {
    const standIn = createExcelStandIn({ Sheet1: [["a"]] });
    const twice = (action: "protect" | "unprotect") =>
      standIn
        .run(async (context) => {
          context.workbook.worksheets.getItem("Sheet1").protection[action]();
          await context.sync();
        })
        .catch((e: unknown) => e);
    expect(await twice("unprotect")).toMatchObject({ code: "AccessDenied" });
    expect(await twice("protect")).toBeUndefined();
    expect(await twice("protect")).toMatchObject({ code: "AccessDenied" });
  });
});

describe("createOfficeWorkbook: protection", () => {
  it("protects and unprotects a sheet, doing nothing when it already is so", async () => {
    const standIn = createExcelStandIn({ Breaks: [["x"]], Other: [["y"]] });
    const workbook = createOfficeWorkbook(standIn.run);
    await workbook.setSheetProtection("Breaks", true);
    await workbook.setSheetProtection("Breaks", true); // would be AccessDenied if sent again
    expect(standIn.isProtected("Breaks")).toBe(true);
    expect(await workbook.listSheets()).toEqual([
      { name: "Breaks", rowCount: 1, columnCount: 1, visible: true, protected: true },
      { name: "Other", rowCount: 1, columnCount: 1, visible: true },
    ]);
    await workbook.setSheetProtection("Breaks", false);
    await workbook.setSheetProtection("Breaks", false);
    expect(standIn.isProtected("Breaks")).toBe(false);
  });

  it("says which sheet is missing", async () => {
    const standIn = createExcelStandIn({ Sheet1: [] });
    const error = await createOfficeWorkbook(standIn.run)
      .setSheetProtection("Breaks", true)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookPortError);
    expect(error).toMatchObject({ code: "sheet_not_found" });
  });

  it("rewrites a protected sheet in one run and leaves it protected", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    const workbook = createOfficeWorkbook(standIn.run);
    await workbook.writeTable(breaks(ROWS));
    await workbook.setSheetProtection("Breaks", true);
    standIn.resetStats();
    await workbook.writeTable(breaks([...ROWS, ["912828XG0", 1, "Reported"]]));

    expect(standIn.sheet("Breaks")).toHaveLength(4);
    expect(standIn.isProtected("Breaks")).toBe(true);
    expect(standIn.stats.syncs.every((s) => s.failed === undefined)).toBe(true);
    expect(standIn.stats.syncCount).toBe(4); // same as an unprotected sheet: no extra trips
  });

  it("rewrites an unprotected sheet without protecting it", async () => {
    const standIn = createExcelStandIn({ Breaks: [["old"]] });
    await createOfficeWorkbook(standIn.run).writeTable(breaks(ROWS));
    expect(standIn.isProtected("Breaks")).toBe(false);
  });
});

describe("createOfficeWorkbook: conditional formats", () => {
  it("adds Cell Value rules over the written rows of their column only, in Excel's styles", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    await createOfficeWorkbook(standIn.run).writeTable(breaks(ROWS));

    const formats = standIn.conditionalFormats();
    expect(formats.map((f) => f.address)).toEqual(["C2:C3", "C2:C3", "C2:C3", "B2:B3", "B2:B3"]);
    expect(formats[0]).toEqual({
      sheet: "Breaks",
      address: "C2:C3",
      type: "CellValue",
      fill: "#FFC7CE",
      fontColor: "#9C0006",
      rule: { formula1: '="Open"', operator: "EqualTo" },
    });
    expect(formats[3]!.rule).toEqual({ formula1: "=27", operator: "GreaterThan" });
    expect(formats[4]!.rule).toEqual({ formula1: "=7", formula2: "=27", operator: "Between" });
  });

  it("bounds the rules to row 2 for a table with no rows, and drops them with the sheet", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    const workbook = createOfficeWorkbook(standIn.run);
    await workbook.writeTable(breaks(ROWS));
    await workbook.writeTable(breaks([]));
    // Only the second table's rules: the first went with the sheet it replaced.
    expect(standIn.conditionalFormats().map((f) => f.address)).toEqual([
      "C2",
      "C2",
      "C2",
      "B2",
      "B2",
    ]);
  });

  it("refuses a rule it cannot apply before touching Excel", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    const bad: TableOutput = {
      ...breaks(ROWS),
      conditionalFormats: [{ column: 9, rule: { kind: "textEquals", text: "Open" }, style: "bad" }],
    };
    await expect(createOfficeWorkbook(standIn.run).writeTable(bad)).rejects.toThrow(
      /column 9 is not within 1-3/,
    );
    expect(standIn.stats.syncCount).toBe(0);
    expect(() => textHighlights({ columns }, "Nope", { Open: "bad" })).toThrow(/No column "Nope"/);
  });
});
