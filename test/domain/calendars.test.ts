/**
 * The business-day calendars against the oracle CSVs of shared/oracles/PROVENANCE.md A, every day
 * from 1990-01-01 to 2030-12-31; then the arithmetic's properties and the cases REFERENCE.md §7
 * singles out.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addBusinessDays,
  businessDaysBetween,
  CALENDAR_NAMES,
  CalendarRangeError,
  easterSunday,
  FEDERAL_EXECUTIVE_ORDER_CLOSURES,
  holidays,
  isBusinessDay,
  nextBusinessDay,
  type CalendarName,
  type CalendarOverrides,
} from "../../src/domain/calendars";
import {
  addDays,
  dayOfWeek,
  epochDay,
  fromEpochDay,
  parseIsoDate,
  type IsoDate,
} from "../../src/domain/isoDate";

const date = (text: string): IsoDate => parseIsoDate(text)!;

const calendarsDir = join(process.cwd(), "..", "shared", "oracles", "calendars");

/** Rows of a small RFC 4180 CSV (quoted fields may hold commas), keyed by the header. */
function readCsv(file: string): Record<string, string>[] {
  const path = join(calendarsDir, file);
  if (!existsSync(path)) {
    throw new Error(
      `Calendar oracle missing: ${path}. Run the tests from the repository root with shared/ ` +
        `beside it (shared/oracles/PROVENANCE.md, section A).`,
    );
  }
  const [header, ...lines] = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const names = splitCsvLine(header!);
  return lines.map((line) => {
    const fields = splitCsvLine(line);
    return Object.fromEntries(names.map((name, i) => [name, fields[i] ?? ""]));
  });
}

function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      fields.push(field);
      field = "";
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

const SWEEP_FIRST = date("1990-01-01");
const SWEEP_LAST = date("2030-12-31");

interface Oracle {
  /** Weekdays the oracle says are full closures. */
  readonly closed: ReadonlySet<string>;
  /** The name of each closure, where the oracle's names are the ones this module uses. */
  readonly names?: ReadonlyMap<string, string>;
}

let nyse: Oracle;
let federal: Oracle;
let sifma: Oracle & { readonly disputed: readonly string[] };
let federalExecutiveOrders: readonly string[];

beforeAll(() => {
  const nyseRows = readCsv("nyse-holidays.csv");
  nyse = {
    closed: new Set(nyseRows.map((row) => row.date!)),
    names: new Map(nyseRows.map((row) => [row.date!, row.name!])),
  };
  const federalRows = readCsv("federal-holidays.csv");
  federal = {
    closed: new Set(federalRows.filter((row) => row.frb_closed === "yes").map((row) => row.date!)),
  };
  federalExecutiveOrders = federalRows
    .filter((row) => row.kind === "executive-order")
    .map((row) => row.date!);
  const sifmaRows = readCsv("sifma-us-holidays.csv");
  sifma = {
    closed: new Set(sifmaRows.map((row) => row.date!)),
    names: new Map(sifmaRows.map((row) => [row.date!, row.name!])),
    disputed: sifmaRows.filter((row) => row.note!.startsWith("disputed")).map((row) => row.date!),
  };
});

/** Every date of the sweep where the calendar and the oracle disagree, and how many were checked. */
function disagreements(
  calendar: CalendarName,
  oracle: Oracle,
): { checked: number; dates: string[] } {
  const dates: string[] = [];
  let checked = 0;
  for (let day = epochDay(SWEEP_FIRST); day <= epochDay(SWEEP_LAST); day += 1) {
    const d = fromEpochDay(day);
    const weekday = dayOfWeek(d);
    const expected = weekday !== 0 && weekday !== 6 && !oracle.closed.has(d);
    if (isBusinessDay(calendar, d) !== expected) dates.push(d);
    checked += 1;
  }
  return { checked, dates };
}

