import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  compare,
  decimalFromNumber,
  formatGrouped,
  negate,
  parseDecimal,
  subtract,
  sum,
  toDecimalString,
  toExcelNumber,
  type Decimal,
} from "../../src/domain/decimal";

const d = (text: string): Decimal => {
  const value = parseDecimal(text);
  if (value === null) throw new Error(`bad test decimal ${text}`);
  return value;
};

const arbitraryDecimal = fc
  .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
  .map(([units, scale]) => d(toDecimalString({ units, scale })));

describe("exact decimals", () => {
  it("adds 0.1 and 0.2 from Excel doubles to exactly 0.3", () => {
    const total = add(decimalFromNumber(0.1)!, decimalFromNumber(0.2)!);
    expect(toDecimalString(total)).toBe("0.3");
    expect(compare(total, d("0.3"))).toBe(0);
  });

  it("parses plain decimals and rejects anything else", () => {
    expect(toDecimalString(d("-001234.5000"))).toBe("-1234.5");
    expect(toDecimalString(d(".25"))).toBe("0.25");
    expect(toDecimalString(d("+7"))).toBe("7");
    for (const bad of ["", "1,000", "1e5", "12a", "1.2.3", " 1", "--1", "."])
      expect(parseDecimal(bad)).toBeNull();
  });

  it("turns doubles into the decimal Excel shows, including exponent forms", () => {
    expect(toDecimalString(decimalFromNumber(1e21)!)).toBe("1000000000000000000000");
    expect(toDecimalString(decimalFromNumber(1.5e-7)!)).toBe("0.00000015");
    expect(toDecimalString(decimalFromNumber(-2.5e-10)!)).toBe("-0.00000000025");
    expect(toDecimalString(decimalFromNumber(123456.789)!)).toBe("123456.789");
    expect(decimalFromNumber(Number.NaN)).toBeNull();
    expect(decimalFromNumber(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it("formats with grouping for people", () => {
    expect(formatGrouped(d("-1234567.25"))).toBe("-1,234,567.25");
    expect(formatGrouped(d("999"))).toBe("999");
  });

  it("writes to Excel as a number only when the double is exact", () => {
    expect(toExcelNumber(d("1234.5"))).toBe(1234.5);
    expect(toExcelNumber(d("1234567890123456789"))).toBeNull();
    expect(toExcelNumber(d("0.1234567890123456"))).toBeNull();
  });

  it("round-trips through its canonical string (property)", () => {
    fc.assert(
      fc.property(
        arbitraryDecimal,
        (x) =>
          compare(d(toDecimalString(x)), x) === 0 &&
          toDecimalString(d(toDecimalString(x))) === toDecimalString(x),
      ),
    );
  });

  it("adds associatively and commutatively, and subtraction undoes addition (property)", () => {
    fc.assert(
      fc.property(arbitraryDecimal, arbitraryDecimal, arbitraryDecimal, (a, b, c) => {
        expect(toDecimalString(add(add(a, b), c))).toBe(toDecimalString(add(a, add(b, c))));
        expect(toDecimalString(add(a, b))).toBe(toDecimalString(add(b, a)));
        expect(toDecimalString(subtract(add(a, b), b))).toBe(toDecimalString(a));
        expect(toDecimalString(add(a, negate(a)))).toBe("0");
        expect(toDecimalString(sum([a, b, c]))).toBe(toDecimalString(add(a, add(b, c))));
      }),
    );
  });

  it("reads every double with up to 15 significant digits exactly as written (property)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }),
        fc.integer({ min: 0, max: 8 }),
        (units, scale) => {
          const text = toDecimalString({ units, scale });
          return toDecimalString(decimalFromNumber(Number(text))!) === toDecimalString(d(text));
        },
      ),
    );
  });

  it("writes any decimal as its digits, the double way below 2^53 as the bigint way above", () => {
    // the reference: the bigint's digits, the point placed by counting
    const reference = ({ units, scale }: Decimal): string => {
      const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, "0");
      const body =
        scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(-scale)}`;
      return (units < 0n ? "-" : "") + body;
    };
    const near = (power: bigint) =>
      fc
        .bigInt({ min: -power - 3n, max: power + 3n })
        .filter((u) => u < -power + 3n || u > power - 3n);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
          near(2n ** 53n),
          near(10n ** 15n),
          fc.integer({ min: -1000, max: 1000 }).map(BigInt),
        ),
        fc.integer({ min: 0, max: 20 }),
        (units, scale) => {
          expect(toDecimalString({ units, scale })).toBe(reference({ units, scale }));
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
