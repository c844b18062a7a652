/**
 * The securities reconciliation of FINRA Rule 4522(b)(1), fed one row at a time: rows are
 * aggregated per (security, contra) as they arrive and never kept, so a source larger than a
 * worksheet (millions of rows, streamed from a file by the CLI) runs in bounded memory, and rows
 * already in memory (the task pane's arrays of cells) run without building a record per row.
 *
 * It gives the same breaks, totals and issues as `parsePositionSheet` + `checkSource` +
 * `reconcile` for the inputs it takes (stock record and statements; no locations map, security
 * master or prices sheet). Rows in the common shape — a valid CUSIP as written, a plain decimal
 * quantity — take a fast path of integer arithmetic on the text; every other row goes through
 * `parsePositionRow`, the workbook path's own parser, so both paths agree by construction.
 * Quantities stay exact: sums are integers in doubles while they fit in 53 bits, then bigints.
 */
import {
  checkIssuesFromFacts,
  SPLITS_SHOWN,
  exactDuplicateIssue,
  rowsAfterGapIssue,
  type SourceFacts,
  type SplitPosition,
} from "./checks";
import {
  abs,
  add,
  compare,
  ExactSums,
  sign,
  type Column,
  type ColumnMaker,
  type ColumnType,
  type Decimal,
  type SumsPart,
} from "./decimal";
import type { HeaderMatch, PositionField } from "./headers";
import type { IsoDate } from "./isoDate";
import type { Issue } from "./issues";
import {
  asOfFromInputs,
  rowsWithErrors,
  type InputSummary,
  type ReconciliationOutcome,
} from "./monthlyReconciliation";
import {
  contraKey,
  headerIssues,
  noPositionsIssue,
  parsePositionRow,
  preparePositionSheet,
  sheetContra,
  titleDates,
  TOTAL_WORD,
  type ParseOptions,
  type PositionRecord,
  type SourceRef,
} from "./positions";
import {
  breakId,
  breakIdOfKey,
  compareBreakPlaces,
  contrasWithoutBooksIssues,
  conservationIssues,
  directionOf,
  unreconciledIssues,
  type Break,
  type ContraSummary,
} from "./reconcile";
import { isBlank, type CellValue, type Row, type SheetSnapshot } from "./sheet";
import {
  parseDateCell,
  parsePlainDecimalRange,
  scaledFromNumber,
  type ScaledNumber,
} from "./values";

/** A row of text fields, as a CSV scanner hands it over without making a string per field. */
export interface TextRow {
  /** The text the fields are ranges of. */
  readonly text: string;
  /** Field i is text[starts[i], ends[i]), already trimmed of spaces and tabs. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
  /** Field i's text when it had to be unescaped (a quoted field with doubled quotes), else undefined. */
  readonly escaped: readonly (string | undefined)[] | null;
}

export interface StreamSourceOptions extends ParseOptions {
  /** Where issues point (the sheet, or the file's name). */
  readonly sheet: string;
  /** The statement's contra when neither `contra` nor a contra column names one (default: `sheet`). */
  readonly defaultContra?: string;
  /** False for CSV: every cell is text there, so "numbers stored as text" is not a finding. */
  readonly typedCells: boolean;
}

export interface StreamOptions {
  /** Books locations that are the firm's own difference accounts (settings.differenceLocations). */
  readonly differenceLocations: readonly string[];
  /** About how many (security, contra) keys to expect, to size the table once; a hint only. */
  readonly expectedPositions?: number;
  /**
   * The roles whose rows (or parts) this stream will take: their columns are made now, not when
   * the first row comes. A host that makes the stream before it holds the rows (the pane, before
   * it reads the sheets) spares itself the collection of its heap of rows that allocating the
   * columns later sets off (`Side.active`): at 5M rows of cells, 4.6 s became 2.5 s.
   */
  readonly reads?: readonly ("books" | "statement")[];
  /**
   * For tests only: text rows hashed to this many bits (default 53) for the duplicate check, so
   * that the exact settling of rows of one hash (`settleDuplicates`) is put to work.
   */
  readonly rowHashBits?: number;
}

/** A source's split positions: how many, and the first SPLITS_SHOWN by first row. */
interface Splits {
  readonly count: number;
  readonly first: readonly SplitPosition[];
}

interface UnreadableRow {
  readonly securityKey: string;
  readonly contra: string;
  readonly source: SourceRef;
}

type CountedRows = { count: number; first: number[] };

/** A source's findings once its rows are read (`Source.part`): plain data, it crosses threads. */
export interface SourcePart {
  readonly issues: Issue[];
  readonly duplicateIssues: Issue[];
  readonly asOfFound: Set<IsoDate>;
  readonly contras: Map<string, string>;
  readonly unreadable: UnreadableRow[];
  readonly gapIssues: Issue[];
  readonly textQuantityRows: CountedRows;
  readonly missingPriceRows: CountedRows;
  readonly blankRows: CountedRows;
  readonly nonZeroQuantities: number;
  readonly positiveQuantities: number;
  readonly dataRowCount: number;
  readonly records: number;
}

/**
 * What a stream found in the sources of one role it read — the books, or the statements —
 * (`part`), for `merge` into the stream that read the others meanwhile, in another thread. Plain
 * data and typed arrays, so it crosses threads by structured clone (the arrays can be
 * transferred). Indexes of contras and locations are the part's own; `contras` and `locations`
 * say what they stand for; source and sheet indexes are both streams' (they open the same
 * sources in the same order). A bucket's duplicates and split rows were judged where the rows
 * were read, so its first row's content hash and spelling do not travel.
 */
export interface SidePart {
  readonly role: "books" | "statement";
  /** By source index: what each source of the role found, with its split positions. */
  readonly sources: readonly ({ readonly found: SourcePart; readonly splits: Splits } | null)[];
  /** By the part's contra index: the role's view of each contra. */
  readonly contras: readonly {
    readonly key: string;
    readonly written: string | null;
    readonly rows: CountedRows;
    readonly firstRow: SourceRef | null;
  }[];
  readonly totals: SumsPart;
  /** The books' contras in the order of their first row (books only). */
  readonly contraOrder: readonly number[];
  readonly locations: readonly string[];
  readonly differenceRecords: readonly PositionRecord[];
  readonly differenceRecordSheets: readonly number[];
  readonly bucketCount: number;
  readonly code: Float64Array;
  readonly contra: Int32Array;
  readonly location: Int32Array;
  readonly keyStrings: ReadonlyMap<number, string>;
  readonly moreLocations: ReadonlyMap<number, readonly number[]>;
  readonly sums: SumsPart;
  readonly count: Int32Array;
  readonly firstRow: Int32Array;
  readonly firstSheet: Uint16Array;
  /**
   * Each bucket's rows beyond its first, flat (transferable; a Map of arrays took long to
   * clone): its bucket, how many numbers follow, then its quads (`ExtraRows`).
   */
  readonly extraRows: Float64Array;
  readonly securityIds: ReadonlyMap<number, string>;
  readonly descriptions: ReadonlyMap<number, string>;
}

/**
 * Rows beyond the first of a bucket's side: [sheet, row, hash, id] quads; `id` is 0 when the row
 * writes the security as its key, else 1 + the index of how it writes it (an ISIN, say).
 */
type ExtraRows = number[];

const CUSIP_CONTRA_SLOTS = 2048;
/** How many buckets' slots `makeReady` writes ahead at a time. */
const READY_SLOTS = 1 << 16;
const NO_LOCATION = -1;
/**
 * A row's `id` says how it writes its position, as the split check groups rows:
 * (how it writes the security) × SPELLINGS + (how it writes the contra). The first factor is 0
 * for the security written as its key, else 1 + the index of how it is written (an ISIN, say).
 */
const SPELLINGS = 1 << 20;
/** `Side.firstId` of an id past an Int32 (over 2047 ways of writing securities), kept in a map. */
const ID_ELSEWHERE = 2 ** 31 - 1;

/** Field columns of a source, 0-based, −1 when absent. */
interface Columns {
  readonly id: number;
  readonly quantity: number;
  readonly contra: number;
  readonly location: number;
  readonly account: number;
  readonly description: number;
  readonly asOf: number;
  readonly price: number;
}

function columnsOf(header: HeaderMatch): Columns {
  const at = (field: PositionField): number => (header.columns[field] ?? 0) - 1;
  return {
    id: at("securityId"),
    quantity: at("quantity"),
    contra: at("contra"),
    location: at("location"),
    account: at("account"),
    description: at("description"),
    asOf: at("asOf"),
    price: at("price"),
  };
}

/** A place cell's text as `commonCellsRows` read it (`commonPlace`). */
interface CommonPlace {
  readonly cell: string;
  readonly contra: number;
  readonly spelling: number;
  /** Books: the location (not a difference location) and the contra's row count; else none. */
  readonly location: number;
  readonly booksRows: CountedRows | null;
}

/** How many place cells a source keeps read (`commonPlace`); a source with more reads the rest each time. */
const COMMON_PLACES = 16;

/** What is known about one source while its rows stream past. */
/** A text row whose hash some earlier rows of its bucket share: a duplicate if one is equal. */
interface SuspectDuplicate {
  readonly row: number;
  /** Earlier rows of the same sheet and hash, in order. */
  readonly earlier: readonly number[];
  /** Where its issue goes in `duplicateIssues` (issues are in row order). */
  readonly at: number;
}

class Source {
  issues: Issue[] = [];
  duplicateIssues: Issue[] = [];
  /** Text rows only: suspects until `settleDuplicates` compares their text. */
  suspectDuplicates: SuspectDuplicate[] = [];
  asOfFound = new Set<IsoDate>();
  contras = new Map<string, string>();
  unreadable: UnreadableRow[] = [];
  readonly columns: Columns;
  readonly ownContraIndex: number;
  /** 0 for the books, 1 for a statement. */
  readonly roleIndex: number;
  /**
   * The column a common row's place is read from (`commonCellsRows`): the books' location, a
   * statement's contra; −1 for a statement of one contra.
   */
  readonly placeColumn: number;
  /** Whether `commonCellsRows` can take its rows (its columns allow it). */
  readonly takesCommonRows: boolean;
  /** The statement's own contra (chosen, or the default when there is no contra column), or "". */
  ownContra = "";
  ownSpelling = 0;
  /** Rows that made no bucket row (errors, difference locations): content → first row. */
  readonly otherRows = new Map<string, number>();
  gapIssues: Issue[] = [];
  textQuantityRows = { count: 0, first: [] as number[] };
  missingPriceRows = { count: 0, first: [] as number[] };
  blankRows = { count: 0, first: [] as number[] };
  /** The split positions, when another stream read the rows and found them (`mergeBooks`). */
  splits: Splits | null = null;
  nonZeroQuantities = 0;
  positiveQuantities = 0;
  /** The place cells of its common rows, read (`commonPlace`). */
  readonly places: CommonPlace[] = [];
  /** Contra indexes this source has written, so each is noted once. */
  readonly seenContras: boolean[] = [];
  dataRowCount = 0;
  records = 0;
  /** A sheet of cells: its rows, for the duplicate check (`addCellsRows`); null for text. */
  rows: readonly Row[] | null = null;
  /** The rows kept from `addCellsBlock` (then also `rows`). */
  blocks: Row[] | null = null;
  lastRow = 0;
  private pendingBlankRows: number[] = [];
  private sawData = false;
  private gapStart: number | null = null;
  private lastAsOfText = "";
  private lastAsOf: IsoDate | null = null;

  constructor(
    readonly index: number,
    readonly options: StreamSourceOptions,
    readonly header: HeaderMatch,
    ownContraIndex: number,
    head: SheetSnapshot,
  ) {
    this.columns = columnsOf(header);
    this.ownContraIndex = ownContraIndex;
    this.roleIndex = options.role === "books" ? 0 : 1;
    const columns = this.columns;
    const books = options.role === "books";
    this.placeColumn = books ? columns.location : ownContraIndex >= 0 ? -1 : columns.contra;
    this.takesCommonRows =
      columns.id >= 0 &&
      columns.quantity >= 0 &&
      columns.asOf < 0 &&
      (books
        ? columns.contra < 0 && this.placeColumn >= 0 && columns.price < 0
        : ownContraIndex >= 0 || this.placeColumn >= 0);
    this.issues.push(...headerIssues(options.sheet, header));
    for (const date of titleDates(head, header)) this.asOfFound.add(date);
  }

