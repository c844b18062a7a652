/**
 * CSV files of any size, read in chunks and scanned in place: each record is handed over as
 * ranges of the decoded chunk (no string per field, no array per row), with its line number.
 * RFC 4180 quoting (a quoted field may hold the delimiter, doubled quotes and line breaks), CRLF
 * or LF, a UTF-8 byte-order mark; fields are trimmed of spaces and tabs as cells are.
 */
import { isAscii } from "node:buffer";
import { closeSync, openSync, readSync } from "node:fs";
import type { Issue } from "../domain/issues";
import type { TextRow } from "../domain/reconcileStream";
import type { Row } from "../domain/sheet";

const CHUNK_BYTES = 4 * 1024 * 1024;
export const MAX_FIELDS = 4096;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

export type RecordSink = (line: number, row: TextRow) => void;

/** A record as the scanner hands it over; reused from record to record. */
export class MutableRow implements TextRow {
  text = "";
  readonly starts = new Int32Array(MAX_FIELDS);
  readonly ends = new Int32Array(MAX_FIELDS);
  count = 0;
  escaped: (string | undefined)[] | null = null;
}

/** Scans records out of text; keeps the line count and the unfinished tail between chunks. */
export class CsvScanner {
  private line = 1;
  private readonly row = new MutableRow();
  readonly issues: Issue[] = [];
  private readonly delimiter: number;
  private readonly delimiterText: string;

  /** `simpleLines: false` reads every record the general way (the reference its tests use). */
  constructor(
    delimiter: string,
    private readonly fileName: string,
    private readonly options: { readonly simpleLines: boolean } = { simpleLines: true },
  ) {
    this.delimiter = delimiter.charCodeAt(0);
    this.delimiterText = delimiter;
  }

  /**
   * One record on a line of its own with no quote and no lone CR — nearly every line of a
   * position file — split with `indexOf`, which V8 runs natively, rather than a test per
   * character (the scanner was the largest cost in the profile of a 5M-row run). `scan` reads
   * every other record itself.
   */
  private simpleRecord(
    text: string,
    start: number,
    lineEnd: number,
    skipTabs: boolean,
    sink: RecordSink,
  ): void {
    const row = this.row;
    const contentEnd =
      lineEnd > start && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
    let count = 0;
    let fieldStart = start;
    for (;;) {
      let fieldEnd = text.indexOf(this.delimiterText, fieldStart);
      if (fieldEnd < 0 || fieldEnd > contentEnd) fieldEnd = contentEnd;
      let from = fieldStart;
      let to = fieldEnd;
      for (let c = text.charCodeAt(from); from < to && (c === SPACE || (c === TAB && skipTabs));)
        c = text.charCodeAt(++from);
      for (let c = text.charCodeAt(to - 1); to > from && (c === SPACE || (c === TAB && skipTabs));)
        c = text.charCodeAt(--to - 1);
      if (count < MAX_FIELDS) {
        row.starts[count] = from;
        row.ends[count] = to;
      }
      count++;
      if (fieldEnd >= contentEnd) break;
      fieldStart = fieldEnd + 1;
    }
    row.escaped = null;
    row.count = Math.min(count, MAX_FIELDS);
    const line = this.line++;
    sink(line, row);
  }

