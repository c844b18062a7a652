import { describe, expect, it } from "vitest";
import type { Progress } from "../../src/workbook/port";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import {
  detectSheetRoles,
  reconcileWorkbook,
  saveMapping,
  writeBreaksSheet,
} from "../../src/workbook/monthEnd";

const sheets = {
  "Stock Record": [
    ["CUSIP", "Description", "Location", "Contra", "Quantity"],
    ["037833100", "APPLE INC COM", "DTC-FREE", "DTC", 1000],
    ["037833100", "APPLE INC COM", "DTC-SEG", "DTC", 250],
    ["594918104", "MICROSOFT CORP COM", "OCC-COLL", "OCC", 300],
    ["00206R102", "AT&T INC COM", "DTC-FREE", "DTC", 0.1],
  ],
  DTC: [
    ["DTC position statement as of 10/30/2026"],
    ["Security ID", "Quantity"],
    ["US0378331005", 1200],
    ["00206R102", 0.1],
    ["=HYPERLINK(1)", 5],
  ],
  OCC: [
    ["CUSIP", "Qty"],
    ["594918104", 310],
  ],
  Notes: [["Remember to email DTC"]],
};

describe("the month-end flow over a WorkbookPort", () => {
  it("detects the roles, the as-of date and the contras held in the books", async () => {
    const detection = await detectSheetRoles(new MemoryWorkbook(sheets));
    expect(detection.proposals.map((p) => [p.sheet, p.role])).toEqual([
      ["Stock Record", "books"],
      ["DTC", "statement"],
      ["OCC", "statement"],
      ["Notes", "other"],
    ]);
    expect(detection.asOfFound).toBe("2026-10-30");
    expect(detection.contrasInBooks).toEqual(["DTC", "OCC"]);
    expect(detection.plan?.statements.map((s) => s.sheet)).toEqual(["DTC", "OCC"]);
    expect(detection.issues).toEqual([]);
  });

  it("reconciles with progress, writes the Breaks table and knows each break's row", async () => {
    const port = new MemoryWorkbook(sheets);
    const detection = await detectSheetRoles(port);
    const progress: Progress[] = [];
    const { result } = await reconcileWorkbook(port, detection.plan!, {
      onProgress: (p) => progress.push(p),
    });
    expect(result).not.toBeNull();
    expect(result!.breaks.map((b) => [b.id, b.direction])).toEqual([
      ["037833100@DTC", "short"],
      ["594918104@OCC", "long"],
    ]);
    expect(result!.issues.map((i) => i.code)).toEqual([
      "security_id_must_be_an_identifier",
      "position_is_split_over_rows",
    ]);
    expect(progress.at(-1)?.fraction).toBe(1);
    expect(progress.every((p, i) => i === 0 || p.fraction >= progress[i - 1]!.fraction)).toBe(true);

    const { rowOfBreak } = await writeBreaksSheet(port, result!);
    const [table] = port.writtenTables;
    expect(table?.sheetName).toBe("Breaks");
    expect(table?.columns.find((c) => c.header === "Security ID")?.format).toEqual({
      kind: "text",
    });
    expect(table?.columns.find((c) => c.header === "Difference")?.format).toEqual({
      kind: "quantity",
      decimals: 0,
    });
    expect(table?.rows[0]?.slice(1, 9)).toEqual([
      "037833100",
      "APPLE INC COM",
      "DTC",
      "DTC-FREE, DTC-SEG",
      1250,
      1200,
      50,
      "Short",
    ]);
    expect(rowOfBreak.get("594918104@OCC")).toBe(3);
  });

  it("stops when cancelled", async () => {
    const port = new MemoryWorkbook(sheets);
    const controller = new AbortController();
    controller.abort();
    await expect(
      reconcileWorkbook(
        port,
        { books: "Stock Record", statements: [{ sheet: "OCC", contra: null }], asOf: null },
        { signal: controller.signal },
      ),
    ).rejects.toThrow(/cancelled/);
  });

  it("says why it cannot run instead of failing", async () => {
    const port = new MemoryWorkbook({ Notes: [["nothing here"]] });
    const detection = await detectSheetRoles(port);
    expect(detection.plan).toBeNull();
    expect(detection.issues.map((i) => i.code)).toEqual([
      "stock_record_sheet_is_required",
      "statement_sheet_is_required",
    ]);
    const run = await reconcileWorkbook(port, {
      books: "Books",
      statements: [{ sheet: "DTC", contra: null }],
      asOf: null,
    });
    expect(run.result).toBeNull();
    expect(run.issues.map((i) => i.code)).toEqual(["sheet_must_exist", "sheet_must_exist"]);
  });
});

describe("mappings in the month-end flow", () => {
  it("proposes each sheet's mapping, saves a confirmed one, and next month's file maps itself", async () => {
    const custodian = [
      ["Holdings as of 2026-10-30"],
      ["Instrument", "Units Held", "Long Name"],
      ["US0378331005", 1250, "APPLE"],
    ];
    const port = new MemoryWorkbook({
      "Stock Record": sheets["Stock Record"],
      Custodian: custodian,
    });
    const before = await detectSheetRoles(port);
    expect(before.proposals.find((p) => p.sheet === "Custodian")?.role).toBe("other");
    expect(before.mappings["Stock Record"]?.columns).toMatchObject({
      securityId: 1,
      quantity: 5,
      location: 3,
    });

    await saveMapping(port, "Custodian", {
      headers: [
        { column: 1, text: "Instrument" },
        { column: 2, text: "Units Held" },
        { column: 3, text: "Long Name" },
      ],
      columns: { securityId: 1, quantity: 2, description: 3 },
      negateQuantities: false,
      quantityUnit: "as_written",
    });
    expect((await port.listSheets()).find((s) => s.name === "StockRec Settings")?.visible).toBe(
      false,
    );

    const after = await detectSheetRoles(port);
    expect(after.proposals.find((p) => p.sheet === "Custodian")?.role).toBe("statement");
    expect(after.mappings.Custodian?.saved).toBe(true);
    const { result } = await reconcileWorkbook(port, {
      books: "Stock Record",
      statements: [{ sheet: "Custodian", contra: "DTC" }],
      asOf: null,
    });
    expect(result?.asOf).toBe("2026-10-30");
    expect(result?.breaks.find((b) => b.securityKey === "037833100")).toBeUndefined();
  });
});
