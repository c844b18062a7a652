/**
 * Which statement format a file holds, and its text. People save statements under any name
 * (`statement.txt`, `MT535.fin`, `export (3).csv`), so the content decides first and the
 * extension only when the content says nothing: an .xlsx is a zip archive, a BAI2 file starts
 * with its `01,` header, a SWIFT file names its message type in block 2 or shows the fields
 * that only one type carries.
 */
import type { Issue } from "../issues";

export type StatementFormat = "xlsx" | "csv" | "mt535" | "mt940" | "mt950" | "bai2" | "unknown";

export interface FormatDetection {
  readonly format: StatementFormat;
  /** Why: what was found (`SWIFT block 2 names an MT535`), or why nothing fits. */
  readonly reason: string;
}

/** What people call each format, for messages and summaries. */
export const FORMAT_LABELS: Readonly<Record<StatementFormat, string>> = {
  xlsx: "Excel workbook",
  csv: "CSV file",
  mt535: "SWIFT MT535 statement of holdings",
  mt940: "SWIFT MT940 customer statement",
  mt950: "SWIFT MT950 statement",
  bai2: "BAI2 balance report",
  unknown: "file of unknown format",
};

/** Enough of the file to see its header blocks and first fields; a statement starts with them. */
const SNIFF_BYTES = 256 * 1024;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const EXTENSIONS: Readonly<Record<string, StatementFormat>> = {
  xlsx: "xlsx",
  xlsm: "xlsx",
  csv: "csv",
  tsv: "csv",
  txt: "csv",
  bai: "bai2",
  bai2: "bai2",
  mt535: "mt535",
  "535": "mt535",
  sta: "mt940",
  mt940: "mt940",
  "940": "mt940",
  mt950: "mt950",
  "950": "mt950",
};

/** The format of a statement file: by content first, then by extension; "unknown" if neither. */
export function detectStatementFormat(fileName: string, bytes: Uint8Array): StatementFormat {
  return detectFormat(fileName, bytes).format;
}

/** As detectStatementFormat, with the reason to show the user. */
export function detectFormat(fileName: string, bytes: Uint8Array): FormatDetection {
  if (bytes.length === 0) return { format: "unknown", reason: "the file is empty" };
  if (startsWith(bytes, ZIP_MAGIC)) {
    return { format: "xlsx", reason: "it is a zip archive, as every .xlsx workbook is" };
  }
  if (startsWith(bytes, OLE_MAGIC)) {
    return {
      format: "unknown",
      reason:
        "it is an older .xls workbook or a password-protected file; save it from Excel as .xlsx (without a password) and import that",
    };
  }
  const sample = sniffText(bytes.subarray(0, SNIFF_BYTES));
  if (looksBinary(sample)) {
    return { format: "unknown", reason: "it holds binary data, not text or a workbook" };
  }
  return detectTextFormat(sample) ?? detectByExtension(fileName);
}

function detectTextFormat(text: string): FormatDetection | null {
  if (looksLikeBai2(text)) return { format: "bai2", reason: "it starts with a BAI2 01 header" };
  const swiftType = /\{2:[IO]?(\d{3})/.exec(text)?.[1];
  if (swiftType !== undefined) return swiftByMessageType(swiftType);
  if (hasTag(text, "16R", "GENL") && hasTag(text, "35B")) {
    return { format: "mt535", reason: "it has the :16R:GENL and :35B: fields of an MT535" };
  }
  if (hasTag(text, "60F") || hasTag(text, "60M")) {
    // MT950 travels between banks with its SWIFT headers; a bare text block with an opening
    // balance is a bank's export of a customer statement, which is an MT940.
    const narrative = hasTag(text, "86") ? " and :86: narratives" : "";
    return {
      format: "mt940",
      reason: `it has an opening balance (:60F:/:60M:)${narrative} and no SWIFT header naming another type`,
    };
  }
  return null;
}

function swiftByMessageType(type: string): FormatDetection {
  const reason = `its SWIFT application header (block 2) names an MT${type}`;
  if (type === "535") return { format: "mt535", reason };
  if (type === "940") return { format: "mt940", reason };
  if (type === "950") return { format: "mt950", reason };
  return {
    format: "unknown",
    reason: `${reason}; StockRec imports MT535 holdings and MT940/MT950 cash statements only`,
  };
}

/** `01,` then a record terminated by `/` or followed by a 02 group header. */
function looksLikeBai2(text: string): boolean {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("01,")) return false;
  const firstLine = trimmed.split(/\r\n|\n|\r/, 1)[0] ?? "";
  return firstLine.includes("/") || /(^|[\n\r/])\s*02,/.test(trimmed);
}

