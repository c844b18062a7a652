/**
 * The workbook's StockRec settings: saved column mappings per source, locations, tolerances.
 * They live in the workbook itself (a very hidden sheet of key/value rows, values in JSON), so
 * they travel with the file and next month's file maps itself. Unreadable entries are issues,
 * never a crash: the defaults stand in for them.
 */
import { parseTimestamp, type Timestamp } from "./auditLog";
import { isCalendarName, type CalendarName, type CalendarOverrides } from "./calendars";
import { parseIsoDate, type IsoDate } from "./isoDate";
import { NO_COUNT_PEOPLE, parseCountPeople, type CountPeople } from "./countIndependence";
import type { Issue } from "./issues";
import { SUSPENSE_TRANSFER_AFTER_BUSINESS_DAYS } from "./suspense";
import type { Row } from "./sheet";

export const SETTINGS_SHEET = "StockRec Settings";
export const SETTINGS_TABLE = "StockRecSettings";
export const SETTINGS_VERSION = 1;

export type QuantityUnit = "as_written" | "thousands";

/** How one source (a statement or books sheet) maps its columns and writes its numbers. */
export interface SourceProfile {
  /** Header text of the column holding each field, as the source writes it. */
  readonly columns: Readonly<Record<string, string>>;
  /** The source writes holdings with a minus sign (a sign habit): negate every quantity. */
  readonly negateQuantities: boolean;
  /** Principal amounts are written in thousands (5 means 5,000). */
  readonly quantityUnit: QuantityUnit;
}

export interface Settings {
  readonly version: number;
  /** Saved profiles by source name (the sheet name, compared without regard to case). */
  readonly profiles: Readonly<Record<string, SourceProfile>>;
  /** Money differences up to this amount are matched within tolerance (decimal string). */
  readonly moneyTolerance: string;
  /**
   * Books locations that hold the firm's own difference account positions: they are not
   * reconciled against a statement, they count toward the difference observed per security.
   */
  readonly differenceLocations: readonly string[];
  /** The business-day calendar of the posting clock and the aging (NYSE unless the firm says). */
  readonly calendar: CalendarName;
  /** The firm's own extra closures and openings, on top of the calendar. */
  readonly calendarOverrides: CalendarOverrides;
  /** Each monthly reconciliation's as-of date is a security count (starts the 7-day clock). */
  readonly reconciliationIsCount: boolean;
  /**
   * The firm's recorded reason that one person may own and supervise a GL account (FINRA 4523:
   * a firm with a single associated person, or FINRA's approval), with who recorded it and when;
   * null when the firm has none, so the overlap is flagged.
   */
  readonly sameOwnerSupervisorReason: SameOwnerSupervisorReason | null;
  /** 17a-13: the securities' custodians (with their locations) and the record keepers. */
  readonly countPeople: CountPeople;
  /**
   * Business days a money break may stay unresolved, since first seen, before it is proposed for
   * transfer to suspense (FINRA 4523(a); suspense.ts).
   */
  readonly suspenseAfterBusinessDays: number;
}

export interface SameOwnerSupervisorReason {
  readonly reason: string;
  /** Typed in the pane: Excel gives an add-in no verified identity. */
  readonly recordedBy: string;
  readonly recordedAt: Timestamp;
}

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  profiles: {},
  moneyTolerance: "0",
  differenceLocations: ["DIFF"],
  calendar: "nyse",
  calendarOverrides: { closed: [], open: [] },
  reconciliationIsCount: true,
  sameOwnerSupervisorReason: null,
  countPeople: NO_COUNT_PEOPLE,
  suspenseAfterBusinessDays: SUSPENSE_TRANSFER_AFTER_BUSINESS_DAYS,
};

export function profileKey(source: string): string {
  return source.trim().toUpperCase();
}

export function isProfile(value: unknown): value is SourceProfile {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const columns = candidate.columns;
  return (
    typeof columns === "object" &&
    columns !== null &&
    Object.values(columns).every((header) => typeof header === "string") &&
    typeof candidate.negateQuantities === "boolean" &&
    (candidate.quantityUnit === "as_written" || candidate.quantityUnit === "thousands")
  );
}

