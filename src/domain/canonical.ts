/**
 * The canonical text of signed data, and its SHA-256. A sign-off and an audit row store a hash of
 * what they vouch for; recomputing it later from the workbook must give the same hash exactly when
 * the content is the same, whichever host read the cells and however far Excel's used range runs.
 *
 * The form (version 1), one line per row, each line ending in "\n":
 *
 *     stockrec-canonical/1
 *     ["CUSIP","Quantity"]
 *     ["037833100",1000]
 *     []
 *     [null,true]
 *
 * - a line is the row's cells in column order as a JSON array: strings as JSON strings, numbers
 *   as their shortest round-trip decimal (`0.1`, `1e+21`; `-0` is `0`, as Excel has no negative
 *   zero), booleans as `true`/`false`, an empty cell as `null`;
 * - an empty cell is `null` or `""` (Excel hands an empty cell over as `""`, other hosts as null);
 *   a string of spaces is content, not empty;
 * - a number that is not finite (no host hands one over; ExcelJS reads it as `#NUM!`) is the
 *   string `"#NUM!"`;
 * - trailing empty cells of a row and trailing empty rows are dropped, so the same content hashes
 *   the same however wide or tall the host reports the used range. Empty rows and cells before
 *   content are kept: they place the content.
 *
 * The first line names the format, so hashes of this form are never confused with hashes of
 * anything else, and a later version can change the form without ambiguity.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { CellValue, Row } from "./sheet";

export const CANONICAL_FORMAT = "stockrec-canonical/1";

/** A SHA-256 digest as 64 lowercase hexadecimal digits. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

function isEmptyCell(cell: CellValue | undefined): boolean {
  return cell === null || cell === undefined || cell === "";
}

/** One cell's canonical token. */
export function canonicalCell(cell: CellValue | undefined): string {
  if (isEmptyCell(cell)) return "null";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return JSON.stringify("#NUM!");
    // String() gives the shortest text that reads back as the same double (ECMA-262 Number::toString).
    return Object.is(cell, -0) ? "0" : String(cell);
  }
  if (typeof cell === "boolean") return cell ? "true" : "false";
  return JSON.stringify(cell);
}

/** One row's canonical line, without its "\n". */
export function canonicalLine(row: Row): string {
  let width = row.length;
  while (width > 0 && isEmptyCell(row[width - 1])) width -= 1;
  const tokens: string[] = [];
  for (let index = 0; index < width; index++) tokens.push(canonicalCell(row[index]));
  return `[${tokens.join(",")}]`;
}

/** How many rows count: the rows up to the last one with content. */
function contentHeight(rows: readonly Row[]): number {
  let height = rows.length;
  while (height > 0 && (rows[height - 1] ?? []).every((cell) => isEmptyCell(cell))) height -= 1;
  return height;
}

/** The canonical text of rows of cells (a sheet's used range, or a part of it). */
export function canonicalText(rows: readonly Row[]): string {
  const lines = [CANONICAL_FORMAT];
  const height = contentHeight(rows);
  for (let index = 0; index < height; index++) lines.push(canonicalLine(rows[index] ?? []));
  return lines.map((line) => `${line}\n`).join("");
}

/** SHA-256 of text (as UTF-8), in hex. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/**
 * The SHA-256 of `canonicalText(rows)`, fed line by line so a sheet of a million rows is never
 * held as one string.
 */
export function canonicalHash(rows: readonly Row[]): string {
  const hash = sha256.create();
  hash.update(utf8ToBytes(`${CANONICAL_FORMAT}\n`));
  const height = contentHeight(rows);
  for (let index = 0; index < height; index++) {
    hash.update(utf8ToBytes(`${canonicalLine(rows[index] ?? [])}\n`));
  }
  return bytesToHex(hash.digest());
}
