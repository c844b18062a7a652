import { describe, expect, it } from "vitest";
import { toDecimalString } from "../../src/domain/decimal";
import {
  findDateInText,
  parseDateCell,
  parseQuantity,
  parseSecurityId,
} from "../../src/domain/values";
import type { CellValue } from "../../src/domain/sheet";

const quantity = (cell: CellValue): string => {
  const parsed = parseQuantity(cell);
  return parsed.ok ? toDecimalString(parsed.value) : parsed.problem.code;
};

describe("cell values", () => {
  it("reads quantities written the ways statements write them, exactly", () => {
    expect(quantity(1234.5)).toBe("1234.5");
    expect(quantity("1,234.50")).toBe("1234.5");
    expect(quantity("(1,000)")).toBe("-1000");
    expect(quantity("1,000-")).toBe("-1000");
    expect(quantity("-1000")).toBe("-1000");
    expect(quantity("  250  ")).toBe("250");
    expect(quantity("0.1")).toBe("0.1");
  });

  it("reports text that is not a quantity", () => {
    expect(quantity("n/a")).toBe("quantity_must_be_a_number");
    expect(quantity("12,34")).toBe("quantity_must_be_a_number");
    expect(quantity("")).toBe("quantity_is_required");
    expect(quantity(null)).toBe("quantity_is_required");
    expect(quantity(true)).toBe("quantity_must_be_a_number");
  });

  it("restores a CUSIP that lost its leading zero, with a warning", () => {
    const parsed = parseSecurityId(37833100);
    expect(parsed.ok && parsed.value.key).toBe("037833100");
    expect(parsed.ok && parsed.warning?.code).toBe("cusip_restored_from_number");
  });

  it("never matches identifiers Excel damaged beyond repair", () => {
    for (const cell of [1.2345e105, 123456789012345680000, 12.5, 123456789]) {
      const parsed = parseSecurityId(cell);
      expect(parsed.ok ? parsed.value.key : parsed.problem.code).toBe(
        "security_id_damaged_by_excel",
      );
    }
  });

  it("reads dates as serials, ISO, M/D/YYYY and YYYYMMDD", () => {
    for (const cell of [46325, "2026-10-30", "10/30/2026", "20261030", 20261030]) {
      const parsed = parseDateCell(cell);
      expect(parsed.ok && parsed.value).toBe("2026-10-30");
    }
    const bad = parseDateCell("30/10/2026");
    expect(bad.ok ? bad.value : bad.problem.code).toBe("date_must_be_a_date");
    expect(findDateInText("Participant 0123 — As of 10/30/2026")).toBe("2026-10-30");
  });
});