/** Reads the settings sheet's rows (header row first). */
export function parseSettings(rows: readonly Row[]): { settings: Settings; issues: Issue[] } {
  const issues: Issue[] = [];
  const profiles: Record<string, SourceProfile> = {};
  let moneyTolerance = DEFAULT_SETTINGS.moneyTolerance;
  let differenceLocations = DEFAULT_SETTINGS.differenceLocations;
  let calendar = DEFAULT_SETTINGS.calendar;
  let calendarOverrides = DEFAULT_SETTINGS.calendarOverrides;
  let reconciliationIsCount = DEFAULT_SETTINGS.reconciliationIsCount;
  let sameOwnerSupervisorReason = DEFAULT_SETTINGS.sameOwnerSupervisorReason;
  let countPeople = DEFAULT_SETTINGS.countPeople;
  let suspenseAfterBusinessDays = DEFAULT_SETTINGS.suspenseAfterBusinessDays;
  rows.slice(1).forEach((row, index) => {
    const key = typeof row[0] === "string" ? row[0] : "";
    const text = typeof row[1] === "string" ? row[1] : "";
    if (key === "") return;
    const problem = (what: string): void => {
      issues.push({
        code: "setting_must_be_readable",
        severity: "warning",
        where: { sheet: SETTINGS_SHEET, row: index + 2, column: "B" },
        message: `The setting "${key}" (${text.slice(0, 60)}) ${what}; the default is used instead.`,
        hint: key.startsWith("profile:")
          ? "Save the mapping again from the task pane (or the --mapping file) to rewrite it."
          : "Set it again from the task pane or the command line (for example --money-tolerance).",
      });
    };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      problem("is not valid JSON");
      return;
    }
    if (key.startsWith("profile:")) {
      if (isProfile(value)) profiles[profileKey(key.slice("profile:".length))] = value;
      else problem("is not a column mapping");
    } else if (key === "calendar") {
      if (typeof value === "string" && isCalendarName(value)) calendar = value;
      else problem('is not one of "nyse", "sifma", "federal"');
    } else if (key === "calendarOverrides") {
      const overrides = readOverrides(value);
      if (overrides !== null) calendarOverrides = overrides;
      else problem('is not {"closed": [dates], "open": [dates]} with dates as YYYY-MM-DD');
    } else if (key === "reconciliationIsCount") {
      if (typeof value === "boolean") reconciliationIsCount = value;
      else problem("is not true or false");
    } else if (key === "differenceLocations") {
      if (Array.isArray(value) && value.every((v) => typeof v === "string"))
        differenceLocations = value;
      else problem("is not a list of location codes");
    } else if (key === "sameOwnerSupervisorReason") {
      const recorded = readSameOwnerReason(value);
      if (recorded !== undefined) sameOwnerSupervisorReason = recorded;
      else
        problem(
          'is not {"reason": text, "recordedBy": name, "recordedAt": time with offset} or null',
        );
    } else if (key === "countPeople") {
      const read = parseCountPeople(value);
      if (read.problem === null) countPeople = read.people;
      else
        problem(
          `is not {"custodians": [{"name": …, "locations": […]}], "recordKeepers": [names]}: ${read.problem}`,
        );
    } else if (key === "suspenseAfterBusinessDays") {
      if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 999)
        suspenseAfterBusinessDays = value;
      else problem("is not a whole number of business days");
    } else if (key === "moneyTolerance") {
      if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value)) moneyTolerance = value;
      else problem("is not a non-negative amount");
    }
  });
  return {
    settings: {
      version: SETTINGS_VERSION,
      profiles,
      moneyTolerance,
      differenceLocations,
      calendar,
      calendarOverrides,
      reconciliationIsCount,
      sameOwnerSupervisorReason,
      countPeople,
      suspenseAfterBusinessDays,
    },
    issues,
  };
}

/** The settings as key/value rows (without the header), in a stable order. */
export function settingsRows(settings: Settings): Row[] {
  const profileRows = Object.keys(settings.profiles)
    .sort()
    .map((source) => [`profile:${source}`, JSON.stringify(settings.profiles[source])]);
  return [
    ["version", JSON.stringify(settings.version)],
    ["moneyTolerance", JSON.stringify(settings.moneyTolerance)],
    ["differenceLocations", JSON.stringify(settings.differenceLocations)],
    ["calendar", JSON.stringify(settings.calendar)],
    ["calendarOverrides", JSON.stringify(settings.calendarOverrides)],
    ["reconciliationIsCount", JSON.stringify(settings.reconciliationIsCount)],
    // Only when recorded: workbooks that never had one keep the rows they always had.
    ...(settings.sameOwnerSupervisorReason === null
      ? []
      : [["sameOwnerSupervisorReason", JSON.stringify(settings.sameOwnerSupervisorReason)]]),
    // Only when named, like the reason above: older workbooks keep their rows (and hashes).
    ...(settings.countPeople.custodians.length === 0 &&
    settings.countPeople.recordKeepers.length === 0
      ? []
      : [["countPeople", JSON.stringify(settings.countPeople)]]),
    // Only when the firm chose its own: older workbooks keep their rows (and hashes).
    ...(settings.suspenseAfterBusinessDays === DEFAULT_SETTINGS.suspenseAfterBusinessDays
      ? []
      : [["suspenseAfterBusinessDays", JSON.stringify(settings.suspenseAfterBusinessDays)]]),
    ...profileRows,
  ];
}

/** The recorded reason, null for "none recorded", undefined when unreadable. */
function readSameOwnerReason(value: unknown): SameOwnerSupervisorReason | null | undefined {
  if (value === null) return null;
  if (typeof value !== "object") return undefined;
  const { reason, recordedBy, recordedAt } = value as Record<string, unknown>;
  if (typeof reason !== "string" || reason.trim() === "") return undefined;
  if (typeof recordedBy !== "string" || recordedBy.trim() === "") return undefined;
  const at = typeof recordedAt === "string" ? parseTimestamp(recordedAt) : null;
  if (at === null) return undefined;
  return { reason: reason.trim(), recordedBy: recordedBy.trim(), recordedAt: at };
}

function readOverrides(value: unknown): CalendarOverrides | null {
  if (typeof value !== "object" || value === null) return null;
  const { closed, open } = value as Record<string, unknown>;
  const dates = (list: unknown): IsoDate[] | null =>
    Array.isArray(list) && list.every((d) => typeof d === "string" && parseIsoDate(d) !== null)
      ? (list as IsoDate[])
      : null;
  const closedDates = dates(closed ?? []);
  const openDates = dates(open ?? []);
  return closedDates === null || openDates === null
    ? null
    : { closed: closedDates, open: openDates };
}

export function withProfile(settings: Settings, source: string, profile: SourceProfile): Settings {
  return { ...settings, profiles: { ...settings.profiles, [profileKey(source)]: profile } };
}