/** A SWIFT field starts a line (or block 4): `:35B:`, or `:16R:GENL` when a value is given. */
function hasTag(text: string, tag: string, value = ""): boolean {
  return new RegExp(`(^|[\\r\\n{]):${tag}:${value}`, "m").test(text);
}

function detectByExtension(fileName: string): FormatDetection {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const format = extension === undefined ? undefined : EXTENSIONS[extension];
  if (format !== undefined) {
    return {
      format,
      reason: `its contents name no format, and the extension .${extension} means ${FORMAT_LABELS[format]}`,
    };
  }
  return {
    format: "unknown",
    reason:
      "its contents are not an .xlsx workbook, a BAI2 file or a SWIFT MT535/MT940/MT950 message, and its extension does not say CSV",
  };
}

/**
 * The start of the file as text, for looking only: the cut may split a character, so invalid
 * sequences become U+FFFD here instead of switching the whole sample to another encoding.
 */
function sniffText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16(bytes.subarray(2), true);
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16(bytes.subarray(2), false);
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(body);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

/** NUL and most control characters never appear in a text statement. */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 4096);
  let control = 0;
  for (const character of head) {
    const code = character.charCodeAt(0);
    if (code === 0) return true;
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) {
      control++;
    }
  }
  return control > head.length / 100 + 2;
}

// ---------------------------------------------------------------------------------------------
// Text

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface DecodedText {
  /** The text without its byte-order mark. */
  readonly text: string;
  readonly encoding: TextEncoding;
  /** An info issue when the bytes were not UTF-8 and were read as Windows-1252 instead. */
  readonly issues: readonly Issue[];
}

/**
 * Bytes → text. UTF-8 (with or without a byte-order mark) is what SWIFT and BAI2 files and
 * modern exports use; Excel's "Unicode Text" is UTF-16 with a BOM; older Windows exports are
 * Windows-1252, the superset of Latin-1 that Excel writes, so bytes that are not valid UTF-8
 * are read that way (every byte is a character there, so nothing is lost) and an issue says so.
 */
export function decodeText(bytes: Uint8Array, fileName: string): DecodedText {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const utf8 = decodeUtf8(bytes.subarray(3));
    if (utf8 !== null) return { text: utf8, encoding: "utf-8", issues: [] };
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { text: decodeUtf16(bytes.subarray(2), true), encoding: "utf-16le", issues: [] };
  }
  if (startsWith(bytes, [0xfe, 0xff])) {
    return { text: decodeUtf16(bytes.subarray(2), false), encoding: "utf-16be", issues: [] };
  }
  const utf8 = decodeUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: "utf-8", issues: [] };
  return {
    text: decodeWindows1252(bytes),
    encoding: "windows-1252",
    issues: [
      {
        code: "text_encoding_is_not_utf8",
        severity: "info",
        where: { sheet: fileName },
        message: `${fileName}: the file is not valid UTF-8, so it was read as Windows-1252 (Latin-1), the encoding older Windows exports use.`,
        hint: "Check accented names and symbols such as € in the imported sheet; ask for a UTF-8 file if they look wrong.",
      },
    ],
  };
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    // ignoreBOM keeps a second BOM (or one that decodeText did not strip) as a character.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** By hand: TextDecoder's UTF-16BE needs full ICU, which not every Node build has. */
function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  const units: string[] = [];
  for (let index = 0; index + 1 < bytes.length; index += 2) {
    const first = bytes[index]!;
    const second = bytes[index + 1]!;
    units.push(String.fromCharCode(littleEndian ? first | (second << 8) : (first << 8) | second));
  }
  return units.join("");
}

/** Windows-1252 differs from Latin-1 only in 0x80–0x9F; the five unassigned bytes stay as is. */
const WINDOWS_1252_HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
  0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const characters: string[] = [];
  for (const byte of bytes) {
    const code = byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80]! : byte;
    characters.push(String.fromCharCode(code));
  }
  return characters.join("");
}