  /**
   * Emits every complete record of `text`; returns where the unfinished tail starts (text.length
   * when none). With `final`, the tail is a record too.
   */
  scan(text: string, final: boolean, sink: RecordSink): number {
    const row = this.row;
    row.text = text;
    const n = text.length;
    const delimiter = this.delimiter;
    const skipTabs = delimiter !== TAB;
    let i = 0;
    // where the next quote and CR are (n: none); a line before both is simple
    let nextQuote = -1;
    let nextCr = -1;
    while (i < n) {
      if (nextQuote < i) nextQuote = indexOrEnd(text, '"', i);
      if (nextCr < i) nextCr = indexOrEnd(text, "\r", i);
      const lineEnd = text.indexOf("\n", i);
      if (
        this.options.simpleLines &&
        lineEnd >= 0 &&
        nextQuote > lineEnd &&
        nextCr >= lineEnd - 1
      ) {
        this.simpleRecord(text, i, lineEnd, skipTabs, sink);
        i = lineEnd + 1;
        continue;
      }
      const recordStart = i;
      const recordLine = this.line;
      let breaks = 0;
      let count = 0;
      row.escaped = null;
      let complete = false;
      for (;;) {
        // one field
        let c = text.charCodeAt(i);
        while (i < n && (c === SPACE || (c === TAB && skipTabs))) c = text.charCodeAt(++i);
        let start = i;
        let end: number;
        if (c === QUOTE) {
          let j = i + 1;
          let doubled = false;
          for (;;) {
            j = text.indexOf('"', j);
            if (j < 0 || (j + 1 >= n && !final)) break;
            if (text.charCodeAt(j + 1) === QUOTE) {
              doubled = true;
              j += 2;
              continue;
            }
            break;
          }
          if (j < 0) {
            if (!final) return recordStart;
            this.issues.push(this.quoteIssue(recordLine));
            j = n;
          }
          if (j + 1 >= n && !final && j < n) return recordStart;
          for (let k = i + 1; k < j; k++) if (text.charCodeAt(k) === LF) breaks++;
          let inner = text.slice(i + 1, j);
          if (doubled) inner = inner.replaceAll('""', '"');
          const trimmed = inner.trim();
          if (count < MAX_FIELDS) {
            if (doubled || trimmed.length !== inner.length || inner.includes("\n")) {
              row.escaped ??= [];
              row.escaped[count] = trimmed;
            }
            const lead = inner.length - inner.trimStart().length;
            row.starts[count] = i + 1 + lead;
            row.ends[count] = i + 1 + lead + trimmed.length;
          }
          i = j + 1;
          // anything between the closing quote and the delimiter is kept out, as spreadsheets do
          while (i < n) {
            c = text.charCodeAt(i);
            if (c === delimiter || c === LF || c === CR) break;
            i++;
          }
          count++;
        } else {
          while (i < n && c !== delimiter && c !== LF && c !== CR) c = text.charCodeAt(++i);
          end = i;
          while (end > start) {
            const last = text.charCodeAt(end - 1);
            if (last !== SPACE && !(last === TAB && skipTabs)) break;
            end--;
          }
          if (count < MAX_FIELDS) {
            row.starts[count] = start;
            row.ends[count] = end;
          }
          count++;
          start = end;
        }
        if (i >= n) {
          if (!final) return recordStart;
          complete = true;
          break;
        }
        c = text.charCodeAt(i);
        if (c === delimiter) {
          i++;
          if (i >= n && !final) return recordStart;
          continue;
        }
        if (c === CR) {
          if (i + 1 >= n && !final) return recordStart;
          i++;
          if (text.charCodeAt(i) === LF) i++;
        } else i++; // LF
        complete = true;
        break;
      }
      if (complete) {
        row.count = Math.min(count, MAX_FIELDS);
        this.line += 1 + breaks;
        sink(recordLine, row);
      }
    }
    return n;
  }

  private quoteIssue(line: number): Issue {
    return {
      code: "csv_quotes_must_be_balanced",
      severity: "error",
      where: { sheet: this.fileName, row: line },
      message: `${this.fileName} › line ${line}: a quoted field is not closed; the record from here on may have swallowed the following lines.`,
      hint: "Open the file in a text editor, fix the quote (a quote inside a quoted field is written twice), and run again.",
    };
  }
}

function indexOrEnd(text: string, search: string, from: number): number {
  const found = text.indexOf(search, from);
  return found < 0 ? text.length : found;
}

/** The cells of a scanned record, as strings (for the first rows and for slow paths). */
export function rowCells(row: TextRow): string[] {
  const cells: string[] = [];
  for (let i = 0; i < row.count; i++)
    cells.push(row.escaped?.[i] ?? row.text.slice(row.starts[i]!, row.ends[i]!));
  return cells;
}

/**
 * Reads `path` in chunks of `chunkBytes` (a test makes them small) and hands every record to
 * `sink`; returns the scanner's issues.
 */
