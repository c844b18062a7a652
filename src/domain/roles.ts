/**
 * Proposing what each sheet is, from its headers and name: the stock record (it has a location
 * column), the position statements (a security id and a quantity but no books location), or
 * neither. The user confirms; the CLI's --books/--statement override.
 */
import {
  findHeader,
  findHeaderRow,
  findPartialHeader,
  POSITION_SCHEMA,
  type HeaderMatch,
} from "./headers";
import { applyProfile } from "./mapping";
import type { IsoDate } from "./isoDate";
import { isLocationsSheet } from "./locations";
import { MONEY_SCHEMA } from "./money";
import { isGlAccountsSheet } from "./glAccounts";
import { isPricesSheet } from "./prices";
import { SUSPENSE_SCHEMA } from "./suspense";
import { isSecurityMasterSheet } from "./securityMaster";
import { DEFAULT_SETTINGS, profileKey, SETTINGS_SHEET, type Settings } from "./settings";
import { isBlank, type SheetSnapshot } from "./sheet";

export type SheetRole =
  | "books"
  | "statement"
  | "locations"
  | "securityMaster"
  | "booksMoney"
  | "statementMoney"
  | "prices"
  | "other";

export interface SheetRoleProposal {
  readonly sheet: string;
  readonly role: SheetRole;
  /** For statements: the contra the sheet's contra column names (null: column or sheet name at run time). */
  readonly contra: string | null;
  readonly headerRow: number | null;
  readonly dataRows: number;
  readonly reason: string;
}

export interface StatementChoice {
  readonly sheet: string;
  /** null: the sheet's contra/depository column if it has one, else the sheet name. */
  readonly contra: string | null;
}

export interface RunPlan {
  readonly books: string;
  readonly statements: readonly StatementChoice[];
  readonly asOf: IsoDate | null;
  /** A locations map sheet: books locations → contra organizations and statement accounts. */
  readonly locations?: string | null;
  /** A security master sheet: CUSIP, ISIN, SEDOL and symbol of each security. */
  readonly securityMaster?: string | null;
  /** The books' money balances (GL) sheet, reconciled against `moneyStatements`. */
  readonly booksMoney?: string | null;
  readonly moneyStatements?: readonly StatementChoice[];
  /** A prices sheet (security id and price) for valuing differences. */
  readonly prices?: string | null;
}

const BOOKS_NAME = /stock\s*record|books|position\s*record|ledger/i;

/** Names of the sheets StockRec itself writes: never proposed as inputs. */
export const OUTPUT_SHEETS: ReadonlySet<string> = new Set([
  "Breaks",
  "Money Breaks",
  "Difference Account",
  "Difference Aging",
  "Suspense Aging",
  "Suspense Buckets",
  "GL Review",
  "Notices",
  "Sign-offs",
  "Audit Log",
  "Close Summary",
  "Suspense Proposals",
  "Count Schedule",
]);

/** StockRec's own sheets, including each count's `Count YYYY-MM-DD` sheet. */
export function isOutputSheet(name: string): boolean {
  return OUTPUT_SHEETS.has(name) || /^Count \d{4}-\d{2}-\d{2}$/.test(name);
}

function dataRowsBelow(sheet: SheetSnapshot, headerRow: number): number {
  let count = 0;
  for (let index = headerRow; index < sheet.rows.length; index++) {
    if (!(sheet.rows[index] ?? []).every((cell) => isBlank(cell))) count += 1;
  }
  return count;
}

const BOOKS_MONEY_NAME = /\b(gl|general ledger|books?|ledger|trial balance)\b/i;

/** Reference and money sheets, recognised before positions (none of them has a quantity). */
function referenceRole(sheet: SheetSnapshot, settings: Settings): SheetRoleProposal | null {
  const proposal = (
    role: SheetRole,
    reason: string,
    headerRow: number | null,
  ): SheetRoleProposal => ({
    sheet: sheet.name,
    role,
    contra: null,
    headerRow,
    dataRows: headerRow === null ? 0 : dataRowsBelow(sheet, headerRow),
    reason,
  });
  if (isOutputSheet(sheet.name) || sheet.name === SETTINGS_SHEET) {
    return proposal("other", "written by StockRec", null);
  }
  // Registers of their own commands: never reconciled as positions, though they name securities.
  if (findHeaderRow(sheet, SUSPENSE_SCHEMA) !== null) {
    return proposal("other", "the suspense register (stockrec suspense)", null);
  }
  if (isGlAccountsSheet(sheet))
    return proposal("other", "the GL accounts register (stockrec review)", null);
  if (isSecurityMasterSheet(sheet))
    return proposal("securityMaster", "names several identifiers per security", null);
  if (isLocationsSheet(sheet))
    return proposal("locations", "maps locations to contra organizations", null);
  if (isPricesSheet(sheet))
    return proposal("prices", "a security id and a price, no quantity", null);
  if (positionHeader(sheet, settings) !== null) return null;
  const profile = settings.profiles[profileKey(sheet.name)];
  const mapped = profile === undefined ? null : applyProfile(sheet, profile, MONEY_SCHEMA).match;
  const complete =
    mapped !== null && MONEY_SCHEMA.required.every((f) => mapped.columns[f] !== undefined);
  const money = complete ? mapped : findHeaderRow(sheet, MONEY_SCHEMA);
  if (money === null) return null;
  const books = BOOKS_MONEY_NAME.test(sheet.name) || money.columns.statementAccount !== undefined;
  return books
    ? proposal("booksMoney", "account and balance columns; named like the books", money.headerRow)
    : proposal("statementMoney", "account and balance columns", money.headerRow);
}

