/**
 * The locations map (issue 3 §5): books location codes → the contra organization that holds them
 * and the account the contra's statement shows them under. Several locations may roll up to one
 * statement (DTC-FREE and DTC-SEG are both DTC participant 0123).
 */
import { describeColumn, findHeaderRow, type HeaderSchema } from "./headers";
import type { Issue } from "./issues";
import { contraKey, type PositionRecord } from "./positions";
import { rowsPhrase } from "./checks";
import { possessionStatusOf, type PossessionStatus } from "./securityCount";
import { columnLetter, isBlank, type SheetSnapshot } from "./sheet";

export type LocationField = "location" | "contra" | "statementAccount" | "notes" | "countStatus";

export const LOCATION_SCHEMA: HeaderSchema<LocationField> = {
  synonyms: {
    location: [
      "location",
      "location code",
      "books location",
      "loc",
      "box",
      "stock record location",
    ],
    contra: [
      "contra",
      "contra organization",
      "contra organisation",
      "contra org",
      "depository",
      "custodian",
      "clearing organization",
      "clearing corporation",
      "counterparty",
    ],
    statementAccount: [
      "statement account",
      "account",
      "participant account",
      "participant number",
      "participant",
      "account at contra",
      "safekeeping account",
      "account number",
    ],
    notes: ["notes", "note", "comment", "comments", "description"],
    // For the 17a-13 count: whether the location is in the firm's possession, and if not, why.
    countStatus: [
      "count status",
      "possession",
      "possession status",
      "custody status",
      "location type",
      "count category",
    ],
  },
  required: ["location", "contra"],
};

export interface LocationEntry {
  readonly location: string;
  readonly contra: string;
  readonly statementAccount: string;
  /** The 17a-13 status of what this location holds (Vault, Deposited, Pledged, …); null if not given. */
  readonly countStatus: PossessionStatus | null;
  readonly row: number;
}

export interface LocationsMap {
  readonly sheet: string;
  /** By location key (trimmed, upper case). */
  readonly byLocation: ReadonlyMap<string, LocationEntry>;
  /** Statement account (trimmed, upper case) → contra, for statements that name their account. */
  readonly contraByAccount: ReadonlyMap<string, string>;
}

function key(text: string): string {
  return text.trim().toUpperCase();
}

function text(cell: unknown): string {
  return cell === null || cell === undefined ? "" : String(cell).trim();
}

export function isLocationsSheet(sheet: SheetSnapshot): boolean {
  const header = findHeaderRow(sheet, LOCATION_SCHEMA);
  if (header === null) return false;
  const headers = [...header.headers.values()].map((h) => h.toLowerCase());
  return !headers.some((h) => /\b(quantity|qty|shares|position|par|balance)\b/.test(h));
}

