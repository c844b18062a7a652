/**
 * The FINRA Rule 4523(c) suspense aging over any host: find the register, parse it, age it on the
 * workbook's calendar, write the Suspense Aging and Suspense Buckets sheets. Used by
 * `stockrec suspense` and the task pane.
 */
import type { CalendarName } from "../domain/calendars";
import { findHeaderRow } from "../domain/headers";
import type { IsoDate } from "../domain/isoDate";
import { hasErrors, type Issue } from "../domain/issues";
import {
  ageSuspense,
  DEFAULT_FIRM_THRESHOLD_CALENDAR_DAYS,
  DEFAULT_RESEARCH_NOTE_MAX_DAYS,
  DEFAULT_SUSPENSE_BUCKET_LIMITS,
  parseSuspenseItems,
  SUSPENSE_ITEMS_SHEET,
  SUSPENSE_SCHEMA,
  type SuspenseAging,
} from "../domain/suspense";
import { businessCalendar } from "./monthEndClose";
import type { WorkbookPort } from "./port";
import { signedSheetIssuesAsOf } from "./periodLock";
import { loadSettings } from "./settingsStore";
import {
  SUSPENSE_AGING_SHEET,
  SUSPENSE_BUCKETS_SHEET,
  suspenseAgingTable,
  suspenseBucketTable,
} from "./suspenseAgingSheet";

/** Our own output sheets carry the register's headers; they are never read as the register. */
const OUTPUT_SHEETS = new Set([SUSPENSE_AGING_SHEET, SUSPENSE_BUCKETS_SHEET].map(lower));

function lower(text: string): string {
  return text.trim().toLowerCase();
}

export type RegisterLookup =
  | { readonly found: true; readonly sheet: string }
  | { readonly found: false; readonly why: "no_such_sheet"; readonly sheets: readonly string[] }
  | { readonly found: false; readonly why: "no_register"; readonly sheets: readonly string[] };

/**
 * The register: `sheetName`; else the sheet named "Suspense Items"; else the first visible sheet
 * headed like a register, those whose name says "suspense" first (a general ledger extract with
 * ID, Account, Type and Date columns is headed like one too).
 */
export async function findSuspenseRegister(
  workbook: WorkbookPort,
  sheetName: string | null,
): Promise<RegisterLookup> {
  const sheets = await workbook.listSheets();
  const names = sheets.map((sheet) => sheet.name);
  if (sheetName !== null) {
    const named = names.find((name) => lower(name) === lower(sheetName));
    return named !== undefined
      ? { found: true, sheet: named }
      : { found: false, why: "no_such_sheet", sheets: names };
  }
  const byName = names.find((name) => lower(name) === lower(SUSPENSE_ITEMS_SHEET));
  if (byName !== undefined) return { found: true, sheet: byName };
  const candidates = sheets.filter((s) => s.visible && !OUTPUT_SHEETS.has(lower(s.name)));
  const saysSuspense = (sheet: { name: string }) => lower(sheet.name).includes("suspense");
  const ordered = [
    ...candidates.filter(saysSuspense),
    ...candidates.filter((s) => !saysSuspense(s)),
  ];
  for (const sheet of ordered) {
    if (findHeaderRow(await workbook.readSheet(sheet.name), SUSPENSE_SCHEMA) !== null)
      return { found: true, sheet: sheet.name };
  }
  return { found: false, why: "no_register", sheets: names };
}

export interface SuspenseRequest {
  readonly asOf: IsoDate;
  /** The register's sheet; null to find it. */
  readonly sheet: string | null;
  /** The business-day calendar; null for the workbook's (NYSE unless the settings say). */
  readonly calendar: CalendarName | null;
  readonly buckets?: readonly number[];
  readonly thresholdDays?: number;
  readonly researchNoteDays?: number;
}

export type SuspenseRun =
  | { readonly ok: false; readonly lookup: RegisterLookup; readonly issues: readonly Issue[] }
  | {
      readonly ok: true;
      readonly sheet: string;
      readonly calendar: CalendarName;
      readonly aging: SuspenseAging;
      /** The register's issues, then the aging's. */
      readonly issues: readonly Issue[];
      readonly needsAction: boolean;
    };

/** An item over 30 calendar days or the firm's threshold, or an error in the register. */
export function suspenseNeedsAction(aging: SuspenseAging, issues: readonly Issue[]): boolean {
  const aged = aging.items.some((item) =>
    item.flags.some((flag) => flag === "over_30_calendar_days" || flag === "over_firm_threshold"),
  );
  return aged || hasErrors(issues);
}

/** Ages the register and writes both sheets (both built before either is written). */
export async function runSuspenseAging(
  workbook: WorkbookPort,
  request: SuspenseRequest,
): Promise<SuspenseRun> {
  const { settings } = await loadSettings(workbook);
  const calendarName = request.calendar ?? settings.calendar;
  const lookup = await findSuspenseRegister(workbook, request.sheet);
  if (!lookup.found) return { ok: false, lookup, issues: [] };
  const parsed = parseSuspenseItems(await workbook.readSheet(lookup.sheet));
  if (!parsed.usable) return { ok: false, lookup, issues: parsed.issues };
  const aging = ageSuspense(parsed.records, {
    asOf: request.asOf,
    calendar: businessCalendar(calendarName, settings.calendarOverrides),
    buckets: request.buckets ?? DEFAULT_SUSPENSE_BUCKET_LIMITS,
    firmThresholdCalendarDays: request.thresholdDays ?? DEFAULT_FIRM_THRESHOLD_CALENDAR_DAYS,
    researchNoteMaxDays: request.researchNoteDays ?? DEFAULT_RESEARCH_NOTE_MAX_DAYS,
  });
  const issues = [...parsed.issues, ...aging.issues];
  // Both tables are built before either is written, so a failure leaves nothing half-done.
  const tables = [suspenseAgingTable(aging), suspenseBucketTable(aging.totals)];
  const refused = await signedSheetIssuesAsOf(
    workbook,
    request.asOf,
    tables.map((t) => t.sheetName),
    `the suspense aging as of ${request.asOf}`,
  );
  if (refused.length > 0) return { ok: false, lookup, issues: refused };
  for (const table of tables) await workbook.writeTable(table);
  return {
    ok: true,
    sheet: lookup.sheet,
    calendar: calendarName,
    aging,
    issues,
    needsAction: suspenseNeedsAction(aging, issues),
  };
}
