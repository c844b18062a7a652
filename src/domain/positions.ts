/**
 * Sheet rows turned into typed position records plus issues (DESIGN.md "Bad input"). Every data
 * row ends as exactly one record or at least one issue: nothing is dropped without a trace.
 */
import { multiplyByPowerOfTen, negate, type Decimal } from "./decimal";
import {
  describeColumn,
  findHeader,
  findPartialHeader,
  POSITION_SCHEMA,
  type HeaderMatch,
  type PositionField,
} from "./headers";
import type { SecurityIdKind } from "./identifiers";
import type { IsoDate } from "./isoDate";
import type { Issue } from "./issues";
import { applyProfile } from "./mapping";
import type { SourceProfile } from "./settings";
import { columnLetter, isBlank, type CellValue, type Row, type SheetSnapshot } from "./sheet";
import {
  findDateInText,
  parseDateCell,
  parseQuantity,
  parseSecurityId,
  type Parsed,
  type Problem,
} from "./values";

export type PositionRole = "books" | "statement";

/** "Total", "Subtotal", "Sub-total", "Grand total": a row that sums others, not a position. */
export const TOTAL_WORD = /\b(sub-?|grand )?totals?\b/i;

export interface SourceRef {
  readonly sheet: string;
  /** 1-based sheet row. */
  readonly row: number;
}

export interface PositionRecord {
  /** What records are matched on (the CUSIP for CUSIPs and US/CA ISINs). */
  readonly securityKey: string;
  /** The identifier as written (cleaned up). */
  readonly securityId: string;
  readonly idKind: SecurityIdKind;
  readonly description: string;
  /** The contra organization this position is reconciled against, as written. */
  readonly contra: string;
  /** Books location code; for statements the account or position type if given, else "". */
  readonly location: string;
  readonly quantity: Decimal;
  /** The price the source gives, if any (books: for valuing differences). */
  readonly price?: Decimal;
  readonly asOf: IsoDate | null;
  readonly source: SourceRef;
}

export interface ParseOptions {
  readonly role: PositionRole;
  /** Statements: the contra chosen by the user; null means the sheet's contra column, else its name. */
  readonly contra: string | null;
  /** A saved or confirmed column mapping for this source, and its number habits. */
  readonly profile?: SourceProfile;
  /** Statements: the contra when neither `contra` nor a contra cell names one (default: the sheet name). */
  readonly defaultContra?: string;
}

export interface ParsedSheet {
  readonly sheet: string;
  readonly role: PositionRole;
  readonly header: HeaderMatch | null;
  readonly records: readonly PositionRecord[];
  readonly issues: readonly Issue[];
  /** Data rows below the header that were not blank. */
  readonly dataRowCount: number;
  /** As-of dates found in an as-of column or in the title rows above the header. */
  readonly asOfFound: readonly IsoDate[];
  /** Contras named by the sheet (for statements without rows, the contra it covers). */
  readonly contras: readonly string[];
  /** False when the sheet cannot be used at all (no header, no quantity column, …). */
  readonly usable: boolean;
  /**
   * Rows whose security and contra are known but whose quantity could not be read: the break
   * for that key is then incomplete, and says so instead of looking like a one-sided position.
   */
  readonly unreadable: readonly UnreadableRow[];
}

export interface UnreadableRow {
  readonly securityKey: string;
  readonly contra: string;
  readonly source: SourceRef;
}

/** Contras compare without regard to case or spacing: "dtc " is DTC. */
export function contraKey(contra: string): string {
  return contra.trim().replace(/\s+/g, " ").toUpperCase();
}

function cellText(cell: CellValue | undefined): string {
  return cell === null || cell === undefined ? "" : String(cell).trim();
}

/** Where a sheet's data starts: its header and the mapping's issues, or why it cannot be used. */
export type PreparedSheet =
  | { readonly usable: true; readonly header: HeaderMatch; readonly issues: readonly Issue[] }
  | { readonly usable: false; readonly parsed: ParsedSheet };

/**
 * The header of a position sheet (a saved mapping first, else detected), or the issue that makes
 * the sheet unusable. Only the first rows are looked at, so a streamed source passes its head.
 */