  /** What this source found, once its rows are read, for a stream in another thread. */
  part(): SourcePart {
    return {
      issues: this.issues,
      duplicateIssues: this.duplicateIssues,
      asOfFound: this.asOfFound,
      contras: this.contras,
      unreadable: this.unreadable,
      gapIssues: this.gapIssues,
      textQuantityRows: this.textQuantityRows,
      missingPriceRows: this.missingPriceRows,
      blankRows: this.blankRows,
      nonZeroQuantities: this.nonZeroQuantities,
      positiveQuantities: this.positiveQuantities,
      dataRowCount: this.dataRowCount,
      records: this.records,
    };
  }

  /** Takes what the same source, read by a stream in another thread, found (`part`). */
  take(part: SourcePart, splits: Splits): void {
    assert(this.dataRowCount === 0 && this.records === 0, "a source taken in has read no rows");
    this.issues = part.issues;
    this.duplicateIssues = part.duplicateIssues;
    this.asOfFound = part.asOfFound;
    this.contras = part.contras;
    this.unreadable = part.unreadable;
    this.gapIssues = part.gapIssues;
    this.textQuantityRows = part.textQuantityRows;
    this.missingPriceRows = part.missingPriceRows;
    this.blankRows = part.blankRows;
    this.nonZeroQuantities = part.nonZeroQuantities;
    this.positiveQuantities = part.positiveQuantities;
    this.dataRowCount = part.dataRowCount;
    this.records = part.records;
    this.splits = splits;
  }

  facts(splits: Splits): SourceFacts {
    return {
      sheet: this.options.sheet,
      role: this.options.role,
      header: this.header,
      textQuantityRows: this.textQuantityRows,
      missingPriceRows: this.missingPriceRows,
      blankRows: this.blankRows,
      nonZeroQuantities: this.nonZeroQuantities,
      positiveQuantities: this.positiveQuantities,
      splits: splits.first,
      splitCount: splits.count,
      asOfFound: [...this.asOfFound].sort(),
    };
  }

  /** Counts a record's quantity for the "all negative" check. */
  quantitySign(sign: number): void {
    if (sign === 0) return;
    this.nonZeroQuantities++;
    if (sign > 0) this.positiveQuantities++;
  }

  /** A blank row: counted as skipped once a later row shows it was inside the data. */
  blank(row: number): void {
    if (row <= this.header.headerRow) return;
    this.pendingBlankRows.push(row);
    if (this.sawData && this.gapStart === null) this.gapStart = row;
  }

  /**
   * A non-blank data row. Returns true when it closes a gap of blank rows, and the caller then
   * hands its cells to `closeGap` — taking a callback instead would allocate a closure per row.
   */
  data(row: number): boolean {
    this.dataRowCount++;
    this.lastRow = row;
    if (this.pendingBlankRows.length > 0) {
      for (const blank of this.pendingBlankRows) note(this.blankRows, blank);
      this.pendingBlankRows = [];
    }
    this.sawData = true;
    return this.gapStart !== null;
  }

  /** Whether the next data row needs no `data` bookkeeping beyond counting (no blank rows wait). */
  get plainData(): boolean {
    return this.pendingBlankRows.length === 0 && this.gapStart === null;
  }

  /** `data` for `count` rows in a row ending at `lastRow`, while `plainData`. */
  dataRun(count: number, lastRow: number): void {
    if (count === 0) return;
    this.dataRowCount += count;
    this.lastRow = lastRow;
    this.sawData = true;
  }

  /** The row below a gap: the gap is a finding unless the row is a total row. */
  closeGap(row: number, cells: readonly CellValue[]): void {
    assert(this.gapStart !== null, "closeGap follows a data() that returned true");
    const total = cells.some((c) => typeof c === "string" && TOTAL_WORD.test(c));
    if (!total) this.gapIssues.push(rowsAfterGapIssue(this.options.sheet, row, this.gapStart));
    this.gapStart = null;
  }

  /** The row's as-of date, parsed once per distinct text. */
  asOf(text: string): IsoDate | null | "bad" {
    if (text === this.lastAsOfText) return this.lastAsOf;
    const parsed = parseDateCell(text);
    if (!parsed.ok) return "bad";
    this.lastAsOfText = text;
    this.lastAsOf = parsed.value;
    return parsed.value;
  }
}

/** `BooksPart.extraRows` of a side's rows beyond the first. */
function flatExtraRows(extraRows: ReadonlyMap<number, ExtraRows>): Float64Array {
  let length = 0;
  for (const extra of extraRows.values()) length += 2 + extra.length;
  const flat = new Float64Array(length);
  let at = 0;
  for (const [bucket, extra] of extraRows) {
    flat[at] = bucket;
    flat[at + 1] = extra.length;
    flat.set(extra, at + 2);
    at += 2 + extra.length;
  }
  return flat;
}

/** Programmer errors (a broken invariant), not bad input: those are issues. */
function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`reconcileStream: ${message}`);
}

function note(list: { count: number; first: number[] }, row: number): void {
  list.count++;
  if (list.first.length < 12) list.first.push(row);
}

/** FNV-1a over the characters and a second multiplicative hash, folded into 53 bits. */
function hashRange(text: string, start: number, end: number, h: [number, number]): void {
  let a = h[0];
  let b = h[1];
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
  }
  h[0] = Math.imul(a ^ 0x1f, 16777619);
  h[1] = Math.imul(b + 0x1f, 0x5bd1e995) ^ (b >>> 15);
}

/**
 * The 53-bit hash of its two 32-bit halves. A row's hash travels as the halves (int32s, which
 * V8 passes unboxed) and is folded where it is stored: passed as one double it was a heap
 * number per row.
 */
function foldHash(high: number, low: number): number {
  return (high >>> 0) * 2097152 + ((low >>> 0) & 0x1fffff);
}

/**
 * The CUSIP's first eight characters as a base-36 number when `text[start, end)` is a CUSIP that
 * `classifySecurityId` keys as itself (nine characters 0-9/A-Z, a digit among the first three,
 * the right check digit); −1 for anything else (the slow path then classifies it).
 */
export function cusipCode(text: string, start: number, end: number): number {
  if (end - start !== 9) return -1;
  // Tables rather than a division and a remainder per character: this runs on every row.
  // The code is built as two base-36 halves of four characters, each a small integer.
  let high = 0;
  let low = 0;
  let total = 0;
  for (let i = 0; i < 8; i++) {
    const c = text.charCodeAt(start + i);
    const value = c < 128 ? CUSIP_CHAR_VALUE[c]! : -1;
    if (value < 0) return -1;
    if (i < 4) high = high * 36 + value;
    else low = low * 36 + value;
    total += (i & 1) === 1 ? DIGIT_SUM_OF_DOUBLE[value]! : DIGIT_SUM[value]!;
  }
  const digitInFirstThree =
    isDigit(text.charCodeAt(start)) ||
    isDigit(text.charCodeAt(start + 1)) ||
    isDigit(text.charCodeAt(start + 2));
  const check = text.charCodeAt(start + 8) - 48;
  if (!digitInFirstThree || check !== (10 - (total % 10)) % 10) return -1;
  return high * 1679616 + low; // 36^4
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** A CUSIP character's value (0-9, then A-Z as 10-35), or −1; by character code below 128. */
const CUSIP_CHAR_VALUE = Int8Array.from({ length: 128 }, (_, c) =>
  c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : -1,
);
/** The check-digit sum's term for a value at an even position (as is) and an odd one (doubled). */
const DIGIT_SUM = Uint8Array.from({ length: 36 }, (_, v) => Math.floor(v / 10) + (v % 10));
const DIGIT_SUM_OF_DOUBLE = Uint8Array.from(
  { length: 36 },
  (_, v) => Math.floor((2 * v) / 10) + ((2 * v) % 10),
);

/** The CUSIP a `cusipCode` stands for, check digit included. */
export function cusipFromCode(code: number): string {
  // the nine character codes first, then one flat string (built a character at a time it was a
  // rope, copied again by everything that read it)
  const chars = CUSIP_CHARS;
  let rest = code;
  for (let i = 7; i >= 0; i--) {
    const next = Math.floor(rest / 36);
    const value = rest - next * 36; // not `rest % 36`: a remainder of doubles is a call into C
    rest = next;
    chars[i] = value < 10 ? 48 + value : 55 + value;
  }
  let total = 0;
  for (let i = 0; i < 8; i++) {
    const c = chars[i]!;
    const value = c <= 57 ? c - 48 : c - 55;
    total += (i & 1) === 1 ? DIGIT_SUM_OF_DOUBLE[value]! : DIGIT_SUM[value]!;
  }
  chars[8] = 48 + ((10 - (total % 10)) % 10);
  // nine arguments, not a spread array (a spread call showed for every break)
  const [c0, c1, c2, c3, c4, c5, c6, c7, c8] = chars as [number, ...number[]];
  return String.fromCharCode(c0, c1!, c2!, c3!, c4!, c5!, c6!, c7!, c8!);
}

const CUSIP_CHARS: number[] = new Array<number>(9).fill(0);

/**
 * Open addressing over doubles: (CUSIP code × 2048 + contra) → bucket. No object per key, so five
 * million keys take about 100 MB rather than the gigabyte a Map of strings would. Key and bucket
 * sit side by side in one array, so a lookup touches one cache line (the profile showed the
 * table's cache misses as the largest single cost of a row); a miss remembers its empty slot so
 * the insert that follows does not probe again.
 */
class CodeTable {
  /** [key, bucket] pairs; key −1 marks an empty slot (keys are ≥ 0). */
  private slots: Float64Array;
  private size = 0;
  private emptySlot = -1;

  constructor() {
    // made on first use, small: sorted input needs it only for the few keys out of order
    this.slots = new Float64Array(0);
  }

  private allocate(): void {
    this.slots = new Float64Array(2 * (1 << 12)).fill(-1);
  }

  private static slot(key: number, mask: number): number {
    // murmur3's finaliser: keys differ in a few middle bits (CUSIPs in order, a few contras),
    // which a single multiply left in probe runs four times as long
    // (no `key % 2 ** 32`: a remainder of doubles is a call into C)
    const high = Math.floor(key / 4294967296);
    let h = ((key - high * 4294967296) | 0) ^ Math.imul(high | 0, 0x27d4eb2d);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) & mask;
  }

  /** The bucket of `key`, or −1 (and `insert` may follow, for the same key). */
  get(key: number): number {
    if (this.slots.length === 0) this.allocate();
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = CodeTable.slot(key, mask); ; slot = (slot + 1) & mask) {
      const found = slots[slot * 2]!;
      if (found === key) return slots[slot * 2 + 1]!;
      if (found === -1) {
        this.emptySlot = slot;
        return -1;
      }
    }
  }

  /** Adds `key`, which the last `get` did not find. */
  insert(key: number, bucket: number): void {
    assert(this.emptySlot >= 0, "insert follows a get that missed");
    if ((this.size + 1) * 4 > this.slots.length) {
      this.grow();
      this.get(key);
    }
    this.slots[this.emptySlot * 2] = key;
    this.slots[this.emptySlot * 2 + 1] = bucket;
    this.emptySlot = -1;
    this.size++;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2).fill(-1);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === -1) continue;
      this.get(old[i]!);
      this.insert(old[i]!, old[i + 1]!);
    }
  }
}

/** One side (books or statement) of every bucket, as columns. */
class Side {
  sums: ExactSums;
  count: Int32Array;
  firstRow: Int32Array;
  firstSheet: Uint16Array;
  /** The first row's hash: only a file of text has one (`addRow`); a sheet compares its rows. */
  firstHash: Float64Array;
  /** The first row's `id` (see SPELLINGS) when below 2^31, else ID_ELSEWHERE and in `bigIds`. */
  firstId: Int32Array;
  private readonly bigIds = new Map<number, number>();
  readonly extraRows = new Map<number, ExtraRows>();
  /** The first row's identifier or description, when they differ from the key or are not blank. */
  readonly securityIds = new Map<number, string>();
  readonly descriptions = new Map<number, string>();
  /**
   * Whether the columns are made. A side's columns are made when its first row is read, or its
   * part merged in (`activate`): a thread reading one role never makes the other's. V8 counts
   * typed arrays as external memory, and past 64 MB of it a major collection of the host's heap
   * (its rows, in the pane) falls inside the run (--trace-gc: 90–200 ms at a million rows).
   */
  active = false;