describe("calendars against the oracles, every day 1990-01-01..2030-12-31", () => {
  const DAYS_IN_SWEEP = 14975;

  it("NYSE: closed exactly on weekends and the rows of nyse-holidays.csv", () => {
    expect(disagreements("nyse", nyse)).toEqual({ checked: DAYS_IN_SWEEP, dates: [] });
  });

  it("federal: closed exactly on weekends and the rows with frb_closed = yes", () => {
    expect(disagreements("federal", federal)).toEqual({ checked: DAYS_IN_SWEEP, dates: [] });
  });

  it("SIFMA: agrees with sifma-us-holidays.csv except that it fills the 9/11 gap", () => {
    // The curated file has no bond-market closures after the attacks; we close 2001-09-11 and
    // 2001-09-12 (the SEC closed all markets through the 12th; fixed income reopened on the 13th).
    expect(disagreements("sifma", sifma)).toEqual({
      checked: DAYS_IN_SWEEP,
      dates: ["2001-09-11", "2001-09-12"],
    });
    expect(isBusinessDay("sifma", date("2001-09-13"))).toBe(true);
  });

  it("SIFMA: follows the disputed MLK Day rows of 1990–1997 (closed)", () => {
    expect(sifma.disputed).toHaveLength(8);
    for (const d of sifma.disputed)
      expect(`${d} ${isBusinessDay("sifma", date(d))}`).toBe(`${d} false`);
  });

  it("holidays() lists exactly the oracle's closed weekdays, year by year, with its names", () => {
    const oracles: Record<CalendarName, Oracle> = { nyse, federal, sifma };
    // Our 9/11 closures (see above); the federal oracle names holidays differently
    // ("Birthday of Martin Luther King, Jr."), so only its dates are compared.
    const gap = new Map([
      ["2001-09-11", "Closed following Attacks on the World Trade Center"],
      ["2001-09-12", "Closed following Attacks on the World Trade Center"],
    ]);
    for (const calendar of CALENDAR_NAMES) {
      const oracle = oracles[calendar];
      const label = (d: string): string =>
        oracle.names === undefined ? d : `${d} ${oracle.names.get(d) ?? gap.get(d)}`;
      for (let year = 1990; year <= 2030; year += 1) {
        const listed = holidays(calendar, year).map((holiday) =>
          oracle.names === undefined ? holiday.date : `${holiday.date} ${holiday.name}`,
        );
        const expected = [...oracle.closed].filter((d) => d.startsWith(`${year}-`));
        if (calendar === "sifma" && year === 2001) expected.push(...gap.keys());
        expect(`${calendar} ${year}: ${listed.join(", ")}`).toBe(
          `${calendar} ${year}: ${expected.sort().map(label).join(", ")}`,
        );
      }
    }
  });

  it("federal: executive-order closures are Fed business days, and listed as data", () => {
    expect(FEDERAL_EXECUTIVE_ORDER_CLOSURES.map((closure) => closure.date)).toEqual(
      federalExecutiveOrders,
    );
    for (const d of federalExecutiveOrders) expect(isBusinessDay("federal", date(d))).toBe(true);
  });
});

