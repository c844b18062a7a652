import { describe, expect, it } from "vitest";
import { runMonthlyReconciliation } from "../../src/domain/monthlyReconciliation";
import { planFromProposals, proposeRoles } from "../../src/domain/roles";
import type { SheetSnapshot } from "../../src/domain/sheet";

const stock: SheetSnapshot = {
  name: "Stock Record",
  rows: [
    ["CUSIP", "Location", "Contra", "Quantity"],
    ["037833100", "DTC-FREE", "DTC", 100],
    ["594918104", "OCC-COLL", "OCC", 5],
  ],
};
const dtc: SheetSnapshot = {
  name: "DTC",
  rows: [["DTC statement as of 2026-10-30"], ["Security ID", "Quantity"], ["US0378331005", 90]],
};
const occ: SheetSnapshot = {
  name: "OCC",
  rows: [
    ["CUSIP", "Qty"],
    ["594918104", 5],
  ],
};
const notes: SheetSnapshot = { name: "Notes", rows: [["Month-end checklist"], ["call DTC"]] };
const breaks: SheetSnapshot = {
  name: "Breaks",
  rows: [
    ["Break ID", "Security ID", "Quantity"],
    ["x", "037833100", 1],
  ],
};

describe("detecting sheet roles", () => {
  it("recognises the locations map, the security master and the money balance sheets", () => {
    const locations: SheetSnapshot = {
      name: "Locations",
      rows: [
        ["Location", "Contra", "Statement Account"],
        ["DTC-FREE", "DTC", "0123"],
      ],
    };
    const master: SheetSnapshot = {
      name: "Securities",
      rows: [
        ["CUSIP", "ISIN", "Symbol"],
        ["037833100", "US0378331005", "AAPL"],
      ],
    };
    const gl: SheetSnapshot = {
      name: "GL Cash",
      rows: [
        ["GL Account", "Contra", "Statement Account", "Balance"],
        ["1010", "BNYM", "123456789", 100],
      ],
    };
    const bank: SheetSnapshot = {
      name: "BNYM Cash",
      rows: [
        ["Account", "Currency", "Closing Balance"],
        ["123456789", "USD", 100],
      ],
    };
    const proposals = proposeRoles([stock, locations, master, gl, bank, dtc]);
    expect(proposals.map((p) => [p.sheet, p.role])).toEqual([
      ["Stock Record", "books"],
      ["Locations", "locations"],
      ["Securities", "securityMaster"],
      ["GL Cash", "booksMoney"],
      ["BNYM Cash", "statementMoney"],
      ["DTC", "statement"],
    ]);
    expect(planFromProposals(proposals, null)).toMatchObject({
      locations: "Locations",
      securityMaster: "Securities",
      booksMoney: "GL Cash",
      moneyStatements: [{ sheet: "BNYM Cash", contra: null }],
    });
  });

  it("proposes the stock record, the statements and the sheets to leave alone", () => {
    const proposals = proposeRoles([notes, dtc, stock, occ, breaks]);
    expect(proposals.map((p) => [p.sheet, p.role, p.headerRow])).toEqual([
      ["Notes", "other", null],
      ["DTC", "statement", 2],
      ["Stock Record", "books", 1],
      ["OCC", "statement", 1],
      ["Breaks", "other", null],
    ]);
    expect(planFromProposals(proposals, null)).toEqual({
      books: "Stock Record",
      statements: [
        { sheet: "DTC", contra: null },
        { sheet: "OCC", contra: null },
      ],
      asOf: null,
      locations: null,
      securityMaster: null,
      prices: null,
      booksMoney: null,
      moneyStatements: [],
    });
  });

  it("runs the month-end reconciliation from the plan, taking the as-of date from the statement", () => {
    const sheets = new Map([stock, dtc, occ].map((s) => [s.name, s]));
    const outcome = runMonthlyReconciliation(
      sheets,
      planFromProposals(proposeRoles([stock, dtc, occ]), null)!,
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.result.asOf).toBe("2026-10-30");
    expect(outcome.result.breaks.map((b) => [b.id, b.direction])).toEqual([
      ["037833100@DTC", "short"],
    ]);
    expect(outcome.result.matchedCount).toBe(1);
  });

  it("cannot run without an as-of date, a usable stock record, or an existing sheet", () => {
    const sheets = new Map([stock, occ].map((s) => [s.name, s]));
    const noDate = runMonthlyReconciliation(sheets, {
      books: "Stock Record",
      statements: [{ sheet: "OCC", contra: null }],
      asOf: null,
    });
    expect(noDate.ok ? [] : noDate.issues.map((i) => i.code)).toEqual(["as_of_date_is_required"]);
    const missing = runMonthlyReconciliation(sheets, {
      books: "Stock Record",
      statements: [{ sheet: "BNYM", contra: null }],
      asOf: null,
    });
    expect(missing.ok ? [] : missing.issues.map((i) => i.code)).toEqual(["sheet_must_exist"]);
  });

  it("leaves out an unusable statement but still reconciles the others", () => {
    const broken: SheetSnapshot = {
      name: "BNYM",
      rows: [
        ["ISIN", "Name"],
        ["US0378331005", "APPLE"],
      ],
    };
    const sheets = new Map([stock, occ, broken].map((s) => [s.name, s]));
    const outcome = runMonthlyReconciliation(sheets, {
      books: "Stock Record",
      statements: [
        { sheet: "OCC", contra: null },
        { sheet: "BNYM", contra: null },
      ],
      asOf: "2026-10-30" as never,
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.result.issues.map((i) => i.code)).toEqual([
      "quantity_column_is_required",
      "contra_has_no_statement",
    ]);
  });
});

describe("sheets StockRec writes", () => {
  it("are never proposed as inputs, even though they name securities and quantities", () => {
    const aging: SheetSnapshot = {
      name: "Difference Aging",
      rows: [
        ["Security ID", "Quantity"],
        ["037833100", 2500],
      ],
    };
    const notices: SheetSnapshot = {
      name: "Notices",
      rows: [
        ["Security ID", "Quantity"],
        ["037833100", 2500],
      ],
    };
    expect(proposeRoles([stock, dtc, aging, notices]).map((p) => p.role)).toEqual([
      "books",
      "statement",
      "other",
      "other",
    ]);
  });
});