export function scanCsvFile(
  path: string,
  delimiter: string,
  fileName: string,
  sink: RecordSink,
  chunkBytes = CHUNK_BYTES,
): readonly Issue[] {
  const fd = openSync(path, "r");
  try {
    const scanner = new CsvScanner(delimiter, fileName);
    const decoder = new TextDecoder("utf-8");
    let buffer = Buffer.allocUnsafe(2 * chunkBytes);
    // While every chunk so far was ASCII the decoder holds no partial character, so a chunk is
    // read as Latin-1 (a copy) instead of through the UTF-8 decoder (a quarter of the scan's time
    // in the profile), and the unfinished record's bytes (`kept`) move to the buffer's front to
    // be read again with the next chunk: each chunk is then one flat string. (Joining the tail's
    // text to the next chunk's made a rope, slower to read a character at a time: the scan took
    // half as long again.) The first chunk that is not ASCII hands the rest to the decoder, and
    // the tail is then text (`tail`).
    let ascii = true;
    let kept = 0;
    let tail = "";
    for (;;) {
      if (kept + chunkBytes > buffer.length) {
        // a record longer than a chunk
        const bigger = Buffer.allocUnsafe(2 * (kept + chunkBytes));
        buffer.copy(bigger, 0, 0, kept);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, kept, chunkBytes, null);
      const final = read === 0;
      const bytes = buffer.subarray(kept, kept + read);
      if (ascii && !final && !isAscii(bytes)) {
        ascii = false;
        tail = buffer.toString("latin1", 0, kept);
        kept = 0;
      }
      const text = ascii
        ? buffer.toString("latin1", 0, kept + read)
        : tail + (final ? decoder.decode() : decoder.decode(bytes, { stream: true }));
      const consumed = scanner.scan(text, final, sink);
      if (final) break;
      if (ascii) {
        buffer.copy(buffer, 0, consumed, kept + read);
        kept += read - consumed;
      } else tail = text.slice(consumed);
    }
    return scanner.issues;
  } finally {
    closeSync(fd);
  }
}

/** The first bytes of a file as text, for the delimiter and the header. */
export function readHead(path: string, bytes = 1024 * 1024): { text: string; whole: boolean } {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return { text: new TextDecoder("utf-8").decode(buffer.subarray(0, read)), whole: read < bytes };
  } finally {
    closeSync(fd);
  }
}

const CANDIDATE_DELIMITERS = [",", ";", "\t"] as const;

/** The first records of `text`, as rows indexed by line (rows[0] is line 1). */
export function headRows(text: string, whole: boolean, delimiter: string, limit: number): Row[] {
  const rows: Row[] = [];
  const scanner = new CsvScanner(delimiter, "");
  let records = 0;
  // only the lines that can hold the first `limit` records (with room for quoted line breaks):
  // scanning all of a large head for each candidate delimiter was most of a run's start
  let end = 0;
  for (let lines = 0; lines <= 2 * limit + 1 && end < text.length; lines++) {
    const next = text.indexOf("\n", end);
    end = next < 0 ? text.length : next + 1;
  }
  const head = end >= text.length ? text : text.slice(0, end);
  scanner.scan(head, whole && head === text, (line, row) => {
    if (records++ >= limit) return;
    while (rows.length < line - 1) rows.push([]);
    rows.push(rowCells(row));
  });
  return rows;
}

/**
 * The delimiter that splits most of the first records into one same number of fields (more than
 * one); on a tie, the one giving more fields — the rule `stockrec import` uses. Comma when none.
 */
export function guessDelimiter(text: string, whole: boolean): string {
  let best = { delimiter: ",", agreeing: 0, fields: 0 };
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const counts = new Map<number, number>();
    for (const row of headRows(text, whole, delimiter, 50)) {
      if (row.length > 1) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    }
    for (const [fields, agreeing] of counts) {
      if (agreeing > best.agreeing || (agreeing === best.agreeing && fields > best.fields))
        best = { delimiter, agreeing, fields };
    }
  }
  return best.delimiter;
}