export function parseLocationsSheet(sheet: SheetSnapshot): {
  map: LocationsMap | null;
  issues: Issue[];
} {
  const header = findHeaderRow(sheet, LOCATION_SCHEMA);
  if (header === null) {
    return {
      map: null,
      issues: [
        {
          code: "locations_map_needs_location_and_contra",
          severity: "error",
          where: { sheet: sheet.name },
          message:
            "The locations map needs a Location column and a Contra column in its header row.",
          hint: 'Head the columns "Location" and "Contra" (and optionally "Statement Account").',
        },
      ],
    };
  }
  const issues: Issue[] = [];
  const byLocation = new Map<string, LocationEntry>();
  const contraByAccount = new Map<string, string>();
  const cell = (row: readonly unknown[], field: LocationField): string => {
    const column = header.columns[field];
    return column === undefined ? "" : text(row[column - 1]);
  };
  for (let index = header.headerRow; index < sheet.rows.length; index++) {
    const row = sheet.rows[index] ?? [];
    if (row.every((c) => isBlank(c))) continue;
    const statusText = cell(row, "countStatus");
    const countStatus = possessionStatusOf(statusText);
    const entry: LocationEntry = {
      location: cell(row, "location"),
      contra: cell(row, "contra"),
      statementAccount: cell(row, "statementAccount"),
      countStatus,
      row: index + 1,
    };
    const where = { sheet: sheet.name, row: index + 1 };
    if (statusText !== "" && countStatus === null) {
      issues.push({
        code: "location_count_status_must_be_known",
        severity: "warning",
        where: { ...where, column: columnLetter(header.columns.countStatus!) },
        message: `Location ${entry.location || `in row ${index + 1}`} has the count status "${statusText}", which StockRec does not know; the count decides from the location code instead.`,
        hint: "Write one of: Vault, Box, Deposited, In transfer, In transit, Pledged, Loaned, Borrowed, Fail to receive, Fail to deliver, Repo.",
      });
    }
    if (entry.location === "" || entry.contra === "") {
      issues.push({
        code: "location_entry_needs_location_and_contra",
        severity: "error",
        where,
        message: `Row ${index + 1} of the locations map is missing its ${entry.location === "" ? `location (${describeColumn(header, "location")})` : `contra (${describeColumn(header, "contra")})`}.`,
        hint: "Fill in both the books location code and the contra organization, or delete the row.",
      });
      continue;
    }
    const earlier = byLocation.get(key(entry.location));
    if (earlier !== undefined) {
      if (
        contraKey(earlier.contra) !== contraKey(entry.contra) ||
        key(earlier.statementAccount) !== key(entry.statementAccount)
      ) {
        issues.push({
          code: "location_must_map_to_one_contra",
          severity: "error",
          where,
          message: `Location ${entry.location} is mapped to ${entry.contra} here and to ${earlier.contra} in row ${earlier.row}; row ${earlier.row} is used.`,
          hint: "Keep one row per location.",
        });
      }
      continue;
    }
    byLocation.set(key(entry.location), entry);
    if (entry.statementAccount !== "")
      contraByAccount.set(key(entry.statementAccount), entry.contra);
  }
  return { map: { sheet: sheet.name, byLocation, contraByAccount }, issues };
}

/**
 * Places books positions at the contra their location maps to. Locations the map does not list
 * keep their own code as contra and are reported once per location.
 */
export function applyLocationsToBooks(
  records: readonly PositionRecord[],
  map: LocationsMap,
): { records: PositionRecord[]; issues: Issue[] } {
  const unmapped = new Map<string, { location: string; sheet: string; rows: number[] }>();
  const placed = records.map((record) => {
    const entry = byLocationOf(map, record.location);
    if (entry !== undefined) return { ...record, contra: entry.contra };
    if (record.location !== "") {
      const list = unmapped.get(key(record.location)) ?? {
        location: record.location,
        sheet: record.source.sheet,
        rows: [],
      };
      list.rows.push(record.source.row);
      unmapped.set(key(record.location), list);
    }
    return record;
  });
  const issues: Issue[] = [...unmapped.values()].map(({ location, sheet, rows }) => ({
    code: "location_is_not_in_map",
    severity: "warning" as const,
    where: { sheet, row: rows[0]! },
    message: `Location ${location} (${rowsPhrase(rows)}) is not in the locations map (${map.sheet}); its positions are placed at "${location}" as written.`,
    hint: `Add ${location} to ${map.sheet} with the contra organization that holds it.`,
  }));
  return { records: placed, issues };
}

function byLocationOf(map: LocationsMap, location: string): LocationEntry | undefined {
  return location === "" ? undefined : map.byLocation.get(key(location));
}

/** Statement rows that name an account the map knows are placed at that account's contra. */
export function applyLocationsToStatement(
  records: readonly PositionRecord[],
  map: LocationsMap,
): PositionRecord[] {
  return records.map((record) => {
    const contra =
      record.location === "" ? undefined : map.contraByAccount.get(key(record.location));
    return contra === undefined ? record : { ...record, contra };
  });
}
