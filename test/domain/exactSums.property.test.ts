/**
 * ExactSums (decimal.ts) keeps sums in doubles only while they are exact: near and past 2^53 it
 * moves to bigint. Checked against plain bigint Decimal sums on random quantities.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  decimalFromScaled,
  ExactSums,
  subtract,
  toDecimalString,
  ZERO,
} from "../../src/domain/decimal";
import { parsePlainDecimalRange, type ScaledNumber } from "../../src/domain/values";
import { parseDecimal } from "../../src/domain/decimal";

const MAX = Number.MAX_SAFE_INTEGER;
const units = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer({ min: MAX - 1000, max: MAX }),
  fc.integer({ min: -MAX, max: -MAX + 1000 }),
  fc.maxSafeInteger(),
);

describe("ExactSums", () => {
  it("sums exactly across the 2^53 boundary and mixed scales", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(units, fc.integer({ min: 0, max: 18 })), { maxLength: 40 }),
        (terms) => {
          const sums = new ExactSums(4);
          let expected = ZERO;
          for (const [u, scale] of terms) {
            sums.add(1, u, scale);
            expected = add(expected, decimalFromScaled(u, scale));
          }
          expect(toDecimalString(sums.value(1))).toBe(toDecimalString(expected));
          expect(sums.isZero(1)).toBe(expected.units === 0n);
        },
      ),
    );
  });

  it("takes one slot's sum from another's exactly, as subtract does, Decimal for Decimal", () => {
    const terms = fc.array(fc.tuple(units, fc.integer({ min: 0, max: 18 })), { maxLength: 6 });
    fc.assert(
      fc.property(terms, terms, (aTerms, bTerms) => {
        const a = new ExactSums(4);
        const b = new ExactSums(4);
        for (const [u, scale] of aTerms) a.add(2, u, scale);
        for (const [u, scale] of bTerms) b.add(2, u, scale);
        expect(ExactSums.difference(a, b, 2)).toEqual(subtract(b.value(2), a.value(2)));
      }),
    );
  });

  it("reads plain decimals as parseDecimal does, refusing what a double cannot hold", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-?\d{1,20}(\.\d{0,20})?$/), (text) => {
        const out: ScaledNumber = { units: 0, scale: 0 };
        const expected = parseDecimal(text);
        if (parsePlainDecimalRange(text, 0, text.length, out)) {
          expect(toDecimalString(decimalFromScaled(out.units, out.scale))).toBe(
            toDecimalString(expected!),
          );
        } else {
          expect(
            expected === null ||
              expected.units > BigInt(MAX) ||
              expected.units < -BigInt(MAX) ||
              text.split(".")[1]!.length > 18 ||
              BigInt(text.replace("-", "").replace(".", "")) > BigInt(MAX),
          ).toBe(true);
        }
      }),
    );
  });
});
