import { describe, expect, it } from "vitest";
import { toDecimalString } from "../../src/domain/decimal";
import { findHeader, POSITION_SCHEMA } from "../../src/domain/headers";
import { applyProfile, profileColumns, validateMapping } from "../../src/domain/mapping";
import { parseMoneySheet } from "../../src/domain/money";
import { parsePositionSheet } from "../../src/domain/positions";
import { proposeRoles } from "../../src/domain/roles";
import {
  DEFAULT_SETTINGS,
  parseSettings,
  settingsRows,
  withProfile,
  type SourceProfile,
} from "../../src/domain/settings";
import type { SheetSnapshot } from "../../src/domain/sheet";

// Headers no synonym knows: only a saved mapping can read this custodian's file.
const custodian: SheetSnapshot = {
  name: "Custodian",
  rows: [
    ["Holdings report", null, null],
    ["Instrument", "Units Held (000)", "Long Name"],
    ["US0378331005", "-5", "APPLE"],
    ["US5949181045", "-1.25", "MICROSOFT"],
  ],
};
const profile: SourceProfile = {
  columns: { securityId: "Instrument", quantity: "Units Held (000)", description: "Long Name" },
  negateQuantities: true,
  quantityUnit: "thousands",
};

describe("column mappings and saved profiles", () => {
  it("reads a source through its saved profile, with its number habits", () => {
    expect(findHeader(custodian)).toBeNull();
    const parsed = parsePositionSheet(custodian, { role: "statement", contra: "BNYM", profile });
    expect(parsed.issues).toEqual([]);
    expect(
      parsed.records.map((r) => [r.securityKey, toDecimalString(r.quantity), r.description]),
    ).toEqual([
      ["037833100", "5000", "APPLE"],
      ["594918104", "1250", "MICROSOFT"],
    ]);
  });

  it("finds the saved headers after the columns moved", () => {
    const moved: SheetSnapshot = {
      name: "Custodian",
      rows: [
        ["Long Name", "Instrument", "Units Held (000)"],
        ["APPLE", "US0378331005", "-5"],
      ],
    };
    const { match } = applyProfile(moved, profile, POSITION_SCHEMA);
    expect(match?.columns).toMatchObject({ securityId: 2, quantity: 3, description: 1 });
  });

  it("falls back to detection, with a warning, when the saved headers are gone", () => {
    const renamed: SheetSnapshot = {
      name: "Custodian",
      rows: [
        ["CUSIP", "Quantity"],
        ["037833100", 5],
      ],
    };
    const parsed = parsePositionSheet(renamed, { role: "statement", contra: "BNYM", profile });
    expect(parsed.issues.map((i) => i.code)).toEqual(["saved_mapping_must_match_headers"]);
    expect(parsed.records).toHaveLength(1);
  });

  it("reports gaps and columns mapped twice", () => {
    expect(
      validateMapping("DTC", { securityId: 1, quantity: 1 }, POSITION_SCHEMA, 3).map((i) => [
        i.code,
        i.where.column ?? null,
      ]),
    ).toEqual([["mapping_column_is_used_twice", "A"]]);
    expect(
      validateMapping("DTC", { securityId: 2 }, POSITION_SCHEMA, 3).map((i) => i.code),
    ).toEqual(["mapping_field_is_required"]);
  });

  it("saves a confirmed mapping by header text", () => {
    const match = findHeader({ name: "DTC", rows: [["Security ID", "Qty", "Description"]] })!;
    expect(profileColumns(match)).toEqual({
      securityId: "Security ID",
      quantity: "Qty",
      description: "Description",
    });
  });

  it("round-trips settings through the sheet rows, and reports unreadable ones", () => {
    const settings = withProfile(DEFAULT_SETTINGS, "Custodian", profile);
    const rows = [["Key", "Value"], ...settingsRows(settings)];
    expect(parseSettings(rows)).toEqual({ settings, issues: [] });
    const broken = parseSettings([
      ["Key", "Value"],
      ["profile:DTC", "{not json"],
      ["moneyTolerance", '"-1"'],
    ]);
    expect(broken.settings).toEqual(DEFAULT_SETTINGS);
    expect(broken.issues.map((i) => [i.code, i.where.row])).toEqual([
      ["setting_must_be_readable", 2],
      ["setting_must_be_readable", 3],
    ]);
  });

  it("keeps the firm's days before a money break is proposed for suspense, only when chosen", () => {
    expect(settingsRows(DEFAULT_SETTINGS).map((row) => row[0])).not.toContain(
      "suspenseAfterBusinessDays",
    );
    const firm = { ...DEFAULT_SETTINGS, suspenseAfterBusinessDays: 10 };
    const rows = [["Key", "Value"], ...settingsRows(firm)];
    expect(rows).toContainEqual(["suspenseAfterBusinessDays", "10"]);
    expect(parseSettings(rows)).toEqual({ settings: firm, issues: [] });
    const broken = parseSettings([
      ["Key", "Value"],
      ["suspenseAfterBusinessDays", "7.5"],
    ]);
    expect(broken.settings.suspenseAfterBusinessDays).toBe(7);
    expect(broken.issues[0]!.message).toContain("is not a whole number of business days");
  });
});

describe("money sources through a saved mapping", () => {
  it("reads a cash report whose headers no synonym knows, and proposes it as a cash statement", () => {
    const report: SheetSnapshot = {
      name: "Bank Report",
      rows: [
        ["Acct Ref", "Ccy", "EOD Ledger"],
        ["123456789", "USD", "2,350,000.00"],
      ],
    };
    const settings = withProfile(DEFAULT_SETTINGS, "Bank Report", {
      columns: { account: "Acct Ref", currency: "Ccy", balance: "EOD Ledger" },
      negateQuantities: false,
      quantityUnit: "as_written",
    });
    expect(proposeRoles([report]).map((p) => p.role)).toEqual(["other"]);
    expect(proposeRoles([report], settings).map((p) => p.role)).toEqual(["statementMoney"]);
    const parsed = parseMoneySheet(report, {
      role: "statement",
      contra: "BNYM",
      profile: settings.profiles["BANK REPORT"]!,
    });
    expect(parsed.records.map((r) => [r.account, r.currency, toDecimalString(r.balance)])).toEqual([
      ["123456789", "USD", "2350000"],
    ]);
  });
});

describe("a field set to (none)", () => {
  it("stays without a column even when a header would name it", () => {
    const dtc: SheetSnapshot = {
      name: "DTC",
      rows: [
        ["CUSIP", "Quantity", "As Of"],
        ["037833100", 5, "2026-09-30"],
      ],
    };
    const keepNone: SourceProfile = {
      columns: { securityId: "CUSIP", quantity: "Quantity", asOf: "" },
      negateQuantities: false,
      quantityUnit: "as_written",
    };
    expect(applyProfile(dtc, keepNone, POSITION_SCHEMA).match?.columns).toEqual({
      securityId: 1,
      quantity: 2,
    });
    const parsed = parsePositionSheet(dtc, { role: "statement", contra: null, profile: keepNone });
    expect(parsed.asOfFound).toEqual([]);
  });
});
