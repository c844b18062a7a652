/**
 * Cell values turned into domain values, exactly. Each parser returns the value or a problem
 * (code, message, hint) for the caller to place at its sheet, row and column.
 */
import { decimalFromNumber, MAX_SCALE, negate, parseDecimal, type Decimal } from "./decimal";
import { classifySecurityId, isValidCusip, type SecurityIdResult } from "./identifiers";
import { isoDateFromExcelSerial, parseIsoDate, type IsoDate } from "./isoDate";
import type { CellValue } from "./sheet";

export interface Problem {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T; readonly warning?: Problem }
  | { readonly ok: false; readonly problem: Problem };

function fail<T>(code: string, message: string, hint: string): Parsed<T> {
  return { ok: false, problem: { code, message, hint } };
}

function show(cell: CellValue): string {
  const text = String(cell);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const GROUPED = /^\d{1,3}(,\d{3})+(\.\d*)?$/;

/**
 * A quantity or amount as Excel numbers or as text the way statements write them: `1,234.50`,
 * `(1,000)`, `1,000-`, `-1000`, `+5`, padded with spaces. Never through floating point.
 */
export function parseQuantity(cell: CellValue): Parsed<Decimal> {
  if (cell === null || (typeof cell === "string" && cell.trim() === "")) {
    return fail(
      "quantity_is_required",
      "The quantity is empty.",
      "Enter the quantity (0 if the position is flat).",
    );
  }
  if (typeof cell === "number") {
    const value = decimalFromNumber(cell);
    return value === null
      ? fail(
          "quantity_must_be_a_number",
          `The quantity ${show(cell)} is not a finite number.`,
          "Enter the quantity as a number.",
        )
      : { ok: true, value };
  }
  if (typeof cell === "boolean") {
    return fail(
      "quantity_must_be_a_number",
      `The quantity cell holds ${String(cell).toUpperCase()}.`,
      "Enter the quantity as a number.",
    );
  }
  let text = cell.trim().replace(/\u00a0/g, " ");
  let negative = false;
  const parenthesised = /^\((.*)\)$/.exec(text);
  if (parenthesised) {
    negative = true;
    text = parenthesised[1]!.trim();
  } else if (/^[^-].*-$/.test(text)) {
    negative = true;
    text = text.slice(0, -1).trim();
  }
  let signText = "";
  if (/^[+-]/.test(text) && !negative) {
    signText = text[0] === "-" ? "-" : "";
    text = text.slice(1).trim();
  }
  if (GROUPED.test(text)) text = text.replace(/,/g, "");
  const value = parseDecimal(signText + text);
  if (value === null) {
    return fail(
      "quantity_must_be_a_number",
      `The quantity "${show(cell)}" is not a number.`,
      "Enter digits with an optional decimal point (1,234.50, (1,000) and 1,000- are understood).",
    );
  }
  return { ok: true, value: negative ? negate(value) : value };
}

/**
 * A security identifier cell. Text is classified (check digits); a number means Excel has turned
 * an identifier into a number: an integer whose zero-padding to nine digits is a valid CUSIP is
 * restored with a warning; anything else (scientific notation, more than 15 digits, fractions,
 * no valid CUSIP) is an error and never matched.
 */
export function parseSecurityId(cell: CellValue): Parsed<SecurityIdResult & { ok: true }> {
  if (typeof cell === "number") return parseNumericSecurityId(cell);
  if (typeof cell === "boolean") {
    return fail(
      "security_id_must_be_an_identifier",
      `The identifier cell holds ${String(cell).toUpperCase()}.`,
      "Enter the CUSIP or ISIN as text.",
    );
  }
  const result = classifySecurityId(cell ?? "");
  return result.ok ? { ok: true, value: result } : { ok: false, problem: result };
}

function parseNumericSecurityId(cell: number): Parsed<SecurityIdResult & { ok: true }> {
  const text = String(cell);
  const hint =
    "Format the identifier column as Text and re-enter or re-import the identifiers: Excel has turned them into numbers.";
  if (!Number.isSafeInteger(cell) || cell < 0 || /e/i.test(text) || text.length > 15) {
    return fail(
      "security_id_damaged_by_excel",
      `The identifier is the number ${text}: Excel has rounded it or stored it in scientific notation, so the original identifier is lost.`,
      hint,
    );
  }
  const padded = text.padStart(9, "0");
  if (padded.length === 9 && isValidCusip(padded)) {
    return {
      ok: true,
      value: { ok: true, key: padded, kind: "cusip", id: padded },
      warning: {
        code: "cusip_restored_from_number",
        message: `The identifier was stored as the number ${text}; restored to CUSIP ${padded} by putting back its leading zeros.`,
        hint,
      },
    };
  }
  return fail(
    "security_id_damaged_by_excel",
    `The identifier is the number ${text}, and no valid CUSIP can be restored from it.`,
    hint,
  );
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/** A date as an Excel serial, `YYYY-MM-DD`, `M/D/YYYY` or `YYYYMMDD`. */
export function parseDateCell(cell: CellValue): Parsed<IsoDate> {
  const problem = (): Parsed<IsoDate> =>
    fail(
      "date_must_be_a_date",
      `"${show(cell)}" is not a date.`,
      "Enter the date as YYYY-MM-DD or M/D/YYYY.",
    );
  if (typeof cell === "number") {
    const compact = COMPACT_DATE.exec(String(cell));
    const value = compact
      ? parseIsoDate(`${compact[1]}-${compact[2]}-${compact[3]}`)
      : isoDateFromExcelSerial(cell);
    return value === null ? problem() : { ok: true, value };
  }
  if (typeof cell !== "string") return problem();
  const text = cell.trim();
  const us = US_DATE.exec(text);
  const compact = COMPACT_DATE.exec(text);
  const iso = us
    ? parseIsoDate(`${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}`)
    : compact
      ? parseIsoDate(`${compact[1]}-${compact[2]}-${compact[3]}`)
      : parseIsoDate(text.slice(0, 10));
  return iso === null ? problem() : { ok: true, value: iso };
}

/** Finds the first date written inside free text ("Statement as of 10/30/2026"). */
export function findDateInText(text: string): IsoDate | null {
  const iso = /\b(\d{4}-\d{2}-\d{2})\b/.exec(text);
  if (iso) return parseIsoDate(iso[1]!);
  const us = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(text);
  if (us) return parseIsoDate(`${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}`);
  return null;
}

/** A number as `units / 10^scale` with `units` an integer held exactly in a double (|units| < 2^53). */
export interface ScaledNumber {
  units: number;
  scale: number;
}

/**
 * The fast path of `parseQuantity` for text already trimmed: an optional minus, digits and an
 * optional fraction (`-1234.50`), read straight from `text[start, end)` into `out` without
 * intermediate strings. False for anything else — grouping, parentheses, a plus sign, more than
 * 15–16 significant digits — which callers hand to `parseQuantity`, so both agree exactly.
 */
export function parsePlainDecimalRange(
  text: string,
  start: number,
  end: number,
  out: ScaledNumber,
): boolean {
  let index = start;
  const negative = index < end && text.charCodeAt(index) === 45;
  if (negative) index++;
  let units = 0;
  let scale = 0;
  let digits = 0;
  let dot = false;
  for (; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      units = units * 10 + (code - 48);
      digits++;
      if (dot) scale++;
    } else if (code === 46 && !dot) dot = true;
    else return false;
  }
  // Past 2^53 a double stops counting exactly; such values go the bigint way.
  if (digits === 0 || scale > MAX_SCALE || units > Number.MAX_SAFE_INTEGER) return false;
  out.units = negative ? -units : units;
  out.scale = scale;
  return true;
}

/** `parseQuantity` of an Excel number, fast for integers and plain decimals; false otherwise. */
export function scaledFromNumber(value: number, out: ScaledNumber): boolean {
  if (Number.isSafeInteger(value)) {
    out.units = value;
    out.scale = 0;
    return true;
  }
  if (!Number.isFinite(value)) return false;
  if (shortestScaled(value, out)) return true;
  const text = String(value);
  return parsePlainDecimalRange(text, 0, text.length, out);
}

const FAST_SCALE_MAX = 6;
const FAST_POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6] as const;
/** Below 2^50 units, two decimals one unit apart are further apart than the double's spacing. */
const FAST_UNITS_LIMIT = 2 ** 50;

/**
 * What `String(value)` then `parsePlainDecimalRange` give, without making the string (a number
 * cell with cents is a third of a stock record's rows; the string showed in the profile).
 * A number means its shortest round-trip decimal. For 1e-6 ≤ |value| (plain notation), fewer
 * decimal places is fewer significant digits, so that decimal has the least scale s at which
 * some integer u has u / 10^s === value (division is correctly rounded). With |u| < 2^50 the
 * decimals at scale s are spaced wider than value's ulp, so at most one u round-trips, and
 * value · 10^s is within 2^-52·|u| < 1/4 of it (both roundings), so Math.round finds it.
 * False when no scale up to 6 fits; the caller then takes the string way.
 * Property-tested against the string way (test/domain/fastPaths.property.test.ts).
 */
function shortestScaled(value: number, out: ScaledNumber): boolean {
  if (Math.abs(value) < 1e-6) return false;
  for (let scale = 1; scale <= FAST_SCALE_MAX; scale++) {
    const power = FAST_POWERS_OF_TEN[scale]!;
    const units = Math.round(value * power);
    if (Math.abs(units) >= FAST_UNITS_LIMIT) return false;
    if (units / power === value) {
      out.units = units;
      out.scale = scale;
      return true;
    }
  }
  return false;
}