  /** 0, or 2^bits when the stream was asked for weaker row hashes (`StreamOptions.rowHashBits`). */
  hashModulus = 0;

  constructor() {
    this.sums = new ExactSums(0);
    this.count = new Int32Array(0);
    this.firstRow = new Int32Array(0);
    this.firstSheet = new Uint16Array(0);
    this.firstHash = new Float64Array(0);
    this.firstId = new Int32Array(0);
  }

  /** Bytes per bucket of the columns made by `activate` (each rounded up to 8 bytes). */
  static readonly BYTES_PER_BUCKET = 8 + 1 + 4 + 4 + 2 + 4;

  /** Makes the columns (zero) for `capacity` buckets, in one buffer. */
  activate(capacity: number): void {
    if (this.active) return;
    this.active = true;
    const columns = columnsFrom(capacity * Side.BYTES_PER_BUCKET + 6 * 8);
    this.sums = new ExactSums(capacity, columns);
    this.count = columns(Int32Array, capacity);
    this.firstRow = columns(Int32Array, capacity);
    this.firstSheet = columns(Uint16Array, capacity);
    this.firstId = columns(Int32Array, capacity);
  }

  ensure(size: number): void {
    if (!this.active) return;
    this.sums.ensure(size);
    if (size <= this.count.length) return;
    const capacity = this.sums.capacity;
    this.count = grown(this.count, capacity);
    this.firstRow = grown(this.firstRow, capacity);
    this.firstSheet = grown(this.firstSheet, capacity);
    if (this.firstHash.length > 0) this.firstHash = grown(this.firstHash, capacity);
    this.firstId = grown(this.firstId, capacity);
  }

  /** The `id` of the bucket's first row on this side. */
  idOf(bucket: number): number {
    const id = this.firstId[bucket]!;
    return id === ID_ELSEWHERE ? this.bigIds.get(bucket)! : id;
  }

  /**
   * Adds a row; the row it duplicates exactly in the same sheet, or 0. A sheet of cells passes its
   * rows (`sheetRows[r - 1]` is row r, compared as the workbook check compares rows: exact, and
   * no string per cell as a hash needed); a file of text passes the row's hash (`foldHash`'s
   * halves) and null.
   */
  addRow(
    bucket: number,
    sheet: number,
    row: number,
    hashHigh: number,
    hashLow: number,
    id: number,
    sheetRows: readonly Row[] | null,
  ): number {
    // only a row of text is known by its hash; a sheet's rows are compared as they are
    const hash = sheetRows === null ? this.rowHash(hashHigh, hashLow) : 0;
    const count = this.count[bucket]!;
    if (count === 0) {
      this.addFirstRow(bucket, sheet, row, id);
      if (sheetRows === null) {
        if (this.firstHash.length < this.count.length)
          this.firstHash = grown(this.firstHash, this.count.length);
        this.firstHash[bucket] = hash;
      }
      return 0;
    }
    this.count[bucket] = count + 1;
    const first = this.firstRow[bucket]!;
    let extra = this.extraRows.get(bucket);
    if (extra === undefined) this.extraRows.set(bucket, (extra = []));
    if (sheetRows === null) {
      // text: every earlier row of the same hash is a suspect, settled exactly later
      const suspects = this.suspects;
      suspects.length = 0;
      if (this.firstSheet[bucket] === sheet && this.firstHash[bucket] === hash)
        suspects.push(first);
      for (let i = 0; i < extra.length; i += 4)
        if (extra[i] === sheet && extra[i + 2] === hash) suspects.push(extra[i + 1]!);
      extra.push(sheet, row, hash, id);
      return suspects.length > 0 ? suspects[0]! : 0;
    }
    let duplicateOf = 0;
    if (
      this.firstSheet[bucket] === sheet &&
      sameRowContent(sheetRows[first - 1] ?? [], sheetRows[row - 1] ?? [])
    )
      duplicateOf = first;
    for (let i = 0; duplicateOf === 0 && i < extra.length; i += 4)
      if (
        extra[i] === sheet &&
        sameRowContent(sheetRows[extra[i + 1]! - 1] ?? [], sheetRows[row - 1] ?? [])
      )
        duplicateOf = extra[i + 1]!;
    extra.push(sheet, row, hash, id);
    return duplicateOf;
  }

  /** A text row's hash from `foldHash`'s halves, weakened when the stream was asked to. */
  private rowHash(hashHigh: number, hashLow: number): number {
    const full = foldHash(hashHigh, hashLow);
    return this.hashModulus === 0 ? full : full % this.hashModulus;
  }

  /** The bucket's first row on this side (its count is 0): `addRow` without the duplicate check. */
  addFirstRow(bucket: number, sheet: number, row: number, id: number): void {
    this.count[bucket] = 1;
    this.firstRow[bucket] = row;
    this.firstSheet[bucket] = sheet;
    if (id < ID_ELSEWHERE) this.firstId[bucket] = id;
    else {
      this.firstId[bucket] = ID_ELSEWHERE;
      this.bigIds.set(bucket, id);
    }
  }

  /** After `addRow` of a text row: the earlier rows of its sheet with its hash, in order. */
  readonly suspects: number[] = [];

  /**
   * Writes zeros over the slots [from, to) of the columns, when they are made: slots not yet used,
   * written before anything reads them (see `ReconcileStream.makeReady`).
   */
  clear(from: number, to: number): void {
    if (!this.active || to <= from) return;
    this.sums.clear(from, to);
    this.count.fill(0, from, to);
    this.firstRow.fill(0, from, to);
    this.firstSheet.fill(0, from, to);
    this.firstId.fill(0, from, to);
  }

  /** The description of the bucket's first row on this side, or "". */
  description(bucket: number): string {
    return (this.descriptions.size === 0 ? undefined : this.descriptions.get(bucket)) ?? "";
  }

  rows(bucket: number, sheetNames: readonly string[]): SourceRef[] {
    if (this.count[bucket] === 0) return [];
    const rows = [{ sheet: sheetNames[this.firstSheet[bucket]!]!, row: this.firstRow[bucket]! }];
    if (this.count[bucket] === 1) return rows;
    const extra = this.extraRows.get(bucket) ?? [];
    for (let i = 0; i < extra.length; i += 4)
      rows.push({ sheet: sheetNames[extra[i]!]!, row: extra[i + 1]! });
    return rows;
  }
}

interface ContraEntry {
  readonly key: string;
  /** As first written by the books, and by a statement. */
  booksWritten: string | null;
  statementWritten: string | null;
  firstStatementRow: SourceRef | null;
  /** The books rows at this contra: how many and the first ones, for "no statement" warnings. */
  booksRows: { count: number; first: number[] };
  firstBooksRow: SourceRef | null;
}

/**
 * The streaming reconciliation. Open each source with its first rows (for the header), feed its
 * rows in order, then `finish`. Sources are read in the order of a run: books, then statements.
 */
export class ReconcileStream {
  private readonly sources: (Source | null)[] = [];
  private readonly sheetNames: string[] = [];
  private readonly unusable: Issue[][] = [];
  /** The input summary of each unusable statement, by source index. */
  private readonly unusableSummaries: InputSummary[] = [];
  private readonly codes: CodeTable;
  private readonly keyed = new Map<string, number>();
  private readonly books: Side;
  private readonly statement: Side;
  private bucketContra: Int32Array;
  /** Per bucket: its CUSIP code, or −1 when its key is in `keyStrings`. */
  private bucketCode: Float64Array;
  private readonly keyStrings = new Map<number, string>();
  private bucketLocation: Int32Array;
  private readonly moreLocations = new Map<number, Set<number>>();
  private bucketCount = 0;
  private readonly contraEntries: ContraEntry[] = [];
  private readonly contraIndexByKey = new Map<string, number>();
  /** Written contra text → contra index: few distinct values, so a short list beats a Map. */
  private readonly writtenContras: string[] = [];
  private readonly writtenContraIndex: number[] = [];
  private readonly locations: string[] = [];
  private readonly locationIndex = new Map<string, number>();
  private readonly booksTotals = new ExactSums(64);
  private readonly statementTotals = new ExactSums(64);
  /** The sides and totals by a source's `roleIndex`. */
  private readonly sides: readonly Side[];
  private readonly totals: readonly ExactSums[] = [this.booksTotals, this.statementTotals];
  private readonly differenceLocations: ReadonlySet<string>;
  /** Books records at the firm's difference locations (not reconciled), kept whole: they are few. */
  readonly differenceRecords: PositionRecord[] = [];
  private readonly differenceRecordSheet: number[] = [];
  private readonly scratch: ScaledNumber = { units: 0, scale: 0 };
  private readonly hash: [number, number] = [0, 0];
  private booksContraOrder: number[] = [];

  constructor(options: StreamOptions) {
    this.differenceLocations = new Set(
      options.differenceLocations.map((l) => l.trim().toUpperCase()),
    );
    // Sized once for the expected keys: every doubling of these arrays copied them and, as
    // external memory, set off a full collection of the host's heap (seen in --trace-gc).
    const expected = Math.max(1024, Math.ceil((options.expectedPositions ?? 0) * 1.05));
    this.codes = new CodeTable();
    // The bucket columns in one ArrayBuffer, each side's in another made when it is first read
    // (`Side.activate`): V8 counts typed arrays as external memory, and each big allocation set
    // off a full collection of the host's heap — at 5M rows of cells held in memory, three of
    // about 0.8 s each (--trace-gc).
    const columns = columnsFrom(expected * (4 + 8 + 4) + 3 * 8);
    this.books = new Side();
    this.statement = new Side();
    this.sides = [this.books, this.statement];
    this.bucketContra = columns(Int32Array, expected);
    this.bucketCode = columns(Float64Array, expected);
    this.bucketLocation = columns(Int32Array, expected);
    const bits = options.rowHashBits ?? 53;
    if (bits < 53) this.books.hashModulus = this.statement.hashModulus = 2 ** bits;
    if (options.reads?.includes("books")) this.books.activate(expected);
    if (options.reads?.includes("statement")) this.statement.activate(expected);
  }

  /**
   * Opens a source. `head` holds its first rows (at least the header search window, or the whole
   * source when shorter); the rows below the header are fed afterwards, `head`'s included.
   * Returns null when the source cannot be used; its issues are then in the result.
   */
  open(head: SheetSnapshot, options: StreamSourceOptions): number | null {
    const prepared = preparePositionSheet({ ...head, name: options.sheet }, options);
    if (!prepared.usable) {
      this.unusable.push([...prepared.parsed.issues]);
      if (options.role === "statement")
        this.unusableSummaries[this.sources.length] = {
          sheet: options.sheet,
          role: "statement",
          contras: [],
          dataRows: 0,
          records: 0,
          rowsWithErrors: rowsWithErrors(prepared.parsed.issues),
        };
      this.sources.push(null);
      this.sheetNames.push(options.sheet);
      return null;
    }
    this.unusable.push([]);
    const own = sheetContra(options.defaultContra ?? options.sheet, prepared.header, options);
    const ownIndex = own === null ? -1 : this.contraIndex(own);
    const source = new Source(this.sources.length, options, prepared.header, ownIndex, head);
    source.issues.unshift(...prepared.issues);
    if (own !== null) source.contras.set(contraKey(own), own);
    if (own !== null) source.ownContra = own;
    if (own !== null) source.ownSpelling = this.spellingOf(own);
    if (own !== null && options.role === "statement") this.noteStatementContra(ownIndex, own, null);
    this.sources.push(source);
    this.sheetNames.push(options.sheet);
    return source.index;
  }

  /** Issues found while reading a source (a CSV quote left open), reported with its rows'. */
  addIssues(source: number, issues: readonly Issue[]): void {
    this.sources[source]!.issues.push(...issues);
  }

  /** Whether an open source has a price column. */
  hasPriceColumn(source: number): boolean {
    return this.sources[source]!.columns.price >= 0;
  }

  /** The header row of an open source (1-based): rows up to it are not data. */
  headerRow(source: number): number {
    return this.sources[source]!.header.headerRow;
  }

  /** The contra text the last `contraIndex*` call found, and its spelling's number. */
  private lastWritten = "";
  private lastSpelling = 0;

