import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalCell,
  canonicalHash,
  canonicalText,
  sha256Hex,
  SHA256_HEX,
} from "../../src/domain/canonical";
import type { CellValue, Row } from "../../src/domain/sheet";

describe("canonical text", () => {
  it("writes one typed JSON line per row under the format line", () => {
    const rows: Row[] = [
      ["CUSIP", "Quantity", "Posted"],
      ["037833100", 1000, true],
      [],
      [null, 0.1, 'say "hi"\nthere'],
    ];
    expect(canonicalText(rows)).toBe(
      [
        "stockrec-canonical/1",
        '["CUSIP","Quantity","Posted"]',
        '["037833100",1000,true]',
        "[]",
        '[null,0.1,"say \\"hi\\"\\nthere"]',
        "",
      ].join("\n"),
    );
  });

  it("writes numbers as their shortest round-trip decimal", () => {
    expect(canonicalCell(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(canonicalCell(1e21)).toBe("1e+21");
    expect(canonicalCell(46_325.5)).toBe("46325.5");
    expect(canonicalCell(-0)).toBe("0");
    expect(canonicalCell(Number.NaN)).toBe('"#NUM!"');
  });

  it("tells a number from the same digits as text, and a space from an empty cell", () => {
    expect(canonicalCell(1)).not.toBe(canonicalCell("1"));
    expect(canonicalCell(true)).not.toBe(canonicalCell("true"));
    expect(canonicalCell(" ")).not.toBe(canonicalCell(null));
    expect(canonicalCell("")).toBe(canonicalCell(null));
  });

  it("hashes the canonical text with SHA-256", () => {
    expect(sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    const rows: Row[] = [
      ["a", 1],
      [null, "b"],
    ];
    expect(canonicalHash(rows)).toBe(sha256Hex(canonicalText(rows)));
    expect(canonicalHash(rows)).toMatch(SHA256_HEX);
    expect(canonicalHash([])).toBe(sha256Hex("stockrec-canonical/1\n"));
  });

  it("keeps leading empty rows and cells: they place the content", () => {
    expect(canonicalHash([["a"]])).not.toBe(canonicalHash([[], ["a"]]));
    expect(canonicalHash([["a"]])).not.toBe(canonicalHash([[null, "a"]]));
    expect(canonicalHash([["a", "b"]])).not.toBe(canonicalHash([["a"], ["b"]]));
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const cell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.boolean(),
);
const grid = fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 });

/** `rows` with the cell at (row, column) set to `value`, growing the grid as Excel would. */
function withCell(rows: readonly Row[], row: number, column: number, value: CellValue): Row[] {
  const copy = rows.map((r) => [...r]);
  while (copy.length <= row) copy.push([]);
  const target = copy[row]!;
  while (target.length <= column) target.push(null);
  target[column] = value;
  return copy;
}

describe("canonical hash properties", () => {
  it("changes when any single cell changes", () => {
    fc.assert(
      fc.property(
        grid,
        fc.nat({ max: 9 }),
        fc.nat({ max: 7 }),
        cell,
        (rows, row, column, value) => {
          const before = rows[row]?.[column] ?? null;
          fc.pre(canonicalCell(before) !== canonicalCell(value));
          expect(canonicalHash(withCell(rows, row, column, value))).not.toBe(canonicalHash(rows));
        },
      ),
    );
  });

  it("gives identical content the identical hash, whatever trailing blanks the host reports", () => {
    const blank = fc.constantFrom<CellValue>(null, "");
    fc.assert(
      fc.property(
        grid,
        fc.array(fc.array(blank, { maxLength: 4 }), { maxLength: 8 }),
        fc.array(fc.array(blank, { maxLength: 4 }), { maxLength: 3 }),
        (rows, padding, blankRows) => {
          const padded = [...rows.map((r, i) => [...r, ...(padding[i] ?? [])]), ...blankRows];
          expect(canonicalHash(padded)).toBe(canonicalHash(rows));
          expect(canonicalText(padded)).toBe(canonicalText(rows));
        },
      ),
    );
  });

  it("is the hash of the canonical text, fed line by line", () => {
    fc.assert(
      fc.property(grid, (rows) => {
        expect(canonicalHash(rows)).toBe(sha256Hex(canonicalText(rows)));
      }),
    );
  });
});