export function preparePositionSheet(sheet: SheetSnapshot, options: ParseOptions): PreparedSheet {
  const unusable = (issue: Issue, header: HeaderMatch | null = null): PreparedSheet => ({
    usable: false,
    parsed: {
      sheet: sheet.name,
      role: options.role,
      header,
      records: [],
      issues: [issue],
      dataRowCount: 0,
      asOfFound: [],
      contras: [],
      usable: false,
      unreadable: [],
    },
  });
  if (sheet.rows.every((row) => row.every((cell) => isBlank(cell)))) {
    return unusable({
      code: "sheet_must_have_rows",
      severity: "error",
      where: { sheet: sheet.name },
      message: "The sheet is empty.",
      hint: `Paste the ${options.role === "books" ? "stock record" : "statement"} into it, or choose another sheet.`,
    });
  }
  const mapped = options.profile ? applyProfile(sheet, options.profile, POSITION_SCHEMA) : null;
  const header = mapped?.match ?? findHeader(sheet);
  const mappingIssues = mapped?.issues ?? [];
  const withMappingIssues = (prepared: PreparedSheet): PreparedSheet =>
    prepared.usable || mappingIssues.length === 0
      ? prepared
      : {
          usable: false,
          parsed: { ...prepared.parsed, issues: [...mappingIssues, ...prepared.parsed.issues] },
        };
  if (mappingIssues.some((issue) => issue.severity === "error")) {
    const prepared = unusable(mappingIssues[0]!, header);
    return prepared.usable
      ? prepared
      : { usable: false, parsed: { ...prepared.parsed, issues: mappingIssues } };
  }
  if (header === null)
    return withMappingIssues(unusable(missingHeaderIssue(sheet), findPartialHeader(sheet)));
  if (
    options.role === "books" &&
    header.columns.location === undefined &&
    header.columns.contra === undefined
  ) {
    return unusable(
      {
        code: "location_column_is_required",
        severity: "error",
        where: { sheet: sheet.name, row: header.headerRow },
        message:
          "The stock record has no location column, so positions cannot be placed at a contra organization.",
        hint: 'Add a column headed "Location" (or "Depository"/"Contra") naming where each position is held.',
      },
      header,
    );
  }
  return { usable: true, header, issues: mappingIssues };
}

export function parsePositionSheet(sheet: SheetSnapshot, options: ParseOptions): ParsedSheet {
  const prepared = preparePositionSheet(sheet, options);
  if (!prepared.usable) return prepared.parsed;
  const parsed = parseRows(sheet, prepared.header, options);
  return prepared.issues.length === 0
    ? parsed
    : { ...parsed, issues: [...prepared.issues, ...parsed.issues] };
}

function missingHeaderIssue(sheet: SheetSnapshot): Issue {
  const partial = findPartialHeader(sheet);
  const where = { sheet: sheet.name, ...(partial ? { row: partial.headerRow } : {}) };
  if (partial?.columns.securityId !== undefined) {
    return {
      code: "quantity_column_is_required",
      severity: "error",
      where,
      message: `No quantity column was found (the security id is in ${describeColumn(partial, "securityId")}).`,
      hint: 'Head the quantity column "Quantity", "Qty", "Position", "Shares", "Par" or "Principal".',
    };
  }
  if (partial?.columns.quantity !== undefined) {
    return {
      code: "security_id_column_is_required",
      severity: "error",
      where,
      message: `No security identifier column was found (the quantity is in ${describeColumn(partial, "quantity")}).`,
      hint: 'Head the identifier column "CUSIP", "ISIN", "Security ID" or "Symbol".',
    };
  }
  return {
    code: "header_row_is_required",
    severity: "error",
    where,
    message: `No header row naming a security identifier and a quantity was found in the first rows.`,
    hint: 'Put a header row above the data with at least "CUSIP" (or "ISIN") and "Quantity" columns.',
  };
}