  /**
   * Every distinct contra text as written: the split-position check groups rows by the security
   * and the contra as written (checks.ts `splitKeys`), so "dtc" and "DTC" are two positions there
   * though one bucket here.
   */
  private readonly contraSpellings: string[] = [];
  private readonly contraSpellingIndex = new Map<string, number>();
  /** Per entry of `writtenContras`: its spelling's number. */
  private readonly writtenContraSpelling: number[] = [];

  private spellingOf(written: string): number {
    let index = this.contraSpellingIndex.get(written);
    if (index === undefined) {
      index = this.contraSpellings.length;
      assert(index < SPELLINGS, "fewer contra spellings than SPELLINGS");
      this.contraSpellings.push(written);
      this.contraSpellingIndex.set(written, index);
    }
    return index;
  }

  private contraIndex(written: string): number {
    this.lastWritten = written;
    for (let i = 0; i < this.writtenContras.length; i++) {
      if (this.writtenContras[i] === written) {
        this.lastSpelling = this.writtenContraSpelling[i]!;
        return this.writtenContraIndex[i]!;
      }
    }
    this.lastSpelling = this.spellingOf(written);
    const index = this.contraEntryIndex(contraKey(written));
    if (this.writtenContras.length < 64) {
      this.writtenContras.push(written);
      this.writtenContraIndex.push(index);
      this.writtenContraSpelling.push(this.lastSpelling);
    }
    return index;
  }

  /** The index of the contra entry of `key`, made when there is none. */
  private contraEntryIndex(key: string): number {
    let index = this.contraIndexByKey.get(key);
    if (index === undefined) {
      index = this.contraEntries.length;
      this.contraIndexByKey.set(key, index);
      this.contraEntries.push({
        key,
        booksWritten: null,
        statementWritten: null,
        firstStatementRow: null,
        booksRows: { count: 0, first: [] },
        firstBooksRow: null,
      });
      this.booksTotals.ensure(index + 1);
      this.statementTotals.ensure(index + 1);
    }
    return index;
  }

  /** The contra index of `text[start, end)`, compared in place against the contras seen so far. */
  private contraIndexOfRange(text: string, start: number, end: number): number {
    const length = end - start;
    outer: for (let i = 0; i < this.writtenContras.length; i++) {
      const written = this.writtenContras[i]!;
      if (written.length !== length) continue;
      for (let j = 0; j < length; j++)
        if (written.charCodeAt(j) !== text.charCodeAt(start + j)) continue outer;
      this.lastWritten = written;
      this.lastSpelling = this.writtenContraSpelling[i]!;
      return this.writtenContraIndex[i]!;
    }
    return this.contraIndex(text.slice(start, end));
  }

  private locationOf(text: string): number {
    if (text === "") return NO_LOCATION;
    // a handful of locations in practice: comparing with each beats hashing the string
    const locations = this.locations;
    for (let i = 0; i < locations.length && i < 64; i++) if (locations[i] === text) return i;
    let index = this.locationIndex.get(text);
    if (index === undefined) {
      index = locations.length;
      locations.push(text);
      this.locationIndex.set(text, index);
      this.locationIsDifference.push(this.differenceLocations.has(text.toUpperCase()));
    }
    return index;
  }

  /** `locationOf(text.slice(start, end))` without making the string once the location is known. */
  private locationOfRange(text: string, start: number, end: number): number {
    if (end === start) return NO_LOCATION;
    const length = end - start;
    const locations = this.locations;
    outer: for (let i = 0; i < locations.length && i < 64; i++) {
      const known = locations[i]!;
      if (known.length !== length) continue;
      for (let j = 0; j < length; j++)
        if (known.charCodeAt(j) !== text.charCodeAt(start + j)) continue outer;
      return i;
    }
    return this.locationOf(text.slice(start, end));
  }

  /** Per location index: whether it is one of the firm's difference locations (upper-cased once). */
  private readonly locationIsDifference: boolean[] = [];

  private noteStatementContra(contra: number, written: string, row: SourceRef | null): void {
    const entry = this.contraEntries[contra]!;
    entry.statementWritten ??= written;
    if (row !== null) entry.firstStatementRow ??= row;
  }

  private newBucket(code: number, key: string | null, contra: number): number {
    const bucket = this.bucketCount++;
    if (bucket >= this.readySlots) this.makeReady(bucket + 1);
    this.bucketContra[bucket] = contra;
    this.bucketCode[bucket] = code;
    this.bucketLocation[bucket] = NO_LOCATION;
    if (key !== null) this.keyStrings.set(bucket, key);
    return bucket;
  }

  /** Buckets below this have room in every column, and their sides' slots are written (`makeReady`). */
  private readySlots = 0;

  /**
   * Makes room for `size` buckets, and writes the sides' next READY_SLOTS slots (zeros) in one go.
   * A fresh page read first is mapped to the kernel's zero page and copied on its first write,
   * which flushes every core's TLB; written first, as `fill` writes a block, it is mapped once.
   * (Each new bucket's slots were written one at a time before: the same pages, more calls; no
   * difference measured at a million positions.)
   */
  private makeReady(size: number): void {
    if (size > this.bucketContra.length) {
      const capacity = Math.max(size, this.bucketContra.length * 2);
      this.bucketContra = grown(this.bucketContra, capacity);
      this.bucketCode = grown(this.bucketCode, capacity);
      this.bucketLocation = grown(this.bucketLocation, capacity);
    }
    const from = this.readySlots;
    const to = Math.min(this.bucketContra.length, Math.max(size, from + READY_SLOTS));
    this.books.ensure(to);
    this.statement.ensure(to);
    this.books.clear(from, to);
    this.statement.clear(from, to);
    this.readySlots = to;
  }

  /** Makes the columns of the side a source's rows go to, when they are not made yet. */
  private reading(source: Source): void {
    this.activate(source.options.role === "books" ? this.books : this.statement, 0);
  }

  /** Makes a side's columns, for `buckets` at least, with the ready slots written (`makeReady`). */
  private activate(side: Side, buckets: number): void {
    if (side.active) return;
    side.activate(Math.max(this.bucketContra.length, buckets));
    side.clear(0, this.readySlots);
  }

  /**
   * The bucket of a CUSIP at a contra. Position files are usually sorted by CUSIP, and the
   * profile showed the hash table's cache misses as the costliest step of a row, so in-order
   * input avoids the table: buckets made in CUSIP order form a sorted prefix, found by binary
   * search (and not put in the table); a statement in the same order mostly finds the bucket
   * after the one its last row found, checked by reading two arrays in order. The first bucket
   * out of order ends the prefix; later ones go to the table. A bucket's (code, contra) is
   * unique, so whichever way finds a bucket with both finds the bucket.
   */
  private bucketOfCode(code: number, contra: number): number {
    if (contra >= CUSIP_CONTRA_SLOTS) return this.bucketOfKey(cusipFromCode(code), contra);
    const guess = this.lastBucket + 1;
    if (
      guess < this.bucketCount &&
      this.bucketCode[guess] === code &&
      this.bucketContra[guess] === contra
    )
      return (this.lastBucket = guess);
    let bucket = this.sortedBucketOf(code, contra);
    if (bucket >= 0) return (this.lastBucket = bucket);
    const last = this.bucketCount - 1;
    if (this.sortedBuckets === this.bucketCount && (last < 0 || code >= this.bucketCode[last]!)) {
      // still in order: every bucket is in the prefix (the table is empty), so this one is new
      bucket = this.newBucket(code, null, contra);
      this.sortedBuckets++;
      return (this.lastBucket = bucket);
    }
    const composite = code * CUSIP_CONTRA_SLOTS + contra;
    bucket = this.codes.get(composite);
    if (bucket < 0) {
      bucket = this.newBucket(code, null, contra);
      this.codes.insert(composite, bucket);
    }
    return (this.lastBucket = bucket);
  }

  /** Buckets [0, sortedBuckets) have CUSIP codes in order and are not in `codes`. */
  private sortedBuckets = 0;