describe("named cases", () => {
  it("posting deadline: a count on Fri 2026-11-20 plus 7 NYSE business days is Wed 2026-12-02", () => {
    // By hand, counting from the day after the count: Mon 11-23 (1), Tue 11-24 (2), Wed 11-25 (3),
    // Thu 11-26 Thanksgiving (closed), Fri 11-27 (4, an early close is a business day),
    // Sat/Sun 11-28/29 (weekend), Mon 11-30 (5), Tue 12-01 (6), Wed 12-02 (7).
    // Tue 2026-12-01 is only the sixth business day: a deadline of 12-01 would be one day short
    // of the rule's seven and would drop Thanksgiving's effect.
    const count = date("2026-11-20");
    expect(dayOfWeek(count)).toBe(5);
    expect(isBusinessDay("nyse", date("2026-11-26"))).toBe(false);
    expect(addBusinessDays("nyse", count, 7)).toBe("2026-12-02");
    expect(addBusinessDays("nyse", count, 6)).toBe("2026-12-01");
    expect(businessDaysBetween("nyse", count, date("2026-12-02"))).toBe(7);
  });

  it("Good Friday 2026 (04-03): NYSE closed, Fed open, SIFMA open (12:00 early close)", () => {
    expect(easterSunday(2026)).toBe("2026-04-05");
    expect(isBusinessDay("nyse", date("2026-04-03"))).toBe(false);
    expect(isBusinessDay("federal", date("2026-04-03"))).toBe(true);
    expect(isBusinessDay("sifma", date("2026-04-03"))).toBe(true);
    expect(isBusinessDay("sifma", date("2027-03-26"))).toBe(false); // an ordinary Good Friday
  });

  it("Columbus Day 2026 (10-12): NYSE open, Fed and SIFMA closed", () => {
    expect(isBusinessDay("nyse", date("2026-10-12"))).toBe(true);
    expect(isBusinessDay("federal", date("2026-10-12"))).toBe(false);
    expect(isBusinessDay("sifma", date("2026-10-12"))).toBe(false);
  });

  it("2021-12-31: open on every calendar although New Year's Day 2022 is a Saturday", () => {
    for (const calendar of CALENDAR_NAMES) {
      expect(isBusinessDay(calendar, date("2021-12-31"))).toBe(true);
    }
  });

  it("a Saturday Independence Day (2026) closes Friday on NYSE and SIFMA, not at the Fed", () => {
    expect(isBusinessDay("nyse", date("2026-07-03"))).toBe(false);
    expect(isBusinessDay("sifma", date("2026-07-03"))).toBe(false);
    expect(isBusinessDay("federal", date("2026-07-03"))).toBe(true);
  });

  it("Juneteenth: Fed from 2021 (Saturday, so 2021-06-18 open), NYSE from 2022", () => {
    expect(isBusinessDay("federal", date("2021-06-18"))).toBe(true);
    expect(isBusinessDay("nyse", date("2021-06-18"))).toBe(true);
    expect(isBusinessDay("nyse", date("2022-06-20"))).toBe(false);
    expect(isBusinessDay("federal", date("2022-06-20"))).toBe(false);
  });

  it("lists NYSE 2026 with names, observed days marked", () => {
    expect(holidays("nyse", 2026)).toEqual([
      { date: "2026-01-01", name: "New Year's Day" },
      { date: "2026-01-19", name: "Martin Luther King Jr. Day" },
      { date: "2026-02-16", name: "Washington's Birthday" },
      { date: "2026-04-03", name: "Good Friday" },
      { date: "2026-05-25", name: "Memorial Day" },
      { date: "2026-06-19", name: "Juneteenth National Independence Day" },
      { date: "2026-07-03", name: "Independence Day (observed)" },
      { date: "2026-09-07", name: "Labor Day" },
      { date: "2026-11-26", name: "Thanksgiving Day" },
      { date: "2026-12-25", name: "Christmas Day" },
    ]);
  });

  it("computes Easter from the computus across the supported range", () => {
    // Known dates; 2038 has the latest possible Easter, 25 April.
    expect(easterSunday(1990)).toBe("1990-04-15");
    expect(easterSunday(2000)).toBe("2000-04-23");
    expect(easterSunday(2008)).toBe("2008-03-23");
    expect(easterSunday(2038)).toBe("2038-04-25");
    expect(easterSunday(2100)).toBe("2100-03-28");
    for (let year = 1990; year <= 2100; year += 1) expect(dayOfWeek(easterSunday(year))).toBe(0);
  });

  it("adding 0 returns the day itself, even a holiday; nextBusinessDay rolls forward", () => {
    expect(addBusinessDays("nyse", date("2026-11-26"), 0)).toBe("2026-11-26");
    expect(nextBusinessDay("nyse", date("2026-11-26"))).toBe("2026-11-27");
    expect(nextBusinessDay("nyse", date("2026-11-27"))).toBe("2026-11-30");
    expect(addBusinessDays("nyse", date("2026-11-30"), -1)).toBe("2026-11-27");
    expect(businessDaysBetween("nyse", date("2026-12-02"), date("2026-11-20"))).toBe(-7);
  });

  it("refuses dates outside 1990–2100", () => {
    expect(() => isBusinessDay("nyse", date("1989-12-29"))).toThrow(CalendarRangeError);
    expect(() => holidays("nyse", 2101)).toThrow(CalendarRangeError);
    expect(() => addBusinessDays("nyse", date("2100-12-30"), 5)).toThrow(CalendarRangeError);
    expect(() => businessDaysBetween("sifma", date("1990-01-02"), date("2101-01-03"))).toThrow(
      CalendarRangeError,
    );
    expect(holidays("federal", 2100).length).toBeGreaterThan(0);
  });
});

