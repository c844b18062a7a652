import { describe, expect, it } from "vitest";
import { toDecimalString } from "../../src/domain/decimal";
import {
  applyLocationsToBooks,
  applyLocationsToStatement,
  isLocationsSheet,
  parseLocationsSheet,
} from "../../src/domain/locations";
import { runMonthlyReconciliation } from "../../src/domain/monthlyReconciliation";
import { parsePositionSheet } from "../../src/domain/positions";
import {
  applySecurityMaster,
  isSecurityMasterSheet,
  parseSecurityMaster,
} from "../../src/domain/securityMaster";
import type { SheetSnapshot } from "../../src/domain/sheet";

const locations: SheetSnapshot = {
  name: "Locations",
  rows: [
    ["Location", "Contra", "Statement Account"],
    ["DTC-FREE", "DTC", "0123"],
    ["DTC-SEG", "DTC", "0123"],
    ["OCC-COLL", "OCC", "00456"],
    ["BOX", "", ""],
    ["dtc-free", "OCC", ""],
  ],
};
const stock: SheetSnapshot = {
  name: "Stock Record",
  rows: [
    ["CUSIP", "Location", "Quantity"],
    ["037833100", "DTC-FREE", 1000],
    ["037833100", "DTC-SEG", 200],
    ["594918104", "OCC-COLL", 50],
    ["594918104", "NEWBOX", 5],
  ],
};

describe("the locations map", () => {
  it("is recognised by its headers, and rolls several locations up to one contra", () => {
    expect(isLocationsSheet(locations)).toBe(true);
    expect(isLocationsSheet(stock)).toBe(false);
    const { map, issues } = parseLocationsSheet(locations);
    expect(issues.map((i) => [i.code, i.where.row])).toEqual([
      ["location_entry_needs_location_and_contra", 5],
      ["location_must_map_to_one_contra", 6],
    ]);
    const books = parsePositionSheet(stock, { role: "books", contra: null }).records;
    const placed = applyLocationsToBooks(books, map!);
    expect(placed.records.map((r) => r.contra)).toEqual(["DTC", "DTC", "OCC", "NEWBOX"]);
    expect(placed.issues).toMatchObject([{ code: "location_is_not_in_map", where: { row: 5 } }]);
  });

  it("places statement rows by the account they name", () => {
    const { map } = parseLocationsSheet(locations);
    const statement = parsePositionSheet(
      {
        name: "Depository",
        rows: [
          ["CUSIP", "Participant", "Quantity"],
          ["037833100", "0123", 1200],
        ],
      },
      { role: "statement", contra: null },
    ).records;
    expect(applyLocationsToStatement(statement, map!).map((r) => r.contra)).toEqual(["DTC"]);
  });

  it("lets a run match books locations against the contra's statement", () => {
    const dtc: SheetSnapshot = {
      name: "DTC",
      rows: [
        ["CUSIP", "Quantity"],
        ["037833100", 1200],
      ],
    };
    const outcome = runMonthlyReconciliation(
      new Map([stock, dtc, locations].map((s) => [s.name, s])),
      {
        books: "Stock Record",
        statements: [{ sheet: "DTC", contra: null }],
        asOf: "2026-10-30" as never,
        locations: "Locations",
      },
    );
    expect(outcome.ok && outcome.result.breaks).toEqual([]);
    expect(outcome.ok && outcome.result.matchedCount).toBe(1);
  });
});

const master: SheetSnapshot = {
  name: "Security Master",
  rows: [
    ["CUSIP", "ISIN", "SEDOL", "Symbol"],
    ["037833100", "US0378331005", "2046251", "AAPL"],
    ["594918104", "US5949181045", "2588173", "MSFT"],
    ["38259P508", "", "", "AAPL"],
    ["037833109", "", "", ""],
  ],
};

describe("the security master", () => {
  it("is recognised by naming several identifiers and no quantity", () => {
    expect(isSecurityMasterSheet(master)).toBe(true);
    expect(isSecurityMasterSheet(stock)).toBe(false);
  });

  it("re-keys symbols and SEDOLs to CUSIPs, and refuses an alias claimed twice", () => {
    const { master: parsed, issues } = parseSecurityMaster(master);
    expect(issues.map((i) => [i.code, i.where.row])).toEqual([
      ["security_alias_must_name_one_security", 4],
      ["cusip_check_digit_must_match", 5],
    ]);
    const statement = parsePositionSheet(
      {
        name: "Broker",
        rows: [
          ["Security ID", "Quantity"],
          ["MSFT", 10],
          ["2046251", 5],
          ["AAPL", 1],
          ["TSLA", 2],
        ],
      },
      { role: "statement", contra: "X" },
    ).records;
    const rekeyed = applySecurityMaster(statement, parsed!);
    expect(rekeyed.records.map((r) => [r.securityKey, toDecimalString(r.quantity)])).toEqual([
      ["594918104", "10"],
      ["037833100", "5"],
      ["AAPL", "1"],
      ["TSLA", "2"],
    ]);
    expect(rekeyed.issues).toMatchObject([
      { code: "security_is_not_in_master", where: { sheet: "Broker", row: 4 } },
    ]);
  });
});