  /** The bucket of (code, contra) in the sorted prefix, or −1. */
  private sortedBucketOf(code: number, contra: number): number {
    const codes = this.bucketCode;
    const count = this.sortedBuckets;
    if (count === 0 || code > codes[count - 1]! || code < codes[0]!) return -1;
    let low = 0;
    if (code === codes[count - 1]) {
      // the usual case in order: the security the last rows were about
      low = count - 1;
      while (low > 0 && codes[low - 1] === code) low--;
    } else {
      let high = count;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (codes[middle]! < code) low = middle + 1;
        else high = middle;
      }
    }
    for (let bucket = low; bucket < count && codes[bucket] === code; bucket++)
      if (this.bucketContra[bucket] === contra) return bucket;
    return -1;
  }

  /** The bucket the last `bucketOfCode` found. */
  private lastBucket = -1;

  private bucketOfKey(securityKey: string, contra: number): number {
    const code = cusipCode(securityKey, 0, securityKey.length);
    if (code >= 0 && contra < CUSIP_CONTRA_SLOTS) return this.bucketOfCode(code, contra);
    const key = `${securityKey}@${contra}`;
    let bucket = this.keyed.get(key);
    if (bucket === undefined) {
      bucket = this.newBucket(-1, securityKey, contra);
      this.keyed.set(key, bucket);
    }
    return bucket;
  }

  /** Adds one position row to its bucket (the fast path and the slow path both end here). */
  private addPosition(
    source: Source,
    row: number,
    bucket: number,
    units: number,
    scale: number,
    big: Decimal | null,
    location: number,
    hashHigh: number,
    hashLow: number,
    id: number,
    sheetRows: readonly Row[] | null,
  ): Side {
    const books = source.options.role === "books";
    const side = books ? this.books : this.statement;
    const duplicateOf = side.addRow(bucket, source.index, row, hashHigh, hashLow, id, sheetRows);
    if (duplicateOf !== 0 && sheetRows === null)
      source.suspectDuplicates.push({
        row,
        earlier: [...side.suspects],
        at: source.duplicateIssues.length,
      });
    else if (duplicateOf !== 0)
      source.duplicateIssues.push(exactDuplicateIssue(source.options.sheet, row, duplicateOf));
    const contra = this.bucketContra[bucket]!;
    const totals = books ? this.booksTotals : this.statementTotals;
    if (big === null) {
      side.sums.add(bucket, units, scale);
      totals.add(contra, units, scale);
      source.quantitySign(Math.sign(units));
    } else {
      side.sums.addDecimal(bucket, big);
      totals.addDecimal(contra, big);
      source.quantitySign(sign(big));
    }
    source.records++;
    if (books) {
      const entry = this.contraEntries[contra]!;
      if (entry.booksRows.count === 0) this.booksContraOrder.push(contra);
      note(entry.booksRows, row);
      entry.firstBooksRow ??= { sheet: source.options.sheet, row };
      this.noteLocation(bucket, location);
    }
    return side;
  }

  /** A books row's location, kept for its bucket (the first, and any other there). */
  private noteLocation(bucket: number, location: number): void {
    if (location === NO_LOCATION) return;
    const first = this.bucketLocation[bucket]!;
    if (first === NO_LOCATION) this.bucketLocation[bucket] = location;
    else if (first !== location) {
      let more = this.moreLocations.get(bucket);
      if (more === undefined) this.moreLocations.set(bucket, (more = new Set([first])));
      more.add(location);
    }
  }

  /** A row of text fields (CSV). `row` is its 1-based row (line) number. */
  addTextRow(sourceIndex: number, row: number, fields: TextRow): void {
    const source = this.sources[sourceIndex]!;
    if (row <= source.header.headerRow) return;
    this.reading(source);
    if (isBlankTextRow(fields)) {
      source.blank(row);
      return;
    }
    if (source.data(row)) source.closeGap(row, textCells(fields));
    // The rows are not kept (the file may be larger than memory), so duplicates are found by a
    // 53-bit hash of the trimmed fields, compared only within a bucket's rows of the same sheet.
    // A fast row hashes what it read instead of the text (`fastRowHash`); a row takes the fast
    // path or not by its content alone, so two equal rows are always hashed the same way.
    if (!this.fastTextRow(source, row, fields)) {
      textRowHash(fields, this.hash);
      this.slowRow(source, row, textCells(fields), this.hash[0], this.hash[1]);
    }
  }

  /**
   * The common CSV row, read in place: a valid CUSIP, a plain decimal quantity, contra and
   * location among the few seen before. False (nothing changed) sends the row to `slowRow`.
   * Written without closures or per-row strings: at millions of rows each one showed in the
   * profile.
   */
  private fastTextRow(source: Source, row: number, fields: TextRow): boolean {
    if (fields.escaped !== null) return false;
    const { text, starts, ends } = fields;
    const columns = source.columns;
    const idColumn = presentColumn(fields, columns.id);
    const quantityColumn = presentColumn(fields, columns.quantity);
    if (idColumn < 0 || quantityColumn < 0) return false;
    const code = cusipCode(text, starts[idColumn]!, ends[idColumn]!);
    if (code < 0) return false;
    const quantity = this.scratch;
    if (!parsePlainDecimalRange(text, starts[quantityColumn]!, ends[quantityColumn]!, quantity))
      return false;
    const writtenUnits = quantity.units;
    const writtenScale = quantity.scale;
    if (!applyProfile(quantity, source.options)) return false;
    const books = source.options.role === "books";
    const contraColumn = presentColumn(fields, columns.contra);
    let spellingColumn = -1;
    const locationColumn = presentColumn(fields, columns.location);
    let contra: number;
    let written: string;
    let spelling: number;
    if (!books && source.ownContraIndex >= 0) {
      contra = source.ownContraIndex;
      written = source.ownContra;
      spelling = source.ownSpelling;
    } else {
      if (contraColumn >= 0) {
        contra = this.contraIndexOfRange(text, starts[contraColumn]!, ends[contraColumn]!);
        spellingColumn = contraColumn;
      } else if (!books) contra = this.contraIndex(defaultContraOf(source.options));
      else if (locationColumn >= 0) {
        contra = this.contraIndexOfRange(text, starts[locationColumn]!, ends[locationColumn]!);
        spellingColumn = locationColumn;
      } else return false;
      written = this.lastWritten;
      spelling = this.lastSpelling;
    }
    let asOf: IsoDate | null = null;
    const asOfColumn = presentColumn(fields, columns.asOf);
    if (asOfColumn >= 0) {
      const found = source.asOf(text.slice(starts[asOfColumn]!, ends[asOfColumn]!));
      if (found === "bad") return false;
      asOf = found;
    }
    let location = NO_LOCATION;
    if (books) {
      // the location is where the books hold it: the location column, else the account
      const placeColumn =
        locationColumn >= 0 ? locationColumn : presentColumn(fields, columns.account);
      if (placeColumn >= 0 && placeColumn === spellingColumn) {
        // the contra was read from this very text: its spelling names the location too
        location = this.locationBySpelling[spelling] ?? NO_LOCATION;
        if (location === NO_LOCATION) {
          location = this.locationOfRange(text, starts[placeColumn]!, ends[placeColumn]!);
          this.locationBySpelling[spelling] = location;
        }
      } else if (placeColumn >= 0)
        location = this.locationOfRange(text, starts[placeColumn]!, ends[placeColumn]!);
      if (location !== NO_LOCATION && this.locationIsDifference[location]) return false;
      if (columns.price >= 0) {
        const priceColumn = presentColumn(fields, columns.price);
        if (priceColumn < 0) return false;
        if (
          !parsePlainDecimalRange(text, starts[priceColumn]!, ends[priceColumn]!, this.scratchPrice)
        )
          return false;
      }
    }
    if (asOf !== null) source.asOfFound.add(asOf);
    fastRowHash(
      fields,
      this.hash,
      idColumn,
      code,
      quantityColumn,
      writtenUnits,
      // the quantity's text from its value: digits written, places, a final dot ("5."), sign
      ((ends[quantityColumn]! - starts[quantityColumn]!) << 8) |
        (writtenScale << 2) |
        (text.charCodeAt(ends[quantityColumn]! - 1) === 46 ? 2 : 0) |
        (text.charCodeAt(starts[quantityColumn]!) === 45 ? 1 : 0),
      spellingColumn,
      spelling,
    );
    const bucket = this.addFastRow(
      source,
      row,
      code,
      contra,
      written,
      spelling,
      location,
      this.hash[0],
      this.hash[1],
    );
    const side = source.options.role === "books" ? this.books : this.statement;
    if (side.count[bucket] === 1) {
      const descriptionColumn = presentColumn(fields, columns.description);
      if (descriptionColumn >= 0)
        side.descriptions.set(
          bucket,
          text.slice(starts[descriptionColumn]!, ends[descriptionColumn]!),
        );
    }
    return true;
  }

  private readonly scratchPrice: ScaledNumber = { units: 0, scale: 0 };

  /**
   * The end of both fast paths (`fastTextRow`, `fastCellsRow`): the row, its quantity in
   * `scratch`, into the bucket of its CUSIP code at its contra. Returns the bucket.
   */
  private addFastRow(
    source: Source,
    row: number,
    code: number,
    contra: number,
    written: string,
    spelling: number,
    location: number,
    hashHigh: number,
    hashLow: number,
  ): number {
    const bucket = this.bucketOfCode(code, contra);
    this.countContra(source, contra, written, row);
    const quantity = this.scratch;
    this.addPosition(
      source,
      row,
      bucket,
      quantity.units,
      quantity.scale,
      null,
      location,
      hashHigh,
      hashLow,
      spelling,
      source.rows,
    );
    return bucket;
  }
  /** The location of each contra spelling, once a books row has read it from the same column. */
  private readonly locationBySpelling: number[] = [];

  /** Notes the contra a row of `source` is placed at, once per source and contra. */
  private countContra(source: Source, contra: number, written: string, row: number): void {
    if (source.seenContras[contra] === true) return;
    source.seenContras[contra] = true;
    const entry = this.contraEntries[contra]!;
    if (!source.contras.has(entry.key)) source.contras.set(entry.key, written);
    if (source.options.role === "statement")
      this.noteStatementContra(contra, written, { sheet: source.options.sheet, row });
    else entry.booksWritten ??= written;
  }

  /**
   * A sheet's rows as a host hands them over (`rows[r - 1]` is row r; cells are strings,
   * numbers, booleans, null), the header's included. The engine compares duplicates against
   * `rows` until `finish`, so the host must not change them before then.
   */
  addCellsRows(sourceIndex: number, rows: readonly Row[]): void {
    const source = this.sources[sourceIndex]!;
    assert(source.rows === null, "a sheet's rows are added once");
    source.rows = rows;
    this.reading(source);
    this.addCellsFrom(source, rows, source.header.headerRow);
  }

  /**
   * A block of a sheet's rows as a host reads them (`rows[0]` is row `first`): blocks come in
   * order from row 1, the header's included, and add up to what `addCellsRows` takes at once,
   * to the same outcome. The engine keeps the rows (the duplicate check compares them).
   */
  addCellsBlock(sourceIndex: number, rows: readonly Row[], first: number): void {
    const source = this.sources[sourceIndex]!;
    source.rows ??= source.blocks = [];
    const kept = source.blocks;
    assert(kept !== null && first === kept.length + 1, "a sheet's blocks come in order, once");
    for (const row of rows) kept.push(row);
    this.reading(source);
    this.addCellsFrom(source, kept, Math.max(first - 1, source.header.headerRow));
  }

  /** Rows `rows[from]` on (row `from + 1` on): runs of common rows at once, any other row alone. */
  private addCellsFrom(source: Source, rows: readonly Row[], from: number): void {
    for (let index = from; index < rows.length; index++) {
      if (source.takesCommonRows) index = this.commonCellsRows(source, rows, index);
      if (index < rows.length) this.addCellsRow(source, index + 1, rows[index] ?? []);
    }
  }

  /**
   * The place a common row's place cell stands for — its contra and, in the books, its location —
   * noted as `fastCellsRow` notes it on the first row there; kept for the source's later rows
   * (up to COMMON_PLACES of them). Null when the cell is not a common place (`addCellsRow`
   * then takes the row).
   */
  private commonPlace(
    source: Source,
    cell: CellValue | undefined,
    row: number,
  ): CommonPlace | null {
    if (typeof cell !== "string") return null;
    const text = cell.trim();
    if (text === "") return null;
    const contra = this.contraIndex(text);
    const spelling = this.lastSpelling;
    let location = NO_LOCATION;
    let booksRows: CountedRows | null = null;
    if (source.options.role === "books") {
      location = this.locationOf(text);
      if (this.locationIsDifference[location]) return null;
      const entry = this.contraEntries[contra]!;
      entry.firstBooksRow ??= { sheet: source.options.sheet, row };
      booksRows = entry.booksRows;
    }
    this.countContra(source, contra, this.lastWritten, row);
    const place = { cell, contra, spelling, location, booksRows };
    if (source.places.length < COMMON_PLACES) source.places.push(place);
    return place;
  }

  /**
   * A run of common rows from `rows[from]`, each taken as `fastCellsRow` takes it: a valid CUSIP
   * as written, a quantity number, a contra (for the books, a location) that is not blank nor a
   * difference location. Returns the index of the first row not taken (`addCellsRow` takes it).
   * Each place cell is read once per source (`commonPlace`), the source's counts are kept in
   * locals. Row by row through `fastCellsRow` → `addFastRow` → `addPosition` (three calls too
   * large to inline, eleven arguments between them), a million positions in memory took 0.61 s;
   * in runs, 0.56 s.
   */
  private commonCellsRows(source: Source, rows: readonly Row[], from: number): number {
    if (!source.plainData) return from;
    const columns = source.columns;
    const options = source.options;
    // by the role's number, not a branch on it: a branch first run for the statement, after the
    // books, met code compiled without it and the whole function was compiled again
    const side = this.sides[source.roleIndex]!;
    const totals = this.totals[source.roleIndex]!;
    const placeColumn = source.placeColumn;
    const sheetRows = source.rows;
    const quantity = this.scratch;
    const places = source.places;
    let place: CommonPlace | null = null;
    let contra = source.ownContraIndex;
    let spelling = source.ownSpelling;
    let location = NO_LOCATION;
    let booksRows: CountedRows | null = null;
    let nonZero = 0;
    let positive = 0;
    let index = from;
    for (; index < rows.length; index++) {
      const cells = rows[index];
      if (cells === undefined) break;
      const id = cells[columns.id];
      if (typeof id !== "string") break;
      const code = cusipCode(id, 0, id.length);
      if (code < 0) break;
      const cell = cells[columns.quantity];
      if (typeof cell !== "number" || !scaledFromNumber(cell, quantity)) break;
      if (!applyProfile(quantity, options)) break;
      const row = index + 1;
      if (placeColumn >= 0) {
        const placeCell = cells[placeColumn];
        if (place === null || placeCell !== place.cell) {
          place = null;
          for (let i = 0; i < places.length; i++)
            if (places[i]!.cell === placeCell) {
              place = places[i]!;
              break;
            }
          place ??= this.commonPlace(source, placeCell, row);
          if (place === null) break;
          contra = place.contra;
          spelling = place.spelling;
          location = place.location;
          booksRows = place.booksRows;
        }
      } else if (index === from) this.countContra(source, contra, source.ownContra, row);
      const bucket = this.bucketOfCode(code, contra);
      const first = side.count[bucket] === 0;
      if (first) side.addFirstRow(bucket, source.index, row, spelling);
      else {
        // a split's later row: compared with the bucket's earlier rows for an exact duplicate
        const duplicateOf = side.addRow(bucket, source.index, row, 0, 0, spelling, sheetRows);
        if (duplicateOf !== 0)
          source.duplicateIssues.push(exactDuplicateIssue(options.sheet, row, duplicateOf));
      }
      side.sums.add(bucket, quantity.units, quantity.scale);
      totals.add(contra, quantity.units, quantity.scale);
      if (quantity.units !== 0) {
        nonZero++;
        if (quantity.units > 0) positive++;
      }
      if (booksRows !== null) {
        if (booksRows.count === 0) this.booksContraOrder.push(contra);
        note(booksRows, row);
        this.noteLocation(bucket, location);
      }
      if (first && columns.description >= 0) {
        const description = cellText(cells, columns.description);
        if (description !== "") side.descriptions.set(bucket, description);
      }
    }
    const taken = index - from;
    source.dataRun(taken, index);
    source.records += taken;
    source.nonZeroQuantities += nonZero;
    source.positiveQuantities += positive;
    return index;
  }

  private addCellsRow(source: Source, row: number, cells: Row): void {
    if (isBlankCellsRow(cells)) {
      source.blank(row);
      return;
    }
    if (source.data(row)) source.closeGap(row, cells);
    if (!this.fastCellsRow(source, row, cells)) this.slowRow(source, row, cells, 0, 0);
  }

  /** The common row of cells: as `fastTextRow`, on an identifier string and a quantity number. */
  private fastCellsRow(source: Source, row: number, cells: Row): boolean {
    const columns = source.columns;
    if (columns.id < 0 || columns.quantity < 0) return false;
    const id = cells[columns.id];
    if (typeof id !== "string") return false;
    const code = cusipCode(id, 0, id.length);
    if (code < 0) return false;
    const cell = cells[columns.quantity];
    const quantity = this.scratch;
    const read =
      typeof cell === "number"
        ? scaledFromNumber(cell, quantity)
        : typeof cell === "string" && parsePlainDecimalRange(cell, 0, cell.length, quantity);
    if (!read || !applyProfile(quantity, source.options)) return false;
    const books = source.options.role === "books";
    const locationCell = cellText(cells, columns.location);
    let contra: number;
    let written: string;
    let spelling: number;
    if (!books && source.ownContraIndex >= 0) {
      contra = source.ownContraIndex;
      written = source.ownContra;
      spelling = source.ownSpelling;
    } else {
      const contraText = cellText(cells, columns.contra);
      if (contraText !== "") contra = this.contraIndex(contraText);
      else if (!books) contra = this.contraIndex(defaultContraOf(source.options));
      else if (locationCell !== "") contra = this.contraIndex(locationCell);
      else return false;
      written = this.lastWritten;
      spelling = this.lastSpelling;
    }
    const asOfCell = columns.asOf < 0 ? null : (cells[columns.asOf] ?? null);
    let asOf: IsoDate | null = null;
    if (!isBlank(asOfCell)) {
      const date = parseDateCell(asOfCell);
      if (!date.ok) return false;
      asOf = date.value;
    }
    let location = NO_LOCATION;
    if (books) {
      location = this.locationOf(locationCell || cellText(cells, columns.account));
      if (location !== NO_LOCATION && this.locationIsDifference[location]) return false;
      if (columns.price >= 0) {
        const price = cells[columns.price] ?? null;
        const priced =
          typeof price === "number"
            ? scaledFromNumber(price, this.scratchPrice)
            : typeof price === "string" &&
              parsePlainDecimalRange(price, 0, price.length, this.scratchPrice);
        if (!priced) return false;
      }
    }
    if (asOf !== null) source.asOfFound.add(asOf);
    if (typeof cell === "string" && source.options.typedCells) note(source.textQuantityRows, row);
    const bucket = this.addFastRow(source, row, code, contra, written, spelling, location, 0, 0);
    const side = source.options.role === "books" ? this.books : this.statement;
    if (side.count[bucket] === 1) {
      const description = cellText(cells, columns.description);
      if (description !== "") side.descriptions.set(bucket, description);
    }
    return true;
  }

  /** Any row the fast path does not take: parsed exactly as the workbook path parses it. */
  private slowRow(
    source: Source,
    row: number,
    cells: readonly CellValue[],
    hashHigh: number,
    hashLow: number,
  ): void {
    const parsed = parsePositionRow(
      source.options.sheet,
      row,
      cells,
      source.header,
      source.options,
    );
    const record = parsed.record;
    source.issues.push(...parsed.issues);
    if (parsed.unreadable !== undefined) source.unreadable.push(parsed.unreadable);
    if (record === null) {
      this.otherRow(source, row, cells);
      return;
    }
    source.records++;
    if (typeof cells[source.columns.quantity] === "string" && source.options.typedCells)
      note(source.textQuantityRows, row);
    if (record.asOf !== null) source.asOfFound.add(record.asOf);
    if (source.options.role === "books" && source.columns.price >= 0 && record.price === undefined)
      note(source.missingPriceRows, row);
    if (!source.contras.has(contraKey(record.contra)))
      source.contras.set(contraKey(record.contra), record.contra);
    const atDifference =
      source.options.role === "books" &&
      this.differenceLocations.has(record.location.trim().toUpperCase());
    if (atDifference) {
      this.differenceRecords.push(record);
      this.differenceRecordSheet.push(source.index);
      source.quantitySign(sign(record.quantity));
      this.otherRow(source, row, cells);
      return;
    }
    source.records--; // addPosition counts it
    const contra = this.contraIndex(record.contra);
    this.countContra(source, contra, record.contra, row);
    const bucket = this.bucketOfKey(record.securityKey, contra);
    const location = this.locationOf(record.location);
    const written =
      record.securityId === record.securityKey ? 0 : 1 + this.writtenIdIndex(record.securityId);
    const id = written * SPELLINGS + this.spellingOf(record.contra);
    const side = this.addPosition(
      source,
      row,
      bucket,
      0,
      0,
      record.quantity,
      location,
      hashHigh,
      hashLow,
      id,
      source.rows,
    );
    if (side.count[bucket] === 1) {
      if (record.securityId !== record.securityKey) side.securityIds.set(bucket, record.securityId);
      if (record.description !== "") side.descriptions.set(bucket, record.description);
    }
  }

  /**
   * The split positions of one source, as `splitKeys` (checks.ts) finds them: its rows grouped by
   * how they write the security and the contra (the label "037833100 at DTC"), the first
   * SPLITS_SHOWN by first row, and how many there are. A label belongs to one bucket (the
   * security and contra as written make its key), so each bucket's rows are grouped on their own
   * — unless rows at the firm's difference locations (in no bucket) join in by label.
   */
  private splitsOf(source: Source): Splits {
    if (source.splits !== null) return source.splits;
    if (this.differenceRecordSheet.includes(source.index)) return this.splitsByLabel(source);
    const side = source.options.role === "books" ? this.books : this.statement;
    let count = 0;
    // the earliest splits so far, by first row: [first row, bucket, id] triples
    const earliest: number[][] = [];
    const consider = (firstRow: number, bucket: number, id: number): void => {
      count++;
      if (earliest.length === SPLITS_SHOWN && firstRow > earliest[SPLITS_SHOWN - 1]![0]!) return;
      earliest.push([firstRow, bucket, id]);
      earliest.sort((a, b) => a[0]! - b[0]!);
      if (earliest.length > SPLITS_SHOWN) earliest.pop();
    };
    for (const [bucket, extra] of side.extraRows) {
      let rows = 0;
      let firstRow = 0;
      let firstId = 0;
      let mixed = false;
      if (side.firstSheet[bucket] === source.index) {
        rows = 1;
        firstRow = side.firstRow[bucket]!;
        firstId = side.idOf(bucket);
      }
      for (let i = 0; i < extra.length; i += 4) {
        if (extra[i] !== source.index) continue;
        if (rows === 0) {
          firstRow = extra[i + 1]!;
          firstId = extra[i + 3]!;
        } else if (extra[i + 3] !== firstId) mixed = true;
        rows++;
      }
      if (rows < 2) continue;
      if (!mixed) consider(firstRow, bucket, firstId);
      else
        for (const [id, idRows] of this.rowsById(side, bucket, source.index))
          if (idRows.length > 1) consider(Math.min(...idRows), bucket, id);
    }
    const first = earliest.map(([, bucket, id]) => ({
      label: this.splitLabel(bucket!, id!),
      rows: this.rowsById(side, bucket!, source.index)
        .get(id!)!
        .sort((a, b) => a - b),
    }));
    return { count, first };
  }

  /** The rows of `source` in a bucket's side, by how they write the position. */
  private rowsById(side: Side, bucket: number, source: number): Map<number, number[]> {
    const byId = new Map<number, number[]>();
    const add = (id: number, row: number): void => {
      const rows = byId.get(id);
      if (rows === undefined) byId.set(id, [row]);
      else rows.push(row);
    };
    if (side.count[bucket]! > 0 && side.firstSheet[bucket] === source)
      add(side.idOf(bucket), side.firstRow[bucket]!);
    const extra = side.extraRows.get(bucket) ?? [];
    for (let i = 0; i < extra.length; i += 4)
      if (extra[i] === source) add(extra[i + 3]!, extra[i + 1]!);
    return byId;
  }

  private splitLabel(bucket: number, id: number): string {
    const securityPart = Math.floor(id / SPELLINGS);
    const written =
      securityPart === 0 ? this.securityKeyOf(bucket) : this.writtenIds[securityPart - 1]!;
    return `${written} at ${this.contraSpellings[id % SPELLINGS]!}`;
  }

  /** `splitsOf` for a source with rows at difference locations: every row grouped by label. */
  private splitsByLabel(source: Source): Splits {
    const side = source.options.role === "books" ? this.books : this.statement;
    const byLabel = new Map<string, number[]>();
    const add = (label: string, row: number) => {
      const rows = byLabel.get(label);
      if (rows === undefined) byLabel.set(label, [row]);
      else rows.push(row);
    };
    for (const bucket of side.extraRows.keys())
      for (const [id, rows] of this.rowsById(side, bucket, source.index)) {
        const label = this.splitLabel(bucket, id);
        for (const row of rows) add(label, row);
      }
    this.differenceRecords.forEach((record, index) => {
      if (this.differenceRecordSheet[index] === source.index)
        add(`${record.securityId} at ${record.contra}`, record.source.row);
    });
    const split: SplitPosition[] = [];
    for (const [label, rows] of byLabel)
      if (rows.length > 1) split.push({ label, rows: rows.sort((a, b) => a - b) });
    split.sort((a, b) => a.rows[0]! - b.rows[0]!);
    return { count: split.length, first: split.slice(0, SPLITS_SHOWN) };
  }

  private readonly writtenIds: string[] = [];
  private readonly writtenIdIndexes = new Map<string, number>();

  private writtenIdIndex(securityId: string): number {
    let index = this.writtenIdIndexes.get(securityId);
    if (index === undefined) {
      index = this.writtenIds.length;
      this.writtenIds.push(securityId);
      this.writtenIdIndexes.set(securityId, index);
    }
    return index;
  }

  private securityKeyOf(bucket: number): string {
    const code = this.bucketCode[bucket]!;
    return code >= 0 ? cusipFromCode(code) : this.keyStrings.get(bucket)!;
  }

  private assertSettled(): void {
    assert(
      this.sources.every((source) => source === null || source.suspectDuplicates.length === 0),
      "the duplicates of a text source are settled (settleDuplicates) before its outcome is read",
    );
  }

  /**
   * The lines of a text source that `settleDuplicates` needs: rows a row's hash says may repeat
   * it, and those rows. Empty when no two rows of a bucket share a hash.
   */
  suspectLines(sourceIndex: number): number[] {
    const lines = new Set<number>();
    for (const suspect of this.sources[sourceIndex]!.suspectDuplicates) {
      lines.add(suspect.row);
      for (const row of suspect.earlier) lines.add(row);
    }
    return [...lines].sort((a, b) => a - b);
  }

  /**
   * Makes the duplicate check of a text source exact. A text source's rows are not kept (a file
   * may be larger than memory), so its rows are compared by hash as they come; rows of one hash
   * are suspects until this compares their fields (`cellsOf(line)`, the fields of each line
   * `suspectLines` names, re-read by the host), as the workbook check compares rows. A row
   * repeats the first earlier row equal to it; a row equal to none is no duplicate.
   */
  settleDuplicates(sourceIndex: number, cellsOf: (line: number) => readonly CellValue[]): void {
    const source = this.sources[sourceIndex]!;
    const settled: Issue[] = [];
    let next = 0;
    for (const suspect of source.suspectDuplicates) {
      while (next < suspect.at) settled.push(source.duplicateIssues[next++]!);
      const cells = cellsOf(suspect.row);
      const first = suspect.earlier.find((row) => sameRowContent(cellsOf(row), cells));
      if (first !== undefined)
        settled.push(exactDuplicateIssue(source.options.sheet, suspect.row, first));
    }
    while (next < source.duplicateIssues.length) settled.push(source.duplicateIssues[next++]!);
    source.duplicateIssues = settled;
    source.suspectDuplicates = [];
  }

  /**
   * What this stream found in the sources of `role`, once their rows are all read, for `merge`
   * of a stream in another thread that read the others meanwhile. The sources of the other role
   * are opened here too (in the same order) and fed no rows.
   */
  part(role: "books" | "statement"): SidePart {
    assert(
      this.sources.every(
        (source) =>
          source === null ||
          source.options.role === role ||
          source.records + source.dataRowCount === 0,
      ),
      "a part is made by a stream that read the sources of one role",
    );
    this.assertSettled();
    const count = this.bucketCount;
    const books = role === "books";
    const side = books ? this.books : this.statement;
    side.activate(this.bucketContra.length);
    return {
      role,
      sources: this.sources.map((source) =>
        source === null || source.options.role !== role
          ? null
          : { found: source.part(), splits: this.splitsOf(source) },
      ),
      contras: this.contraEntries.map((entry) => ({
        key: entry.key,
        written: books ? entry.booksWritten : entry.statementWritten,
        rows: entry.booksRows,
        firstRow: books ? entry.firstBooksRow : entry.firstStatementRow,
      })),
      totals: (books ? this.booksTotals : this.statementTotals).part(this.contraEntries.length),
      contraOrder: this.booksContraOrder,
      locations: this.locations,
      differenceRecords: this.differenceRecords,
      differenceRecordSheets: this.differenceRecordSheet,
      bucketCount: count,
      code: this.bucketCode.subarray(0, count),
      contra: this.bucketContra.subarray(0, count),
      location: this.bucketLocation.subarray(0, count),
      keyStrings: this.keyStrings,
      moreLocations: new Map([...this.moreLocations].map(([bucket, set]) => [bucket, [...set]])),
      sums: side.sums.part(count),
      count: side.count.subarray(0, count),
      firstRow: side.firstRow.subarray(0, count),
      firstSheet: side.firstSheet.subarray(0, count),
      extraRows: flatExtraRows(side.extraRows),
      securityIds: side.securityIds,
      descriptions: side.descriptions,
    };
  }

  /**
   * Takes in what another stream found in the sources of one role (`part`), as if this stream
   * had read them: the same sources are opened here in the same order, and those of the part's
   * role fed no rows; the others may have been read already. The outcome of `finish` is then
   * the one a single stream reading every source in order gives (test/domain/fastPaths).
   */
  merge(part: SidePart): void {
    const books = part.role === "books";
    part.sources.forEach((found, index) => {
      if (found === null) return;
      const source = this.sources[index];
      assert(
        source !== null && source?.options.role === part.role,
        "a part's sources are opened here in the same order",
      );
      source.take(found.found, found.splits);
    });
    assert(
      !books || this.booksContraOrder.length === 0,
      "no books rows were read here when the books are merged in",
    );
    const contraOf = part.contras.map((contra, index) => {
      const here = this.contraEntryIndex(contra.key);
      const entry = this.contraEntries[here]!;
      if (books) {
        entry.booksWritten = contra.written;
        entry.booksRows = contra.rows;
        entry.firstBooksRow = contra.firstRow;
      } else {
        // the part opened the statements too, in order, and read them: its view is the run's
        entry.statementWritten = contra.written;
        entry.firstStatementRow = contra.firstRow;
      }
      (books ? this.booksTotals : this.statementTotals).addPart(here, part.totals, index);
      return here;
    });
    if (books) {
      this.booksContraOrder = part.contraOrder.map((index) => contraOf[index]!);
      part.differenceRecords.forEach((record, index) => {
        this.differenceRecords.push(record);
        this.differenceRecordSheet.push(part.differenceRecordSheets[index]!);
      });
    }
    const locationOf = part.locations.map((location) => this.locationOf(location));
    const side = books ? this.books : this.statement;
    this.activate(side, part.bucketCount);
    const bucketOf = new Int32Array(part.bucketCount);
    for (let from = 0; from < part.bucketCount; from++) {
      const code = part.code[from]!;
      const contra = contraOf[part.contra[from]!]!;
      const bucket =
        code >= 0
          ? this.bucketOfCode(code, contra)
          : this.bucketOfKey(part.keyStrings.get(from)!, contra);
      bucketOf[from] = bucket;
      side.count[bucket] = part.count[from]!;
      side.firstRow[bucket] = part.firstRow[from]!;
      side.firstSheet[bucket] = part.firstSheet[from]!;
      side.sums.addPart(bucket, part.sums, from);
      const location = part.location[from]!;
      if (books && location !== NO_LOCATION) this.bucketLocation[bucket] = locationOf[location]!;
    }
    if (books)
      for (const [from, more] of part.moreLocations)
        this.moreLocations.set(bucketOf[from]!, new Set(more.map((l) => locationOf[l]!)));
    const extra = part.extraRows;
    for (let at = 0; at < extra.length; at += 2 + extra[at + 1]!)
      side.extraRows.set(
        bucketOf[extra[at]!]!,
        Array.from(extra.subarray(at + 2, at + 2 + extra[at + 1]!)),
      );
    for (const [from, id] of part.securityIds) side.securityIds.set(bucketOf[from]!, id);
    for (const [from, text] of part.descriptions) side.descriptions.set(bucketOf[from]!, text);
  }

  /**
   * The result of the run, as `runMonthlyReconciliation` gives it for these sources. `asOf` is
   * the date the user gave, or null to take the one the statements name. The matched positions
   * are counted, not listed (`matched` is empty): at millions of rows the list is the memory.
   */
  finish(asOf: IsoDate | null): ReconciliationOutcome {
    this.assertSettled();
    // a side no row reached is read as zeros from here on
    this.books.activate(this.bucketContra.length);
    this.statement.activate(this.bucketContra.length);
    const issues: Issue[] = [];
    const usable: Source[] = [];
    this.sources.forEach((source, index) => {
      issues.push(...this.unusable[index]!);
      if (source === null) return;
      issues.push(...source.issues);
      if (source.dataRowCount === 0)
        issues.push(noPositionsIssue(source.options.sheet, source.header, source.options.role));
      usable.push(source);
    });
    const books = usable.find((s) => s.options.role === "books");
    const statements = usable.filter((s) => s.options.role === "statement");
    const dates = (list: readonly Source[]) =>
      asOfFromInputs(list.map((s) => ({ asOfFound: [...s.asOfFound] })));
    const runAsOf = asOf ?? dates(statements) ?? dates(usable);
    if (books === undefined || statements.length === 0 || runAsOf === null) {
      if (runAsOf === null) issues.push(asOfIssue(this.sheetNames[0] ?? "", usable));
      if (books !== undefined && statements.length === 0)
        issues.push(noStatementIssue(this.sheetNames));
      return { ok: false, issues };
    }
    for (const source of [books, ...statements]) {
      const facts = source.facts(this.splitsOf(source));
      issues.push(
        ...checkIssuesFromFacts(facts, source.duplicateIssues, source.gapIssues, runAsOf),
      );
    }
    const reconciled = this.compare(statements);
    issues.push(...reconciled.issues);
    return {
      ok: true,
      result: {
        asOf: runAsOf,
        breaks: reconciled.breaks,
        matched: [],
        matchedCount: reconciled.matchedCount,
        contras: reconciled.contras,
        money: null,
        differencePositions: this.differenceRecords,
        prices: new Map(),
        // every statement in order, an unusable one too, as the workbook path lists them
        inputs: this.sources.flatMap((source, index) => {
          if (source !== null) return [this.summary(source)];
          const unusable = this.unusableSummaries[index];
          return unusable === undefined ? [] : [unusable];
        }),
        issues,
      },
    };
  }

  private summary(source: Source): InputSummary {
    const books = source.options.role === "books";
    const contras = books
      ? this.booksContraOrder.map((index) => this.contraEntries[index]!.booksWritten!)
      : [...source.contras.values()];
    return {
      sheet: source.options.sheet,
      role: books ? "books" : "statement",
      contras,
      dataRows: source.dataRowCount,
      records: source.records,
      rowsWithErrors: rowsWithErrors(source.issues),
    };
  }

  /** Books against statements per bucket, then the per-contra identity and its warnings. */
  private compare(statements: readonly Source[]): {
    breaks: Break[];
    matchedCount: number;
    contras: ContraSummary[];
    issues: Issue[];
  } {
    const covered = new Map<string, string>();
    for (const source of statements)
      for (const [key, contra] of source.contras)
        if (!covered.has(key)) covered.set(key, contra.trim());
    const contraCovered = this.contraEntries.map((entry) => covered.has(entry.key));
    const unreadable = new Map<string, SourceRef[]>();
    for (const source of this.sources) {
      for (const row of source?.unreadable ?? []) {
        const id = breakId(row.securityKey, row.contra);
        unreadable.set(id, [...(unreadable.get(id) ?? []), row.source]);
      }
    }
    const breaks: Break[] = [];
    const breakCodes: number[] = [];
    const contraCount = this.contraEntries.length;
    const matchedByContra = new Int32Array(contraCount);
    const breaksByContra = new Array<number>(contraCount).fill(0);
    const differenceByContra = new ExactSums(contraCount);
    const differing = ExactSums.differing(
      this.books.sums,
      this.statement.sums,
      this.bucketCount,
      this.bucketContra,
      Uint8Array.from(contraCovered, (yes) => (yes ? 1 : 0)),
      matchedByContra,
    );
    const matchedCount = matchedByContra.reduce((sum, n) => sum + n, 0);
    for (const bucket of differing) {
      const contraIndex = this.bucketContra[bucket]!;
      const found = this.breakOf(bucket, covered, unreadable);
      breaks.push(found);
      breakCodes.push(this.bucketCode[bucket]!);
      breaksByContra[contraIndex]!++;
      differenceByContra.addDecimal(contraIndex, found.difference);
    }
    sortBreaks(breaks, breakCodes);
    const contras: ContraSummary[] = [];
    for (const [key, contra] of covered) {
      const index = this.contraIndexByKey.get(key)!;
      const booksTotal = this.booksTotals.value(index);
      const statementTotal = this.statementTotals.value(index);
      const differenceTotal = differenceByContra.value(index);
      contras.push({
        contra,
        breakCount: breaksByContra[index]!,
        matchedCount: matchedByContra[index]!,
        booksTotal,
        statementTotal,
        differenceTotal,
        conserved: compare(add(booksTotal, differenceTotal), statementTotal) === 0,
      });
    }
    contras.sort((a, b) => b.breakCount - a.breakCount || (a.contra < b.contra ? -1 : 1));
    const held = this.booksContraOrder.map((index) => this.contraEntries[index]!);
    const unreconciled = held
      .filter((entry) => !covered.has(entry.key))
      .map((entry) => ({
        contra: entry.booksWritten!,
        first: entry.firstBooksRow!,
        rowCount: entry.booksRows.count,
        rows: entry.booksRows.first,
      }));
    return {
      breaks,
      matchedCount,
      contras,
      issues: [
        ...conservationIssues(contras),
        ...unreconciledIssues(unreconciled),
        ...contrasWithoutBooksIssues(
          held.map((entry) => entry.booksWritten!),
          covered,
          (key) =>
            this.contraEntries[this.contraIndexByKey.get(key) ?? -1]?.firstStatementRow ??
            undefined,
        ),
      ],
    };
  }

  private breakOf(
    bucket: number,
    covered: ReadonlyMap<string, string>,
    unreadable: ReadonlyMap<string, SourceRef[]>,
  ): Break {
    const entry = this.contraEntries[this.bucketContra[bucket]!]!;
    const securityKey = this.securityKeyOf(bucket);
    const contra = covered.get(entry.key) ?? entry.key;
    const booksQuantity = this.books.sums.value(bucket);
    const statementQuantity = this.statement.sums.value(bucket);
    const difference = ExactSums.difference(this.books.sums, this.statement.sums, bucket);
    const booksRows = this.books.rows(bucket, this.sheetNames);
    const statementRows = this.statement.rows(bucket, this.sheetNames);
    // the contra as shown is a spelling of the entry's key: its key is the entry's
    const id = breakIdOfKey(securityKey, entry.key);
    const inBooks = booksRows.length > 0;
    // (each map is looked in only when it holds anything: most runs leave them empty, and a
    // lookup per break showed at millions of positions)
    const more = this.moreLocations.size === 0 ? undefined : this.moreLocations.get(bucket);
    const first = this.bucketLocation[bucket]!;
    let locations: string[];
    if (more === undefined) locations = first === NO_LOCATION ? [] : [this.locations[first]!];
    else {
      const all = new Set(more);
      if (first !== NO_LOCATION) all.add(first);
      locations = [...all].map((index) => this.locations[index]!).sort();
    }
    const side = inBooks ? this.books : this.statement;
    return {
      id,
      securityKey,
      securityId:
        (side.securityIds.size === 0 ? undefined : side.securityIds.get(bucket)) ?? securityKey,
      description: this.books.description(bucket) || this.statement.description(bucket),
      contra,
      booksQuantity,
      statementQuantity,
      difference,
      direction: directionOf(difference),
      kind:
        statementRows.length === 0
          ? "books_only"
          : booksRows.length === 0
            ? "statement_only"
            : "quantity_difference",
      booksRows,
      statementRows,
      locations,
      unreadableRows: (unreadable.size === 0 ? undefined : unreadable.get(id)) ?? [],
    };
  }

  /** A row that is in no bucket: duplicates of it are found by its content. */
  private otherRow(source: Source, row: number, cells: readonly CellValue[]): void {
    const content = JSON.stringify(
      cells.map((cell) => (typeof cell === "string" ? cell.trim() : cell)),
    );
    const first = source.otherRows.get(content);
    if (first === undefined) source.otherRows.set(content, row);
    else source.duplicateIssues.push(exactDuplicateIssue(source.options.sheet, row, first));
  }
}