describe("properties", () => {
  const calendar = fc.constantFrom<CalendarName>(...CALENDAR_NAMES);
  /** Dates far enough from the range ends for ±400 business days (about 560 calendar days). */
  const anyDate = fc
    .integer({ min: epochDay(date("1992-01-01")), max: epochDay(date("2098-12-31")) })
    .map(fromEpochDay);
  const businessDays = fc.integer({ min: -400, max: 400 });

  it("businessDaysBetween(d, addBusinessDays(d, n)) === n for business days d", () => {
    fc.assert(
      fc.property(calendar, anyDate, businessDays, (cal, start, n) => {
        const d = isBusinessDay(cal, start) ? start : nextBusinessDay(cal, start);
        const end = addBusinessDays(cal, d, n);
        expect(businessDaysBetween(cal, d, end)).toBe(n);
        if (n !== 0) expect(isBusinessDay(cal, end)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("addBusinessDays is strictly increasing in n, from any day", () => {
    fc.assert(
      fc.property(calendar, anyDate, businessDays, businessDays, (cal, d, a, b) => {
        fc.pre(a !== b);
        const [low, high] = a < b ? [a, b] : [b, a];
        expect(addBusinessDays(cal, d, low) < addBusinessDays(cal, d, high)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("a closed override removes exactly that day; an open override adds exactly that day", () => {
    fc.assert(
      fc.property(calendar, anyDate, (cal, d) => {
        const from = addDays(d, -30);
        const to = addDays(d, 30);
        const base = businessDaysBetween(cal, from, to);
        const wasOpen = isBusinessDay(cal, d);
        const closed: CalendarOverrides = { closed: [d], open: [] };
        const open: CalendarOverrides = { closed: [], open: [d] };
        expect(isBusinessDay(cal, d, closed)).toBe(false);
        expect(isBusinessDay(cal, d, open)).toBe(true);
        expect(businessDaysBetween(cal, from, to, closed)).toBe(base - (wasOpen ? 1 : 0));
        expect(businessDaysBetween(cal, from, to, open)).toBe(base + (wasOpen ? 0 : 1));
        for (const other of [addDays(d, -1), addDays(d, 1)]) {
          expect(isBusinessDay(cal, other, closed)).toBe(isBusinessDay(cal, other));
          expect(isBusinessDay(cal, other, open)).toBe(isBusinessDay(cal, other));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("overrides: an open weekend is a business day; a date both closed and open is refused", () => {
    const saturday = date("2026-11-28");
    expect(isBusinessDay("nyse", saturday)).toBe(false);
    expect(isBusinessDay("nyse", saturday, { closed: [], open: [saturday] })).toBe(true);
    const thanksgiving = date("2026-11-26");
    const both = { closed: [thanksgiving], open: [thanksgiving] };
    expect(() => isBusinessDay("nyse", thanksgiving, both)).toThrow(/both closed and open/);
    // The firm's own closure moves the deadline: closing Fri 11-27 makes 12-03 the seventh day.
    const firmClosed = { closed: [date("2026-11-27")], open: [] };
    expect(addBusinessDays("nyse", date("2026-11-20"), 7, firmClosed)).toBe("2026-12-03");
  });
});
