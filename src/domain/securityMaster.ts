/**
 * The security master (issue 3 §3): one row per security naming its CUSIP, ISIN, SEDOL and
 * symbol, so a statement in SEDOLs or symbols reconciles against books in CUSIPs. Every alias maps
 * to one key; an alias claimed by two securities is an error and is not used.
 */
import { findHeaderRow, type HeaderSchema } from "./headers";
import type { Issue } from "./issues";
import { rowsPhrase } from "./checks";
import type { PositionRecord } from "./positions";
import { columnLetter, isBlank, type SheetSnapshot } from "./sheet";
import { parseSecurityId } from "./values";

export type MasterField = "cusip" | "isin" | "sedol" | "symbol" | "description";

export const MASTER_SCHEMA: HeaderSchema<MasterField> = {
  synonyms: {
    cusip: ["cusip", "cusip number", "cusip id"],
    isin: ["isin", "isin code"],
    sedol: ["sedol", "sedol code"],
    symbol: ["symbol", "ticker", "ticker symbol", "trading symbol"],
    description: ["description", "security description", "security name", "name", "issue"],
  },
  required: [],
};

const ID_FIELDS = ["cusip", "isin", "sedol", "symbol"] as const;

export interface SecurityMaster {
  readonly sheet: string;
  /** Alias (upper case, as classified) → the key records match on. */
  readonly keyByAlias: ReadonlyMap<string, string>;
}

/** A master names at least two kinds of identifier and no quantity. */
export function isSecurityMasterSheet(sheet: SheetSnapshot): boolean {
  for (const row of sheet.rows.slice(0, 30)) {
    const header = findHeaderRow({ name: sheet.name, rows: [row] }, MASTER_SCHEMA);
    if (header === null) continue;
    const ids = ID_FIELDS.filter((field) => header.columns[field] !== undefined).length;
    const quantity = [...header.headers.values()].some((h) =>
      /\b(quantity|qty|shares|position|par|balance)\b/i.test(h),
    );
    if (ids >= 2 && !quantity) return true;
  }
  return false;
}

function headerOf(sheet: SheetSnapshot) {
  for (let index = 0; index < Math.min(sheet.rows.length, 30); index++) {
    const single = findHeaderRow(
      { name: sheet.name, rows: [sheet.rows[index] ?? []] },
      MASTER_SCHEMA,
    );
    if (single !== null && ID_FIELDS.filter((f) => single.columns[f] !== undefined).length >= 2) {
      return { ...single, headerRow: index + 1 };
    }
  }
  return null;
}

export function parseSecurityMaster(sheet: SheetSnapshot): {
  master: SecurityMaster | null;
  issues: Issue[];
} {
  const header = headerOf(sheet);
  if (header === null) {
    return {
      master: null,
      issues: [
        {
          code: "security_master_needs_two_identifiers",
          severity: "error",
          where: { sheet: sheet.name },
          message:
            "The security master needs a header naming at least two identifiers (CUSIP, ISIN, SEDOL, Symbol).",
          hint: 'Head its columns "CUSIP", "ISIN", "SEDOL" and "Symbol" as they apply.',
        },
      ],
    };
  }
  const issues: Issue[] = [];
  const keyByAlias = new Map<string, string>();
  const claimedIn = new Map<string, number>();
  const conflicted = new Set<string>();
  for (let index = header.headerRow; index < sheet.rows.length; index++) {
    const row = sheet.rows[index] ?? [];
    if (row.every((c) => isBlank(c))) continue;
    const aliases: string[] = [];
    let key: string | null = null;
    for (const field of ID_FIELDS) {
      const column = header.columns[field];
      const cell = column === undefined ? null : (row[column - 1] ?? null);
      if (isBlank(cell)) continue;
      const parsed = field === "symbol" ? null : parseSecurityId(cell);
      if (parsed !== null && !parsed.ok) {
        issues.push({
          ...parsed.problem,
          severity: "error",
          where: { sheet: sheet.name, row: index + 1, column: columnLetter(column!) },
        });
        continue;
      }
      const alias = parsed === null ? String(cell).trim().toUpperCase() : parsed.value.id;
      aliases.push(alias);
      key ??= parsed === null ? null : parsed.value.key;
    }
    if (key === null) continue;
    for (const alias of aliases) {
      const earlier = keyByAlias.get(alias);
      if (earlier !== undefined && earlier !== key) {
        conflicted.add(alias);
        issues.push({
          code: "security_alias_must_name_one_security",
          severity: "error",
          where: { sheet: sheet.name, row: index + 1 },
          message: `${alias} names ${key} here and ${earlier} in row ${claimedIn.get(alias)}; it is not used to match.`,
          hint: "Correct the security master so each identifier belongs to one security.",
        });
        continue;
      }
      keyByAlias.set(alias, key);
      claimedIn.set(alias, index + 1);
    }
  }
  for (const alias of conflicted) keyByAlias.delete(alias);
  return { master: { sheet: sheet.name, keyByAlias }, issues };
}

/**
 * Re-keys records by the master: a SEDOL, symbol or foreign ISIN the master knows matches the
 * CUSIP (or primary id) it names. Symbols and other ids the master does not know are reported.
 */
export function applySecurityMaster(
  records: readonly PositionRecord[],
  master: SecurityMaster,
): { records: PositionRecord[]; issues: Issue[] } {
  const unknown = new Map<string, { sheet: string; rows: number[]; ids: string[] }>();
  const rekeyed = records.map((record) => {
    const key =
      master.keyByAlias.get(record.securityId) ?? master.keyByAlias.get(record.securityKey);
    if (key !== undefined)
      return key === record.securityKey ? record : { ...record, securityKey: key };
    if (record.idKind === "other" || record.idKind === "sedol") {
      const list = unknown.get(record.source.sheet) ?? {
        sheet: record.source.sheet,
        rows: [],
        ids: [],
      };
      list.rows.push(record.source.row);
      if (!list.ids.includes(record.securityId)) list.ids.push(record.securityId);
      unknown.set(record.source.sheet, list);
    }
    return record;
  });
  const issues: Issue[] = [...unknown.values()].map(({ sheet, rows, ids }) => ({
    code: "security_is_not_in_master",
    severity: "warning" as const,
    where: { sheet, row: rows[0]! },
    message: `${rows.length} position${rows.length === 1 ? " is" : "s are"} identified by a symbol or SEDOL the security master (${master.sheet}) does not know (${rowsPhrase(rows)}: ${ids.slice(0, 8).join(", ")}${ids.length > 8 ? ", …" : ""}); ${rows.length === 1 ? "it is" : "they are"} matched as written.`,
    hint: `Add them to ${master.sheet} with their CUSIP or ISIN so they match the other side.`,
  }));
  return { records: rekeyed, issues };
}