function defaultContraOf(options: StreamSourceOptions): string {
  return options.defaultContra ?? options.sheet;
}

/** The source's number habits on a fast-path quantity; false when the result would not be exact. */
function applyProfile(quantity: ScaledNumber, options: ParseOptions): boolean {
  const profile = options.profile;
  if (profile === undefined) return true;
  if (profile.negateQuantities) quantity.units = -quantity.units;
  if (profile.quantityUnit === "thousands") {
    if (quantity.scale >= 3) quantity.scale -= 3;
    else {
      quantity.units *= 10 ** (3 - quantity.scale);
      quantity.scale = 0;
      if (!Number.isSafeInteger(quantity.units)) return false;
    }
  }
  return true;
}

/**
 * Whether two rows are exact duplicates as `exactDuplicateRows` (checks.ts) decides: the same
 * JSON of their cells with strings trimmed. JSON writes null for null, a hole and a non-finite
 * number, and "0" for −0, which `===` already equates with 0.
 */
export function sameRowContent(a: Row, b: Row): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === "string") {
      if (typeof y !== "string" || x.trim() !== y.trim()) return false;
    } else if (!jsonNull(x) || !jsonNull(y)) return false;
  }
  return true;
}

function jsonNull(cell: CellValue | undefined): boolean {
  return (
    cell === null || cell === undefined || (typeof cell === "number" && !Number.isFinite(cell))
  );
}

