/**
 * Business-day calendars for FINRA Rule 4522(b)(2) deadlines and aging: NYSE, SIFMA (US bond
 * market) and the Federal Reserve (REFERENCE.md §7). Each calendar is holiday RULES (fixed and
 * floating dates, Good Friday from the Easter computus, the calendar's weekend-observance rule)
 * plus DATA for the unscheduled closures the rules cannot know. A business day is a weekday that
 * is not a full-day closure; early (half-day) closes are business days on every calendar.
 *
 * Limits: the rules are only claimed for 1990–2100 (before 1990 NYSE's history differs, e.g. no
 * MLK Day, and beyond 2100 nothing is planned); every function throws CalendarRangeError for a
 * date outside that range. Unscheduled closures are known up to CALENDAR_DATA_AS_OF; later ones
 * must be supplied as CalendarOverrides until this data is updated.
 */
import { epochDay, fromEpochDay, parseIsoDate, type IsoDate } from "./isoDate";

export type CalendarName = "nyse" | "sifma" | "federal";

export const CALENDAR_NAMES: readonly CalendarName[] = ["nyse", "sifma", "federal"];

export const CALENDAR_FIRST_YEAR = 1990;
export const CALENDAR_LAST_YEAR = 2100;

/** The date of the newest source behind the closure data below (shared/oracles/PROVENANCE.md A). */
export const CALENDAR_DATA_AS_OF: IsoDate = iso("2026-07-23");

export interface Holiday {
  readonly date: IsoDate;
  readonly name: string;
}

/**
 * The firm's own exceptions, from its written supervisory procedures: `closed` days are not
 * business days (an office closure the calendar does not know); `open` days are business days
 * whatever the calendar says. An `open` Saturday or Sunday is a business day too: weekends stay
 * closed unless the firm lists them, and a firm that lists one worked that day (e.g. a weekend
 * conversion). A date in both lists is a contradiction and is rejected.
 */
export interface CalendarOverrides {
  readonly closed: readonly IsoDate[];
  readonly open: readonly IsoDate[];
}

/** A date outside CALENDAR_FIRST_YEAR..CALENDAR_LAST_YEAR, where no rule is claimed. */
export class CalendarRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "CalendarRangeError";
  }
}

export function isCalendarName(text: string): text is CalendarName {
  return (CALENDAR_NAMES as readonly string[]).includes(text);
}

export function isSupportedCalendarYear(year: number): boolean {
  return Number.isInteger(year) && year >= CALENDAR_FIRST_YEAR && year <= CALENDAR_LAST_YEAR;
}

export function isSupportedCalendarDate(date: IsoDate): boolean {
  return isSupportedCalendarYear(yearOf(date));
}

// ---------------------------------------------------------------------------------------------
// Dates as epoch days (days since 1970-01-01), the unit every loop below works in.

const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;
const SATURDAY = 6;

function iso(text: string): IsoDate {
  const date = parseIsoDate(text);
  if (date === null) throw new Error(`calendar data holds a bad date "${text}"`);
  return date;
}

function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

function weekdayOfEpochDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function epochDayOf(year: number, month: number, dayOfMonth: number): number {
  const text = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(dayOfMonth).padStart(2, "0")}`;
  return epochDay(text as IsoDate);
}

const FIRST_SUPPORTED_DAY = epochDayOf(CALENDAR_FIRST_YEAR, 1, 1);
const LAST_SUPPORTED_DAY = epochDayOf(CALENDAR_LAST_YEAR, 12, 31);

function checkSupportedDay(day: number): void {
  if (day < FIRST_SUPPORTED_DAY || day > LAST_SUPPORTED_DAY) {
    throw new CalendarRangeError(
      `${fromEpochDay(day)} is outside the years the business-day calendars cover ` +
        `(${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR}).`,
    );
  }
}

/** The `nth` (1-based) `weekday` of a month; `nth` = -1 is the last one. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): number {
  if (nth === -1) {
    const lastDay = epochDayOf(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - 1;
    return lastDay - ((weekdayOfEpochDay(lastDay) - weekday + 7) % 7);
  }
  const firstDay = epochDayOf(year, month, 1);
  return firstDay + ((weekday - weekdayOfEpochDay(firstDay) + 7) % 7) + (nth - 1) * 7;
}

/** Easter Sunday, Gregorian (the anonymous "Meeus/Jones/Butcher" computus). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return fromEpochDay(epochDayOf(year, month, dayOfMonth));
}

// ---------------------------------------------------------------------------------------------
// Rules.

/**
 * Where a holiday that falls on a weekend is observed. `fridayOrMonday`: Saturday → the Friday
 * before, Sunday → the Monday after. `mondayOnly`: Sunday → Monday, a Saturday holiday closes
 * nothing (the Fed always; NYSE and SIFMA for New Year's Day, because that Friday ends an
 * accounting period; SIFMA also for Veterans Day).
 */
type Observance = "fridayOrMonday" | "mondayOnly";

interface HolidayRule {
  readonly name: string;
  /** The holiday's own date in `year`, as an epoch day. */
  readonly actualDay: (year: number) => number;
  readonly observance: Observance;
  /** The first year the calendar closes for it (within the supported range). */
  readonly firstYear: number;
}

function fixed(name: string, month: number, dayOfMonth: number, observance: Observance) {
  return (firstYear: number): HolidayRule => ({
    name,
    actualDay: (year) => epochDayOf(year, month, dayOfMonth),
    observance,
    firstYear,
  });
}

function floating(name: string, month: number, weekday: number, nth: number) {
  return (firstYear: number): HolidayRule => ({
    name,
    actualDay: (year) => nthWeekday(year, month, weekday, nth),
    observance: "mondayOnly", // always a weekday: the observance never applies
    firstYear,
  });
}

const ALWAYS = CALENDAR_FIRST_YEAR;

const newYearsDay = fixed("New Year's Day", 1, 1, "mondayOnly");
const martinLutherKingDay = floating("Martin Luther King Jr. Day", 1, MONDAY, 3);
const washingtonsBirthday = floating("Washington's Birthday", 2, MONDAY, 3);
const memorialDay = floating("Memorial Day", 5, MONDAY, -1);
const laborDay = floating("Labor Day", 9, MONDAY, 1);
const columbusDay = floating("Columbus Day", 10, MONDAY, 2);
const thanksgivingDay = floating("Thanksgiving Day", 11, THURSDAY, 4);

const goodFriday: HolidayRule = {
  name: "Good Friday",
  actualDay: (year) => epochDay(easterSunday(year)) - 2,
  observance: "mondayOnly", // always a Friday
  firstYear: ALWAYS,
};

/**
 * NYSE Rule 7.2. MLK Day closes the exchange from 1998 and Juneteenth from 2022. A Saturday
 * holiday closes the Friday before, except New Year's Day (no closure on 2021-12-31 or
 * 2027-12-31: the exchange does not close on the last business day of a year).
 */
const NYSE_RULES: readonly HolidayRule[] = [
  newYearsDay(ALWAYS),
  martinLutherKingDay(1998),
  washingtonsBirthday(ALWAYS),
  goodFriday,
  memorialDay(ALWAYS),
  fixed("Juneteenth National Independence Day", 6, 19, "fridayOrMonday")(2022),
  fixed("Independence Day", 7, 4, "fridayOrMonday")(ALWAYS),
  laborDay(ALWAYS),
  thanksgivingDay(ALWAYS),
  fixed("Christmas Day", 12, 25, "fridayOrMonday")(ALWAYS),
];

/**
 * SIFMA's full-close recommendations, as the curated model of PROVENANCE.md A: the Fed's holidays
 * plus Good Friday. A Saturday holiday closes the Friday before, except New Year's Day and
 * Veterans Day (the bond market traded normally on Friday 2023-11-10).
 *
 * MLK Day: we follow the curated file's `disputed` rows and close 1990–1997 too
 * (pandas_market_calendars; the other model starts in 1998). Why: Fedwire securities settlement
 * was closed on MLK Day from 1986, and the bond market settles through it, so a bond-market
 * business day without settlement is hard to believe. It changes no deadline after 1997.
 * Juneteenth closes from 2022: 2021-06-18 came a day after the law and SIFMA did not close it.
 */
const SIFMA_RULES: readonly HolidayRule[] = [
  newYearsDay(ALWAYS),
  martinLutherKingDay(ALWAYS),
  washingtonsBirthday(ALWAYS),
  goodFriday,
  memorialDay(ALWAYS),
  fixed("Juneteenth National Independence Day", 6, 19, "fridayOrMonday")(2022),
  fixed("Independence Day", 7, 4, "fridayOrMonday")(ALWAYS),
  laborDay(ALWAYS),
  columbusDay(ALWAYS),
  fixed("Veterans Day", 11, 11, "mondayOnly")(ALWAYS),
  thanksgivingDay(ALWAYS),
  fixed("Christmas Day", 12, 25, "fridayOrMonday")(ALWAYS),
];

/**
 * The "federal" calendar is the days Federal Reserve Banks and the Fed's financial services
 * (Fedwire, FedACH) are closed — PROVENANCE.md A's `frb_closed`, not the days federal offices
 * close. It differs in two ways: a Saturday holiday does not close the Friday before (Fed
 * practice, e.g. 2021-06-18), and Executive Order closures (FEDERAL_EXECUTIVE_ORDER_CLOSURES)
 * leave the Fed open, so they are business days here. MLK Day has closed the Fed since 1986 and
 * Juneteenth since 2021.
 */
const FEDERAL_RULES: readonly HolidayRule[] = [
  newYearsDay(ALWAYS),
  martinLutherKingDay(ALWAYS),
  washingtonsBirthday(ALWAYS),
  memorialDay(ALWAYS),
  fixed("Juneteenth National Independence Day", 6, 19, "mondayOnly")(2021),
  fixed("Independence Day", 7, 4, "mondayOnly")(ALWAYS),
  laborDay(ALWAYS),
  columbusDay(ALWAYS),
  fixed("Veterans Day", 11, 11, "mondayOnly")(ALWAYS),
  thanksgivingDay(ALWAYS),
  fixed("Christmas Day", 12, 25, "mondayOnly")(ALWAYS),
];

// ---------------------------------------------------------------------------------------------
// Data: what the rules cannot know.

interface SpecialDay {
  readonly date: IsoDate;
  readonly name: string;
}

const special = (date: string, name: string): SpecialDay => ({ date: iso(date), name });

/** NYSE full-day closures no rule predicts (NYSE historical closings; REFERENCE.md §7 [H6, H7]). */
const NYSE_UNSCHEDULED_CLOSURES: readonly SpecialDay[] = [
  special("1994-04-27", "Funeral of former President Richard M. Nixon"),
  special("2001-09-11", "Closed following Attacks on the World Trade Center"),
  special("2001-09-12", "Closed following Attacks on the World Trade Center"),
  special("2001-09-13", "Closed following Attacks on the World Trade Center"),
  special("2001-09-14", "Closed following Attacks on the World Trade Center"),
  special("2004-06-11", "National Day of Mourning for former President Ronald Reagan"),
  special("2007-01-02", "National Day of Mourning for former President Gerald R. Ford"),
  special("2012-10-29", "Hurricane Sandy"),
  special("2012-10-30", "Hurricane Sandy"),
  special("2018-12-05", "National Day of Mourning for former President George H. W. Bush"),
  special("2025-01-09", "National Day of Mourning for former President Jimmy Carter"),
];

/**
 * SIFMA (and, before 2007, Bond Market Association) full closes no rule predicts, from their
 * press releases (PROVENANCE.md A). Early closes on such days (2001-09-17, 2007-01-02,
 * 2012-10-29, 2025-01-09) are business days and are not listed.
 *
 * 2001-09-11 and 2001-09-12 fill the gap the curated file leaves open: the SEC closed all
 * financial markets on the 11th and through the 12th (AP, 2001-09-11; Washington Post,
 * 2001-09-11 6:14 pm, "closed Tuesday and will remain closed on Wednesday"), the BMA recommended
 * closing the bond market, and fixed-income trading resumed on the 13th (Investment Executive,
 * 2001-09-12). So we close both days, and the tests assert these are the only two dates where
 * this calendar departs from sifma-us-holidays.csv.
 */
const SIFMA_UNSCHEDULED_CLOSURES: readonly SpecialDay[] = [
  special("2001-09-11", "Closed following Attacks on the World Trade Center"),
  special("2001-09-12", "Closed following Attacks on the World Trade Center"),
  special("2004-06-11", "National Day of Mourning for former President Ronald Reagan"),
  special("2012-10-30", "Hurricane Sandy"),
  special("2018-12-05", "National Day of Mourning for former President George H. W. Bush"),
];

/**
 * Good Fridays on which SIFMA recommended a 12:00 early close instead of a full close, because
 * the BLS employment report came out that day. Early closes are business days in this model, even
 * though SIFMA said most of these were not good settlement days; a firm that wants them closed
 * lists them in CalendarOverrides.closed. SIFMA announces these a year or so ahead: Good Fridays
 * after the last one here are assumed to be full closes until the data is updated.
 */
const SIFMA_GOOD_FRIDAY_EARLY_CLOSES: readonly IsoDate[] = [
  "2010-04-02",
  "2012-04-06",
  "2015-04-03",
  "2021-04-02",
  "2023-04-07",
  "2026-04-03",
].map(iso);

/**
 * Days the federal government closed by Executive Order. The Fed stayed open on each of them, so
 * they are business days on the "federal" calendar; they are here so a firm whose procedures
 * follow OPM rather than the Fed can pass them as CalendarOverrides.closed. Half-day closings
 * (2002-12-24, 2009-12-24, 2015-12-24) are left out: they close no full day.
 */
export const FEDERAL_EXECUTIVE_ORDER_CLOSURES: readonly Holiday[] = [
  special("2001-12-24", "Christmas Eve"),
  special("2003-12-26", "Day After Christmas"),
  special("2004-06-11", "National Day of Mourning for former President Ronald Reagan"),
  special("2007-01-02", "National Day of Mourning for former President Gerald R. Ford"),
  special("2007-12-24", "Christmas Eve"),
  special("2008-12-26", "Day After Christmas"),
  special("2012-12-24", "Christmas Eve"),
  special("2014-12-26", "Day After Christmas"),
  special("2018-12-05", "National Day of Mourning for former President George H. W. Bush"),
  special("2018-12-24", "Christmas Eve"),
  special("2019-12-24", "Christmas Eve"),
  special("2020-12-24", "Christmas Eve"),
  special("2024-12-24", "Christmas Eve"),
  special("2025-01-09", "National Day of Mourning for former President Jimmy Carter"),
  special("2025-12-24", "Christmas Eve"),
  special("2025-12-26", "Day After Christmas"),
];

interface CalendarDefinition {
  readonly rules: readonly HolidayRule[];
  readonly unscheduledClosures: readonly SpecialDay[];
  /** Days a rule closes that the market opened anyway (early closes instead of full ones). */
  readonly ruleHolidaysOpen: readonly IsoDate[];
}

const DEFINITIONS: Readonly<Record<CalendarName, CalendarDefinition>> = {
  nyse: { rules: NYSE_RULES, unscheduledClosures: NYSE_UNSCHEDULED_CLOSURES, ruleHolidaysOpen: [] },
  sifma: {
    rules: SIFMA_RULES,
    unscheduledClosures: SIFMA_UNSCHEDULED_CLOSURES,
    ruleHolidaysOpen: SIFMA_GOOD_FRIDAY_EARLY_CLOSES,
  },
  federal: { rules: FEDERAL_RULES, unscheduledClosures: [], ruleHolidaysOpen: [] },
};

// ---------------------------------------------------------------------------------------------
// Closed weekdays per calendar and year, computed once on first use.

/** The observed day of a holiday, or null when a Saturday holiday closes nothing. */
function observedDay(actualDay: number, observance: Observance): number | null {
  const weekday = weekdayOfEpochDay(actualDay);
  if (weekday === SUNDAY) return actualDay + 1;
  if (weekday === SATURDAY) return observance === "fridayOrMonday" ? actualDay - 1 : null;
  return actualDay;
}

function addClosure(closures: Map<number, string>, day: number, name: string): void {
  const weekday = weekdayOfEpochDay(day);
  if (weekday === SATURDAY || weekday === SUNDAY) {
    throw new Error(`calendar bug: closure "${name}" on a weekend (${fromEpochDay(day)})`);
  }
  const existing = closures.get(day);
  if (existing !== undefined) {
    throw new Error(`calendar bug: "${name}" and "${existing}" both on ${fromEpochDay(day)}`);
  }
  closures.set(day, name);
}

function computeClosures(calendar: CalendarName, year: number): ReadonlyMap<number, string> {
  const definition = DEFINITIONS[calendar];
  const opened = new Set(definition.ruleHolidaysOpen.map(epochDay));
  const closures = new Map<number, string>();
  for (const rule of definition.rules) {
    if (year < rule.firstYear) continue;
    const actual = rule.actualDay(year);
    const observed = observedDay(actual, rule.observance);
    if (observed === null || opened.has(observed)) continue;
    // Observance never crosses a year end: Saturday 1 January is not moved, 31 December is a
    // weekday when 25 December is one, and the floating holidays are mid-year.
    if (yearOf(fromEpochDay(observed)) !== year) throw new Error(`calendar bug: ${rule.name}`);
    addClosure(closures, observed, observed === actual ? rule.name : `${rule.name} (observed)`);
  }
  for (const closure of definition.unscheduledClosures) {
    if (yearOf(closure.date) === year) addClosure(closures, epochDay(closure.date), closure.name);
  }
  return closures;
}

const closuresCache = new Map<string, ReadonlyMap<number, string>>();

/** Memoised: the result depends only on the arguments, so the cache is invisible to callers. */
function closuresOf(calendar: CalendarName, year: number): ReadonlyMap<number, string> {
  const key = `${calendar}:${year}`;
  let closures = closuresCache.get(key);
  if (closures === undefined) {
    closures = computeClosures(calendar, year);
    closuresCache.set(key, closures);
  }
  return closures;
}

// ---------------------------------------------------------------------------------------------
// Business days.

interface OverrideDays {
  readonly closed: ReadonlySet<number>;
  readonly open: ReadonlySet<number>;
}

const NO_OVERRIDES: OverrideDays = { closed: new Set(), open: new Set() };

function overrideDays(overrides: CalendarOverrides | undefined): OverrideDays {
  if (overrides === undefined) return NO_OVERRIDES;
  const closed = new Set(overrides.closed.map(epochDay));
  const open = new Set(overrides.open.map(epochDay));
  const both = [...closed].filter((day) => open.has(day)).map(fromEpochDay);
  if (both.length > 0) {
    throw new RangeError(
      `calendar overrides list ${both.join(", ")} as both closed and open; keep one`,
    );
  }
  return { closed, open };
}

function isBusinessEpochDay(calendar: CalendarName, day: number, overrides: OverrideDays): boolean {
  checkSupportedDay(day);
  if (overrides.open.has(day)) return true;
  if (overrides.closed.has(day)) return false;
  const weekday = weekdayOfEpochDay(day);
  if (weekday === SATURDAY || weekday === SUNDAY) return false;
  return !closuresOf(calendar, yearOf(fromEpochDay(day))).has(day);
}

/**
 * The full-day closures of `calendar` in `year` that fall on weekdays, in date order, with their
 * names (a moved holiday is "… (observed)"). Weekends are not listed, and no CalendarOverrides
 * apply: this is the calendar as published.
 */
export function holidays(calendar: CalendarName, year: number): Holiday[] {
  if (!isSupportedCalendarYear(year)) {
    throw new CalendarRangeError(
      `${year} is outside the years the business-day calendars cover ` +
        `(${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR}).`,
    );
  }
  return [...closuresOf(calendar, year)]
    .sort(([a], [b]) => a - b)
    .map(([day, name]) => ({ date: fromEpochDay(day), name }));
}

export function isBusinessDay(
  calendar: CalendarName,
  date: IsoDate,
  overrides?: CalendarOverrides,
): boolean {
  return isBusinessEpochDay(calendar, epochDay(date), overrideDays(overrides));
}

/**
 * The date `n` business days after `date` (before it when `n` < 0); the result is always a
 * business day, except that `n` = 0 returns `date` itself even when it is not one (adding nothing
 * moves nothing; use nextBusinessDay to roll forward). Counting starts on the day after `date`,
 * so a count on Friday 2026-11-20 plus 1 is Monday 2026-11-23.
 */
export function addBusinessDays(
  calendar: CalendarName,
  date: IsoDate,
  n: number,
  overrides?: CalendarOverrides,
): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`business days must be an integer, got ${n}`);
  const days = overrideDays(overrides);
  let day = epochDay(date);
  checkSupportedDay(day);
  const step = n < 0 ? -1 : 1;
  for (let remaining = Math.abs(n); remaining > 0;) {
    day += step;
    if (isBusinessEpochDay(calendar, day, days)) remaining -= 1;
  }
  return fromEpochDay(day);
}

/**
 * The number of business days d with `from` < d ≤ `to`; negative (minus the count of d with
 * `to` < d ≤ `from`) when `to` is before `from`. So for a business day d,
 * businessDaysBetween(d, addBusinessDays(d, n)) === n.
 */
export function businessDaysBetween(
  calendar: CalendarName,
  from: IsoDate,
  to: IsoDate,
  overrides?: CalendarOverrides,
): number {
  const days = overrideDays(overrides);
  const fromDay = epochDay(from);
  const toDay = epochDay(to);
  checkSupportedDay(fromDay);
  checkSupportedDay(toDay);
  const [low, high, sign] = fromDay <= toDay ? [fromDay, toDay, 1] : [toDay, fromDay, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day += 1) {
    if (isBusinessEpochDay(calendar, day, days)) count += 1;
  }
  return sign * count;
}

/** The first business day strictly after `date`. */
export function nextBusinessDay(
  calendar: CalendarName,
  date: IsoDate,
  overrides?: CalendarOverrides,
): IsoDate {
  return addBusinessDays(calendar, date, 1, overrides);
}
