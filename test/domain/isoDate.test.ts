import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  dayOfWeek,
  epochDay,
  excelSerialFromIsoDate,
  fromEpochDay,
  isoDateFromExcelSerial,
  parseIsoDate,
  type IsoDate,
} from "../../src/domain/isoDate";

const date = (text: string): IsoDate => parseIsoDate(text)!;

describe("ISO calendar dates", () => {
  it("accepts real dates only", () => {
    expect(parseIsoDate("2024-02-29")).toBe("2024-02-29");
    expect(parseIsoDate("2026-02-29")).toBeNull();
    expect(parseIsoDate("2026-13-01")).toBeNull();
    expect(parseIsoDate("2026-1-1")).toBeNull();
  });

  it("converts Excel serials in the 1900 system", () => {
    expect(excelSerialFromIsoDate(date("1970-01-01"))).toBe(25569);
    expect(excelSerialFromIsoDate(date("2000-01-01"))).toBe(36526);
    expect(isoDateFromExcelSerial(46325)).toBe("2026-10-30");
    expect(isoDateFromExcelSerial(46325.75)).toBe("2026-10-30");
    expect(isoDateFromExcelSerial(60)).toBeNull(); // Excel's fictitious 1900-02-29
  });

  it("knows the weekday", () => {
    expect(dayOfWeek(date("2026-10-30"))).toBe(5); // a Friday
    expect(dayOfWeek(date("2026-11-24"))).toBe(2); // a Tuesday
  });

  it("round-trips epoch days and serials (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -25567, max: 2_900_000 }), (days) => {
        const iso = fromEpochDay(days);
        expect(parseIsoDate(iso)).toBe(iso);
        expect(epochDay(iso)).toBe(days);
        expect(addDays(iso, 1) > iso).toBe(true);
        if (days >= -25508) expect(isoDateFromExcelSerial(excelSerialFromIsoDate(iso))).toBe(iso);
      }),
    );
  });
});