/** The warnings about the header itself: a field named by two columns. */
export function headerIssues(sheetName: string, header: HeaderMatch): Issue[] {
  return header.duplicates.map((duplicate) => ({
    code: "column_is_named_twice",
    severity: "warning" as const,
    where: { sheet: sheetName, row: header.headerRow, column: columnLetter(duplicate.column) },
    message: `"${duplicate.header}" is a second ${duplicate.field} column; the first one, ${describeColumn(header, duplicate.field)}, is used.`,
    hint: "Rename or delete the column that should not be used.",
  }));
}

/** The statement's own contra, when the user chose one or the sheet has no contra column. */
export function sheetContra(
  sheetName: string,
  header: HeaderMatch,
  options: ParseOptions,
): string | null {
  if (options.role !== "statement") return null;
  if (options.contra === null && header.columns.contra !== undefined) return null;
  return (options.contra ?? options.defaultContra ?? sheetName).trim();
}

/** The warning for a sheet with a header and nothing below it. */
export function noPositionsIssue(
  sheetName: string,
  header: HeaderMatch,
  role: PositionRole,
): Issue {
  return {
    code: role === "statement" ? "statement_has_no_positions" : "stock_record_has_no_positions",
    severity: "warning",
    where: { sheet: sheetName, row: header.headerRow + 1 },
    message: `There are no position rows below the header in row ${header.headerRow}.`,
    hint:
      role === "statement"
        ? "If the contra really holds nothing, every books position there is reported short; otherwise paste the statement rows."
        : "Paste the stock record rows below the header.",
  };
}

function parseRows(sheet: SheetSnapshot, header: HeaderMatch, options: ParseOptions): ParsedSheet {
  const issues: Issue[] = headerIssues(sheet.name, header);
  const asOfFound = titleDates(sheet, header);
  const records: PositionRecord[] = [];
  const unreadable: UnreadableRow[] = [];
  const contras = new Map<string, string>();
  const ownContra = sheetContra(sheet.name, header, options);
  if (ownContra !== null) contras.set(contraKey(ownContra), ownContra);
  let dataRowCount = 0;
  for (let index = header.headerRow; index < sheet.rows.length; index++) {
    const row = sheet.rows[index] ?? [];
    if (row.every((cell) => isBlank(cell))) continue;
    dataRowCount += 1;
    const parsed = parsePositionRow(sheet.name, index + 1, row, header, options);
    issues.push(...parsed.issues);
    if (parsed.unreadable !== undefined) unreadable.push(parsed.unreadable);
    if (parsed.record !== null) {
      records.push(parsed.record);
      if (!contras.has(contraKey(parsed.record.contra)))
        contras.set(contraKey(parsed.record.contra), parsed.record.contra);
      if (parsed.record.asOf !== null) asOfFound.push(parsed.record.asOf);
    }
  }
  if (dataRowCount === 0) issues.push(noPositionsIssue(sheet.name, header, options.role));
  return {
    sheet: sheet.name,
    role: options.role,
    header,
    records,
    issues,
    dataRowCount,
    asOfFound: [...new Set(asOfFound)].sort(),
    contras: [...contras.values()],
    usable: true,
    unreadable,
  };
}

export function titleDates(sheet: SheetSnapshot, header: HeaderMatch): IsoDate[] {
  const found: IsoDate[] = [];
  for (let index = 0; index < header.headerRow - 1; index++) {
    for (const cell of sheet.rows[index] ?? []) {
      if (typeof cell !== "string") continue;
      const date = findDateInText(cell);
      if (date !== null) found.push(date);
    }
  }
  return found;
}

export interface RowResult {
  readonly record: PositionRecord | null;
  readonly unreadable?: UnreadableRow;
  readonly issues: Issue[];
}