function textCells(fields: TextRow): string[] {
  const cells: string[] = [];
  for (let i = 0; i < fields.count; i++)
    cells.push(fields.escaped?.[i] ?? fields.text.slice(fields.starts[i]!, fields.ends[i]!));
  return cells;
}

/**
 * Whether rows `a` and `b` of one sheet are exact duplicates: compared themselves when the
 * sheet's rows are at hand, else by their hashes. (A function of its own, not a closure in
 * `addRow`: a closure there allocated a context on every row, the largest allocation profiled.)
 */
/**
 * A `ColumnMaker` carving columns out of one buffer of `bytes` (with room for each column's
 * rounding up to 8 bytes), then making standalone ones once it is used up.
 */
function columnsFrom(bytes: number): ColumnMaker {
  const buffer = new ArrayBuffer(bytes);
  let offset = 0;
  return <T extends Column>(type: ColumnType<T>, length: number): T => {
    const size = Math.ceil((length * type.BYTES_PER_ELEMENT) / 8) * 8;
    if (offset + size > buffer.byteLength) return new type(length);
    const column = new type(buffer, offset, length);
    offset += size;
    return column;
  };
}

/** `array` copied into a bigger one of `capacity` elements. */
function grown<T extends Int32Array | Uint16Array | Float64Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}

