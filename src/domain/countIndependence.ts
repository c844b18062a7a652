/**
 * Who may count (17a-13; REFERENCE.md §1): the count is made or supervised by people who are
 * neither custodians of the securities counted nor keepers of the records being tested. The
 * firm names its custodians (with the locations they hold, or all) and its record keepers in
 * the workbook settings; names compare as people type them (nameKey: case and spaces ignored).
 *
 * A line passes when whoever counted it is independent, or when an independent person
 * supervised the count; it fails when neither is (or nobody is named at all).
 */
import type { Issue } from "./issues";
import { nameKey } from "./signoff";

export interface Custodian {
  readonly name: string;
  /** Location codes in their custody; empty means every location. */
  readonly locations: readonly string[];
}

export interface CountPeople {
  readonly custodians: readonly Custodian[];
  readonly recordKeepers: readonly string[];
}

export const NO_COUNT_PEOPLE: CountPeople = { custodians: [], recordKeepers: [] };

/** Reads the settings value (JSON) of the count people; an issue names what is wrong. */
export function parseCountPeople(value: unknown): { people: CountPeople; problem: string | null } {
  if (typeof value !== "object" || value === null)
    return { people: NO_COUNT_PEOPLE, problem: "it is not an object" };
  const candidate = value as Record<string, unknown>;
  const custodians = candidate.custodians ?? [];
  const keepers = candidate.recordKeepers ?? [];
  if (!Array.isArray(custodians) || !Array.isArray(keepers))
    return { people: NO_COUNT_PEOPLE, problem: "custodians and recordKeepers must be lists" };
  const parsed: Custodian[] = [];
  for (const c of custodians) {
    if (typeof c === "string") {
      parsed.push({ name: c, locations: [] });
      continue;
    }
    if (typeof c !== "object" || c === null)
      return {
        people: NO_COUNT_PEOPLE,
        problem: "a custodian needs a name and a list of locations",
      };
    const entry = c as Record<string, unknown>;
    const locations = entry.locations ?? [];
    if (
      typeof entry.name !== "string" ||
      !Array.isArray(locations) ||
      !locations.every((l) => typeof l === "string")
    ) {
      return {
        people: NO_COUNT_PEOPLE,
        problem: "a custodian needs a name and a list of locations",
      };
    }
    parsed.push({ name: entry.name, locations: locations as string[] });
  }
  if (!keepers.every((k) => typeof k === "string"))
    return { people: NO_COUNT_PEOPLE, problem: "record keepers must be names" };
  return { people: { custodians: parsed, recordKeepers: keepers as string[] }, problem: null };
}

/** Why `name` is not independent of `location`'s securities and records, or null. */
export function conflictOf(people: CountPeople, name: string, location: string): string | null {
  const key = nameKey(name);
  if (key === "") return null;
  const place = location.trim().toUpperCase();
  const custodian = people.custodians.find(
    (c) =>
      nameKey(c.name) === key &&
      (c.locations.length === 0 || c.locations.some((l) => l.trim().toUpperCase() === place)),
  );
  if (custodian !== undefined)
    return `custodian of ${custodian.locations.length === 0 ? "every location" : location}`;
  return people.recordKeepers.some((k) => nameKey(k) === key) ? "keeper of the stock record" : null;
}

export interface CountedBy {
  readonly securityId: string;
  readonly location: string;
  readonly countedBy: string;
  readonly supervisedBy: string;
  readonly sheet: string;
  readonly row: number;
  /** Something was entered (a counted quantity or a confirmation): the count must say by whom. */
  readonly counted?: boolean;
}

/** One issue per line whose count was neither made nor supervised by an independent person. */
export function independenceFindings(lines: readonly CountedBy[], people: CountPeople): Issue[] {
  const issues: Issue[] = [];
  for (const line of lines) {
    const counter = line.countedBy.trim();
    const supervisor = line.supervisedBy.trim();
    if (counter === "" && supervisor === "") {
      // Not counted yet: the count says so. Counted by nobody named: independence cannot be shown.
      if (line.counted === true) issues.push(unnamedIssue(line));
      continue;
    }
    const counterConflict =
      counter === "" ? "nobody named" : conflictOf(people, counter, line.location);
    const supervisorConflict =
      supervisor === "" ? "nobody named" : conflictOf(people, supervisor, line.location);
    if (counterConflict === null || supervisorConflict === null) continue;
    issues.push({
      code: "count_must_be_independent",
      severity: "error",
      where: { sheet: line.sheet, row: line.row },
      message: `${line.securityId} at ${line.location} was counted by ${counter || "nobody named"}${counterConflict === "nobody named" ? "" : ` (${counterConflict})`} and supervised by ${supervisor || "nobody named"}${supervisorConflict === "nobody named" ? "" : ` (${supervisorConflict})`}: neither is independent of the securities or their records.`,
      hint: "Have the count made or supervised by someone who neither holds these securities nor keeps the stock record, and recount.",
    });
  }
  return issues;
}

function unnamedIssue(line: CountedBy): Issue {
  return {
    code: "count_must_name_who_counted",
    severity: "error",
    where: { sheet: line.sheet, row: line.row },
    message: `${line.securityId} at ${line.location} has a count or confirmation entered, but names nobody who counted or supervised it, so its independence cannot be shown.`,
    hint: "Enter who counted it (Counted By) and who supervised (Supervised By), or record the count with --counted-by and --supervised-by.",
  };
}