/** One data row: its record, or the issues that keep it from being one. */
export function parsePositionRow(
  sheetName: string,
  rowNumber: number,
  row: Row,
  header: HeaderMatch,
  options: ParseOptions,
): RowResult {
  const issues: Issue[] = [];
  const at = (field: PositionField): { cell: CellValue; column: string } | null => {
    const column = header.columns[field];
    return column === undefined
      ? null
      : { cell: row[column - 1] ?? null, column: columnLetter(column) };
  };
  const report = (
    problem: Problem,
    column: string,
    severity: Issue["severity"] = "error",
  ): void => {
    issues.push({ ...problem, severity, where: { sheet: sheetName, row: rowNumber, column } });
  };
  const idCell = at("securityId")!;
  const quantityCell = at("quantity")!;
  // "Total" written in the identifier column is a total row too, never a security named TOTAL.
  const totalInIdColumn = typeof idCell.cell === "string" && TOTAL_WORD.test(idCell.cell);
  if (isBlank(idCell.cell) || totalInIdColumn) {
    const total = row.some((cell) => typeof cell === "string" && TOTAL_WORD.test(cell));
    report(
      total
        ? {
            code: "total_row_is_not_a_position",
            message: "This looks like a total row, not a position; it is not reconciled.",
            hint: "Nothing to do if it is a total; move totals below a blank row to keep them apart.",
          }
        : {
            code: "security_id_is_required",
            message: "The row has no security identifier.",
            hint: "Enter the CUSIP or ISIN, or delete the row if it is not a position.",
          },
      idCell.column,
      total ? "info" : "error",
    );
    return { record: null, issues };
  }
  const id = parseSecurityId(idCell.cell);
  if (!id.ok) report(id.problem, idCell.column);
  else if (id.warning) report(id.warning, idCell.column, "warning");
  const quantity = adjustQuantity(parseQuantity(quantityCell.cell), options.profile);
  if (!quantity.ok) report(quantity.problem, quantityCell.column);
  const contra = resolveContra(row, header, options, at, sheetName, report);
  let asOf: IsoDate | null = null;
  const asOfCell = at("asOf");
  if (asOfCell !== null && !isBlank(asOfCell.cell)) {
    const date = parseDateCell(asOfCell.cell);
    if (date.ok) asOf = date.value;
    else report(date.problem, asOfCell.column, "warning");
  }
  if (id.ok && !quantity.ok && contra !== null) {
    const source = { sheet: sheetName, row: rowNumber };
    return { record: null, unreadable: { securityKey: id.value.key, contra, source }, issues };
  }
  if (!id.ok || !quantity.ok || contra === null) return { record: null, issues };
  const location = cellText(at("location")?.cell) || cellText(at("account")?.cell);
  const priceCell = at("price");
  const price =
    priceCell === null || isBlank(priceCell.cell) ? null : parseQuantity(priceCell.cell);
  return {
    record: {
      ...(price?.ok ? { price: price.value } : {}),
      securityKey: id.value.key,
      securityId: id.value.id,
      idKind: id.value.kind,
      description: cellText(at("description")?.cell),
      contra,
      location,
      quantity: quantity.value,
      asOf,
      source: { sheet: sheetName, row: rowNumber },
    },
    issues,
  };
}

/** The source's number habits: minus signs on holdings, principal in thousands. */
function adjustQuantity(
  parsed: Parsed<Decimal>,
  profile: SourceProfile | undefined,
): Parsed<Decimal> {
  if (!parsed.ok || profile === undefined) return parsed;
  let value = parsed.value;
  if (profile.negateQuantities) value = negate(value);
  if (profile.quantityUnit === "thousands") value = multiplyByPowerOfTen(value, 3);
  return { ...parsed, value };
}

type CellAt = (field: PositionField) => { cell: CellValue; column: string } | null;

function resolveContra(
  _row: Row,
  header: HeaderMatch,
  options: ParseOptions,
  at: CellAt,
  sheetName: string,
  report: (problem: Problem, column: string) => void,
): string | null {
  if (options.role === "statement") {
    if (options.contra !== null) return options.contra.trim();
    const column = at("contra");
    return column === null || isBlank(column.cell)
      ? (options.defaultContra ?? sheetName)
      : cellText(column.cell);
  }
  const contra = at("contra");
  if (contra !== null && !isBlank(contra.cell)) return cellText(contra.cell);
  const location = at("location");
  if (location !== null && !isBlank(location.cell)) return cellText(location.cell);
  const column =
    (contra ?? location)?.column ??
    columnLetter(header.columns.location ?? header.columns.contra ?? 1);
  report(
    {
      code: "location_is_required",
      message: "The position has no location, so it cannot be placed at a contra organization.",
      hint: "Enter the location code (for example DTC) where the position is held.",
    },
    column,
  );
  return null;
}