/**
 * `breaks.sort(compareBreaks)` (reconcile.ts): by size, largest first, then by contra, then by
 * security. `codes[i]` is break i's CUSIP code, or −1 when its key is no CUSIP.
 *
 * The usual case sorts two numbers per break: its size as an exact count of millionths in a
 * double, and its place as one double, the contra's rank × 2^42 + the CUSIP code. A CUSIP's code
 * orders as its text does (digits, then letters, as in ASCII, in base 36; the check digit follows
 * from the rest), so the place orders as the contra and then the key do. A comparison of objects
 * and strings per step took 150 ms for 125,000 breaks.
 * When a size has over 6 places or is no safe count, a key is no CUSIP, or there are over 2,047
 * contras, every break is sorted the exact way: sizes once worked out (as millionths when
 * they fit), then compared exactly.
 */
function sortBreaks(breaks: Break[], codes: readonly number[]): void {
  const count = breaks.length;
  const millionths = new Float64Array(count);
  let plain = true;
  breaks.forEach((b, i) => {
    millionths[i] = millionthsOf(b.difference);
    if (millionths[i]! < 0 || codes[i]! < 0) plain = false;
  });
  const contraRank = new Map<string, number>();
  for (const b of breaks) contraRank.set(b.contra, 0);
  if (plain && contraRank.size < 2048 && count * count <= Number.MAX_SAFE_INTEGER) {
    [...contraRank.keys()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .forEach((contra, rank) => contraRank.set(contra, rank));
    const place = new Float64Array(count);
    breaks.forEach((b, i) => (place[i] = contraRank.get(b.contra)! * 2 ** 42 + codes[i]!));
    const sorted = sortedByNumbers(millionths, place).map((i) => breaks[i]!);
    sorted.forEach((b, i) => (breaks[i] = b));
    return;
  }
  const sized = breaks.map((b, i) => ({ b, millionths: millionths[i]! }));
  sized.sort((x, y) => {
    const bySize =
      x.millionths >= 0 && y.millionths >= 0
        ? y.millionths - x.millionths
        : compare(abs(y.b.difference), abs(x.b.difference));
    return bySize || compareBreakPlaces(x.b, y.b);
  });
  sized.forEach((entry, i) => (breaks[i] = entry.b));
}

/**
 * The indexes 0…n−1 ordered by `first` descending, then `second` ascending (`second` holds
 * distinct values; n² must be a safe integer). Each number is replaced by its rank among the
 * sorted values, and the two ranks packed into one double, size rank × n + place rank: then one
 * sort of numbers without a comparison function orders them all (a comparison function was
 * called some 2 million times for 125,000 breaks).
 */
function sortedByNumbers(first: Float64Array, second: Float64Array): number[] {
  const count = first.length;
  const places = second.slice().sort();
  const sizes = first.slice().sort();
  const keys = new Float64Array(count);
  const indexOfPlace = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const placeRank = rankOf(places, second[i]!);
    indexOfPlace[placeRank] = i;
    // largest first: how many sizes are larger (equal sizes share a rank)
    const sizeRank = count - firstAbove(sizes, first[i]!);
    keys[i] = sizeRank * count + placeRank;
  }
  keys.sort();
  return Array.from(keys, (key) => indexOfPlace[key - Math.floor(key / count) * count]!);
}

/** The index of the first element of sorted `values` that is ≥ `value`. */
function rankOf(values: Float64Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The index of the first element of sorted `values` that is > `value`. */
function firstAbove(values: Float64Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** |value| as an exact count of millionths in a safe integer, or −1 when it is none. */
function millionthsOf(value: Decimal): number {
  const { units, scale } = value;
  // |units| is exact as a double below 2^53 (the sign does not matter here)
  const magnitude = Math.abs(Number(units));
  if (scale > 6 || magnitude > Number.MAX_SAFE_INTEGER) return -1;
  const millionths = magnitude * 10 ** (6 - scale);
  return millionths <= Number.MAX_SAFE_INTEGER ? millionths : -1;
}

/** Column `column` when the row has it and it is not blank, else −1. */
function presentColumn(fields: TextRow, column: number): number {
  return column >= 0 && column < fields.count && fields.ends[column]! > fields.starts[column]!
    ? column
    : -1;
}

function isBlankTextRow(fields: TextRow): boolean {
  for (let i = 0; i < fields.count; i++)
    if (fields.ends[i]! > fields.starts[i]! || (fields.escaped?.[i] ?? "") !== "") return false;
  return true;
}

function isBlankCellsRow(cells: Row): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlank(cells[i])) return false;
  return true;
}

/** A cell as trimmed text ("" for none), as the workbook parser reads text fields. */
function cellText(cells: Row, column: number): string {
  if (column < 0) return "";
  const value = cells[column];
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value.trim() : String(value).trim();
}

/**
 * The content hash of a fast-path row (`fastTextRow`), without hashing the text it has read: the
 * identifier column by its CUSIP code, the quantity by its units and shape, the contra's column
 * by its spelling's number — each stands for exactly one text — and every other field by its
 * text, as `textRowHash` does. Leaves the hash's halves in `h` (see `foldHash`).
 */
function fastRowHash(
  fields: TextRow,
  h: [number, number],
  idColumn: number,
  code: number,
  quantityColumn: number,
  units: number,
  shape: number,
  spellingColumn: number,
  spelling: number,
): void {
  // the two halves in locals, mixed by pure functions (an array here was a load and a store
  // per step, which showed in the profile)
  let a = 0x6a09e667;
  let b = fields.count;
  for (let i = 0; i < fields.count; i++) {
    if (i === idColumn) {
      // the code's two base-36 halves (no `%` of doubles: a call into C)
      const high = Math.floor(code / 1679616);
      const low = code - high * 1679616;
      a = mixA(mixA(a, low), high);
      b = mixB(mixB(b, low), high);
    } else if (i === quantityColumn) {
      const high = Math.floor(units / 4294967296);
      const low = (units - high * 4294967296) | 0;
      a = mixA(mixA(mixA(a, low), high | 0), shape);
      b = mixB(mixB(mixB(b, low), high | 0), shape);
    } else if (i === spellingColumn) {
      a = mixA(a, spelling);
      b = mixB(b, spelling);
    } else {
      h[0] = a;
      h[1] = b;
      hashRange(fields.text, fields.starts[i]!, fields.ends[i]!, h);
      a = h[0];
      b = h[1];
    }
  }
  h[0] = Math.imul(a ^ 0x1f, 16777619);
  h[1] = Math.imul(b + 0x1f, 0x5bd1e995) ^ (b >>> 15);
}

/** One step of `hashRange`'s first hash, on an int32 rather than a character. */
function mixA(a: number, value: number): number {
  return Math.imul(a ^ value, 16777619);
}

/** One step of `hashRange`'s second hash, on an int32 rather than a character. */
function mixB(b: number, value: number): number {
  return Math.imul(b + value, 0x5bd1e995) ^ (b >>> 15);
}

/**
 * The content hash of a row of text fields: its trimmed fields, as the duplicate check compares;
 * its halves are left in `h` (see `foldHash`).
 */
function textRowHash(fields: TextRow, h: [number, number]): void {
  h[0] = 0x811c9dc5;
  h[1] = fields.count;
  for (let i = 0; i < fields.count; i++) {
    const escaped = fields.escaped?.[i];
    if (escaped === undefined) hashRange(fields.text, fields.starts[i]!, fields.ends[i]!, h);
    else hashRange(escaped, 0, escaped.length, h);
  }
}

// The two failures below are `runMonthlyReconciliation`'s own (monthlyReconciliation.ts), spelled
// the same so a streamed run that cannot complete says what a workbook run says.
function asOfIssue(firstSheet: string, sources: readonly Source[]): Issue {
  const dates = [...new Set(sources.flatMap((s) => [...s.asOfFound]))].sort();
  return {
    code: "as_of_date_is_required",
    severity: "error",
    where: { sheet: sources[0]?.options.sheet ?? firstSheet },
    message:
      dates.length === 0
        ? "No as-of date was given and none was found in the sheets."
        : `The sheets name different as-of dates (${dates.join(", ")}).`,
    hint: "Give the reconciliation's as-of date (the count date), e.g. --as-of 2026-10-30.",
  };
}

function noStatementIssue(sheets: readonly string[]): Issue {
  const statements = sheets.slice(1);
  return {
    code: "statement_is_required",
    severity: "error",
    where: { sheet: statements[0] ?? sheets[0] ?? "" },
    message: `No usable position statement is in this run (${statements.map((s) => `"${s}"`).join(", ")} could not be read), so there is nothing to reconcile the stock record against.`,
    hint: "Fix those sheets as their own issues say, or choose other statement sheets (--statement SHEET=CONTRA).",
  };
}
