import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  classifySecurityId,
  cusipCheckDigit,
  isinCheckDigit,
  isinFromCusip,
  isValidCusip,
  isValidIsin,
  isValidSedol,
  sedolCheckDigit,
} from "../../src/domain/identifiers";

describe("security identifiers (REFERENCE.md §9)", () => {
  it("computes the CUSIP check digit of the reference example", () => {
    expect(cusipCheckDigit("03783310")).toBe(0);
    expect(isValidCusip("037833100")).toBe(true);
    expect(isValidCusip("594918104")).toBe(true); // Microsoft
    expect(isValidCusip("037833101")).toBe(false);
    expect(isValidCusip("38259P508")).toBe(true); // Google class A, a letter inside
  });

  it("computes ISIN check digits, and a US ISIN holds its CUSIP", () => {
    expect(isinCheckDigit("US037833100")).toBe(5);
    expect(isinFromCusip("037833100")).toBe("US0378331005");
    expect(isValidIsin("US5949181045")).toBe(true);
    expect(isValidIsin("XS0222550880")).toBe(true); // from the MT535 oracle sample
    expect(isValidIsin("US0378331006")).toBe(false);
  });

  it("computes SEDOL check digits", () => {
    expect(sedolCheckDigit("026349")).toBe(4);
    expect(isValidSedol("0263494")).toBe(true);
    expect(isValidSedol("0263495")).toBe(false);
  });

  it("keys a US ISIN by its CUSIP so it matches books kept in CUSIPs", () => {
    const byIsin = classifySecurityId(" us0378331005 ");
    const byCusip = classifySecurityId("037833100");
    expect(byIsin.ok && byCusip.ok && byIsin.key === byCusip.key).toBe(true);
    const foreign = classifySecurityId("XS0222550880");
    expect(foreign.ok && foreign.key).toBe("XS0222550880");
  });

  it("rejects wrong check digits with the rule they break", () => {
    const cusip = classifySecurityId("037833109");
    expect(cusip.ok ? null : cusip.code).toBe("cusip_check_digit_must_match");
    const isin = classifySecurityId("US0378331009");
    expect(isin.ok ? null : isin.code).toBe("isin_check_digit_must_match");
    const empty = classifySecurityId("  ");
    expect(empty.ok ? null : empty.code).toBe("security_id_is_required");
    const words = classifySecurityId("Total for participant 0123 !");
    expect(words.ok ? null : words.code).toBe("security_id_must_be_an_identifier");
  });

  it("accepts symbols as other identifiers", () => {
    const symbol = classifySecurityId("AAPL");
    expect(symbol.ok && symbol.kind).toBe("other");
  });

  const cusipBody = fc.string({
    unit: fc.constantFrom(..."0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"),
    minLength: 8,
    maxLength: 8,
  });

  it("accepts exactly one check digit for every CUSIP body, and its ISIN is valid (property)", () => {
    fc.assert(
      fc.property(cusipBody, (body) => {
        const check = cusipCheckDigit(body)!;
        for (let digit = 0; digit <= 9; digit++)
          expect(isValidCusip(body + digit)).toBe(digit === check);
        expect(isValidIsin(isinFromCusip(body + check))).toBe(true);
        expect(isValidIsin(isinFromCusip(body + check, "CA"))).toBe(true);
      }),
    );
  });

  it("catches every single-digit change of a CUSIP's numeric characters (property)", () => {
    fc.assert(
      fc.property(
        cusipBody,
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 1, max: 9 }),
        (body, position, delta) => {
          const char = body[position]!;
          fc.pre(/[0-9]/.test(char));
          const changed =
            body.slice(0, position) +
            String((Number(char) + delta) % 10) +
            body.slice(position + 1);
          return !isValidCusip(changed + String(cusipCheckDigit(body)));
        },
      ),
    );
  });
});