/** The position header of a sheet: through its saved mapping profile if it has one. */
function positionHeader(sheet: SheetSnapshot, settings: Settings): HeaderMatch | null {
  const profile = settings.profiles[profileKey(sheet.name)];
  const mapped = profile === undefined ? null : applyProfile(sheet, profile, POSITION_SCHEMA).match;
  const complete =
    mapped !== null && POSITION_SCHEMA.required.every((f) => mapped.columns[f] !== undefined);
  return complete ? mapped : findHeader(sheet);
}

export function proposeRoles(
  sheets: readonly SheetSnapshot[],
  settings: Settings = DEFAULT_SETTINGS,
): SheetRoleProposal[] {
  const references = new Map(
    sheets.map((sheet) => [sheet.name, referenceRole(sheet, settings)] as const),
  );
  const firstBooksMoney = [...references.values()].find((p) => p?.role === "booksMoney");
  return proposePositionRoles(
    sheets.filter((sheet) => references.get(sheet.name) === null),
    settings,
  )
    .concat(
      [...references.values()]
        .filter((p): p is SheetRoleProposal => p !== null)
        .map((p) =>
          // One books money sheet per run; further ones are proposed as statements to confirm.
          p.role === "booksMoney" && p !== firstBooksMoney ? { ...p, role: "statementMoney" } : p,
        ),
    )
    .sort(
      (a, b) =>
        sheets.findIndex((s) => s.name === a.sheet) - sheets.findIndex((s) => s.name === b.sheet),
    );
}

function proposePositionRoles(
  sheets: readonly SheetSnapshot[],
  settings: Settings,
): SheetRoleProposal[] {
  const candidates = sheets.map((sheet) => {
    const header = isOutputSheet(sheet.name) ? null : positionHeader(sheet, settings);
    return {
      sheet,
      header,
      dataRows: header === null ? 0 : dataRowsBelow(sheet, header.headerRow),
    };
  });
  const withLocation = candidates.filter((c) => c.header?.columns.location !== undefined);
  const booksSheet =
    withLocation.find((c) => BOOKS_NAME.test(c.sheet.name)) ??
    [...withLocation].sort((a, b) => b.dataRows - a.dataRows)[0] ??
    candidates.find((c) => c.header !== null && BOOKS_NAME.test(c.sheet.name));
  return candidates.map(({ sheet, header, dataRows }) => {
    if (isOutputSheet(sheet.name)) {
      return {
        sheet: sheet.name,
        role: "other",
        contra: null,
        headerRow: null,
        dataRows: 0,
        reason: "written by StockRec",
      };
    }
    if (header === null) {
      // A sheet naming a security id or a quantity but not both is most likely a statement with
      // a column missing: proposing it makes the run say which column is missing, instead of
      // quietly leaving the sheet out.
      const partial = findPartialHeader(sheet);
      const half =
        partial !== null &&
        (partial.columns.securityId !== undefined || partial.columns.quantity !== undefined);
      return {
        sheet: sheet.name,
        role: half ? "statement" : "other",
        contra: null,
        headerRow: half ? partial.headerRow : null,
        dataRows: 0,
        reason: half
          ? "a security id or quantity column is missing"
          : "no security id and quantity columns",
      };
    }
    if (booksSheet !== undefined && sheet === booksSheet.sheet) {
      return {
        sheet: sheet.name,
        role: "books",
        contra: null,
        headerRow: header.headerRow,
        dataRows,
        reason:
          header.columns.location !== undefined
            ? "has a location column"
            : "named like a stock record",
      };
    }
    return {
      sheet: sheet.name,
      role: "statement",
      contra: header.columns.contra !== undefined ? null : sheet.name,
      headerRow: header.headerRow,
      dataRows,
      reason:
        header.columns.contra !== undefined
          ? "has a contra/depository column"
          : "security id and quantity, no books location",
    };
  });
}

/** The plan the proposals imply, or null when there is no stock record or no statement. */
export function planFromProposals(
  proposals: readonly SheetRoleProposal[],
  asOf: IsoDate | null,
): RunPlan | null {
  const books = proposals.find((p) => p.role === "books");
  const statements = proposals.filter((p) => p.role === "statement");
  if (books === undefined || statements.length === 0) return null;
  const first = (role: SheetRole): string | null =>
    proposals.find((p) => p.role === role)?.sheet ?? null;
  const moneyStatements = proposals.filter((p) => p.role === "statementMoney");
  return {
    books: books.sheet,
    statements: statements.map((p) => ({ sheet: p.sheet, contra: null })),
    asOf,
    locations: first("locations"),
    securityMaster: first("securityMaster"),
    prices: first("prices"),
    booksMoney: first("booksMoney"),
    moneyStatements: moneyStatements.map((p) => ({ sheet: p.sheet, contra: null })),
  };
}
