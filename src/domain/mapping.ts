/**
 * Column mappings: which column of a source holds which field. Detection proposes one from the
 * headers; the user confirms or changes it; it is saved as a profile per source (by header text,
 * not by column letter, because next month's file may move its columns) and reused.
 */
import {
  HEADER_SEARCH_ROWS,
  matchHeaderRow,
  normaliseHeader,
  type HeaderMatch,
  type HeaderSchema,
} from "./headers";
import type { Issue } from "./issues";
import type { SourceProfile } from "./settings";
import { columnLetter, type SheetSnapshot } from "./sheet";

const FIELD_LABELS: Readonly<Record<string, string>> = {
  securityId: "security ID",
  quantity: "quantity",
  location: "location",
  contra: "contra organization",
  description: "description",
  asOf: "as-of date",
  account: "account",
  price: "price",
  balance: "balance",
  currency: "currency",
  statementAccount: "statement account",
};

/** A field as people call it: "security ID", not securityId. */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** Problems with a mapping, for the pane to show beside the dropdowns and for runs to report. */
export function validateMapping<F extends string>(
  sheetName: string,
  columns: Readonly<Partial<Record<F, number>>>,
  schema: HeaderSchema<F>,
  headerRow: number,
): Issue[] {
  const issues: Issue[] = [];
  for (const field of schema.required) {
    if (columns[field] === undefined) {
      issues.push({
        code: "mapping_field_is_required",
        severity: "error",
        where: { sheet: sheetName, row: headerRow },
        message: `No column is mapped to the ${fieldLabel(field)}.`,
        hint: `Choose the column that holds the ${fieldLabel(field)} in the mapping.`,
      });
    }
  }
  const byColumn = new Map<number, F[]>();
  for (const [field, column] of Object.entries(columns) as [F, number | undefined][]) {
    if (column !== undefined) byColumn.set(column, [...(byColumn.get(column) ?? []), field]);
  }
  for (const [column, fields] of byColumn) {
    if (fields.length < 2) continue;
    issues.push({
      code: "mapping_column_is_used_twice",
      severity: "error",
      where: { sheet: sheetName, row: headerRow, column: columnLetter(column) },
      message: `Column ${columnLetter(column)} is mapped to ${fields.map(fieldLabel).join(" and ")}.`,
      hint: "Map each field to its own column.",
    });
  }
  return issues;
}

/** The profile of a confirmed mapping: header texts by field. */
export function profileColumns<F extends string>(match: HeaderMatch<F>): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const [field, column] of Object.entries(match.columns) as [F, number | undefined][]) {
    const header = column === undefined ? undefined : match.headers.get(column);
    if (header !== undefined) columns[field] = header;
  }
  return columns;
}

/**
 * The header match a saved profile gives on this sheet: the first top row holding every header
 * text the profile names. Fields the profile leaves out are still found by their synonyms.
 * Returns null (with an issue) when no row has the saved headers.
 */
export function applyProfile<F extends string>(
  sheet: SheetSnapshot,
  profile: SourceProfile,
  schema: HeaderSchema<F>,
): { match: HeaderMatch<F> | null; issues: Issue[] } {
  // A field saved with an empty header was set to "(none)": it must stay without a column.
  const wanted = Object.entries(profile.columns)
    .filter(([, header]) => header.trim() !== "")
    .map(([field, header]) => [field, normaliseHeader(header)] as const);
  const none = new Set(
    Object.entries(profile.columns)
      .filter(([, header]) => header.trim() === "")
      .map(([field]) => field),
  );
  const limit = Math.min(sheet.rows.length, HEADER_SEARCH_ROWS);
  for (let index = 0; index < limit; index++) {
    const row = sheet.rows[index] ?? [];
    const positions = new Map<string, number>();
    row.forEach((cell, column) => {
      if (typeof cell === "string" && !positions.has(normaliseHeader(cell)))
        positions.set(normaliseHeader(cell), column + 1);
    });
    if (!wanted.every(([, header]) => positions.has(header))) continue;
    const detected = matchHeaderRow(schema, row, index + 1);
    const columns: Partial<Record<F, number>> = {};
    for (const [field, header] of wanted) {
      if (field in schema.synonyms) columns[field as F] = positions.get(header)!;
    }
    const used = new Set(Object.values(columns));
    for (const [field, column] of Object.entries(detected.columns) as [F, number][]) {
      if (columns[field] === undefined && !used.has(column) && !none.has(field))
        columns[field] = column;
    }
    const match: HeaderMatch<F> = { ...detected, columns, duplicates: [] };
    return { match, issues: validateMapping(sheet.name, columns, schema, index + 1) };
  }
  return {
    match: null,
    issues: [
      {
        code: "saved_mapping_must_match_headers",
        severity: "warning",
        where: { sheet: sheet.name },
        message: `The saved mapping for ${sheet.name} names columns ${Object.values(profile.columns)
          .map((h) => `"${h}"`)
          .join(
            ", ",
          )}, but no row in the first ${HEADER_SEARCH_ROWS} has them all; the headers were detected again instead.`,
        hint: "Check the new file's headers, then confirm the mapping again in the task pane to save it.",
      },
    ],
  };
}
