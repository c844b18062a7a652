/**
 * BAI2 cash-management balance reports → accounts with their summaries (03) and transactions
 * (16), plus issues. BAI2 is how US banks report the money balances that the 4522(b)(1)
 * reconciliation compares with the general ledger (REFERENCE.md §8).
 *
 * Files seen in practice bend the format: several records on one line, a record broken over
 * two lines, records ended by a newline instead of `/`, trailing spaces, trailers whose counts
 * are wrong. The reader is lenient about layout and strict about numbers: every account is read,
 * and every control total and record count that does not match is reported with its line.
 *
 * Rules verified against the samples in shared/oracles/statements/bai2: the account control
 * total (49) is the algebraic sum of the amount fields of the account's 03 record (with its 88
 * continuations) and of its 16 records, as signed in the file — funds-distribution amounts are
 * not included; a group total (98) is the sum of its accounts' 49 totals, a file total (99) the
 * sum of its groups' 98 totals; record counts include the 88 continuations and the trailer itself.
 */
import { parseDecimal, type Decimal } from "../decimal";
import { parseIsoDate, type IsoDate } from "../isoDate";
import type { Issue, Severity } from "../issues";

export interface Bai2Distribution {
  /** Days until the funds are available (S gives 0, 1 and 2 = "two or more"). */
  readonly days: number;
  readonly amount: Decimal | null;
}

export interface Bai2Funds {
  /** As written: "" (none), 0, 1, 2, Z, V, S or D. */
  readonly type: string;
  /** V: the value date and time. */
  readonly valueDate: IsoDate | null;
  readonly valueTime: string | null;
  /** S and D: when the funds become available. */
  readonly distributions: readonly Bai2Distribution[];
}

export interface Bai2Summary {
  /** BAI type code, e.g. `010` opening ledger, `015` closing ledger, `100` total credits. */
  readonly typeCode: string;
  /** What the code means, for the common status and summary codes; null otherwise. */
  readonly name: string | null;
  readonly amount: Decimal | null;
  readonly itemCount: number | null;
  readonly funds: Bai2Funds;
  readonly line: number;
}

export type Bai2Direction = "credit" | "debit" | "other";

export interface Bai2Transaction {
  readonly typeCode: string;
  /** From the type code: 100–399 credits, 400–699 debits. */
  readonly direction: Bai2Direction;
  /** As written (BAI2 detail amounts carry no sign). */
  readonly amount: Decimal | null;
  /** Credits positive, debits negative, others as written. */
  readonly signedAmount: Decimal | null;
  readonly funds: Bai2Funds;
  readonly bankReference: string;
  readonly customerReference: string;
  /** Free text, with 88 continuations joined by a space. */
  readonly text: string;
  readonly line: number;
}

export interface Bai2Account {
  readonly accountNumber: string;
  /** The account's currency, else the group's, else USD (the BAI2 default). */
  readonly currency: string;
  readonly asOfDate: IsoDate | null;
  readonly asOfTime: string | null;
  readonly summaries: readonly Bai2Summary[];
  readonly transactions: readonly Bai2Transaction[];
  /** Sum of the amount fields of the 03/88 and 16 records, in minor units as written. */
  readonly controlTotalMinor: bigint;
  /** The 49 record's account control total, or null when the account has no 49. */
  readonly declaredControlTotalMinor: bigint | null;
  readonly recordCount: number;
  readonly declaredRecordCount: number | null;
  readonly line: number;
}

export interface Bai2Group {
  readonly ultimateReceiver: string;
  readonly originator: string;
  /** 1 update, 2 deletion, 3 correction, 4 test only. */
  readonly status: string;
  readonly asOfDate: IsoDate | null;
  readonly asOfTime: string | null;
  /** As written; null when omitted (accounts then default to USD). */
  readonly currency: string | null;
  readonly asOfDateModifier: string | null;
  readonly accounts: readonly Bai2Account[];
  /** Sum of the accounts' control totals (the 49 totals; computed when a 49 is missing). */
  readonly controlTotalMinor: bigint;
  readonly declaredControlTotalMinor: bigint | null;
  readonly declaredAccountCount: number | null;
  readonly recordCount: number;
  readonly declaredRecordCount: number | null;
  readonly line: number;
}

export interface Bai2FileHeader {
  readonly sender: string;
  readonly receiver: string;
  readonly creationDate: IsoDate | null;
  readonly creationTime: string;
  readonly fileId: string;
  readonly version: string;
  readonly line: number;
}

export interface Bai2FileTrailer {
  readonly controlTotalMinor: bigint;
  readonly declaredControlTotalMinor: bigint | null;
  readonly declaredGroupCount: number | null;
  readonly recordCount: number;
  readonly declaredRecordCount: number | null;
  readonly line: number;
}

export interface Bai2Result {
  readonly header: Bai2FileHeader | null;
  readonly groups: readonly Bai2Group[];
  /** Every account of every group, in file order. */
  readonly accounts: readonly Bai2Account[];
  readonly trailer: Bai2FileTrailer | null;
  readonly issues: readonly Issue[];
}

/** A bound on the input keeps a pasted file from stalling the task pane. */
export const MAX_BAI2_TEXT_LENGTH = 20_000_000;

const KNOWN_RECORD = /^\s*(01|02|03|16|49|88|98|99),/;
const ANY_RECORD = /^\s*(\d{2}),/;

/** Names of the common status and summary type codes (BAI2 specification, type code list). */
const SUMMARY_NAMES: Readonly<Record<string, string>> = {
  "010": "Opening ledger",
  "015": "Closing ledger",
  "020": "Average closing ledger MTD",
  "025": "Average closing ledger YTD",
  "030": "Current ledger",
  "040": "Opening available",
  "045": "Closing available",
  "050": "Average closing available MTD",
  "055": "Average closing available YTD",
  "057": "Investment position",
  "060": "Current available",
  "072": "One-day float",
  "074": "Two or more days float",
  "100": "Total credits",
  "110": "Total lockbox deposits",
  "190": "Total incoming money transfers",
  "400": "Total debits",
};

/**
 * ISO 4217 currencies whose minor unit is not the cent: BAI2 amounts are in minor units with
 * the decimals implied by the currency.
 */
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  BHD: 3,
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  PYG: 0,
  RWF: 0,
  TND: 3,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** Minor units → exact decimal: 123456 USD → 1234.56; 500 JPY → 500. */
export function decimalFromMinor(minor: bigint, currency: string): Decimal {
  const digits = minorDigits(currency);
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, "0");
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits);
  const decimal = parseDecimal(`${negative ? "-" : ""}${whole}${digits > 0 ? `.${fraction}` : ""}`);
  if (decimal === null) throw new Error(`decimalFromMinor built an unparsable "${text}"`);
  return decimal;
}

/**
 * BAI2 dates are YYMMDD. Two-digit years 70–99 are read as 1970–1999 and 00–69 as 2000–2069
 * (the POSIX `%y` pivot): BAI2 dates from 1987 on, and the window leaves decades of room.
 */
export function isoDateFromBaiDate(text: string): IsoDate | null {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return null;
  const twoDigits = Number(match[1]);
  const year = twoDigits >= 70 ? 1900 + twoDigits : 2000 + twoDigits;
  return parseIsoDate(`${year}-${match[2]!}-${match[3]!}`);
}

function issue(
  fileName: string,
  line: number,
  code: string,
  severity: Severity,
  message: string,
  hint: string,
): Issue {
  return {
    code,
    severity,
    where: { sheet: fileName, row: line },
    message: `${fileName} › line ${line}: ${message}`,
    hint,
  };
}

// ---------------------------------------------------------------------------------------------
// Layout: physical lines → records

interface RawRecord {
  readonly code: string;
  /** The fields after `NN,` up to the terminator; "\n" marks where a record was broken. */
  readonly content: string;
  readonly line: number;
}

/**
 * A `/` ends a record when only spaces, the end of the line, or the start of another record
 * follow it; a `/` elsewhere is part of a text field. A record with no `/` ends at the end of
 * its line when the next line starts a record (newline-delimited files), otherwise it continues
 * on the next line (a record broken in two).
 */
function findTerminator(line: string, from: number): number {
  for (let index = line.indexOf("/", from); index >= 0; index = line.indexOf("/", index + 1)) {
    const after = line.slice(index + 1);
    if (after.trim() === "" || KNOWN_RECORD.test(after)) return index;
  }
  return -1;
}

function nextLineStartsRecord(lines: readonly string[], from: number): boolean {
  for (let index = from; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() !== "") return KNOWN_RECORD.test(line);
  }
  return true;
}

function splitBai2Records(text: string, fileName: string, issues: Issue[]): RawRecord[] {
  const lines = text.split(/\r\n|\n|\r/);
  const records: RawRecord[] = [];
  let current: { code: string; content: string; line: number } | null = null;
  lines.forEach((line, index) => {
    let position = 0;
    for (;;) {
      if (current === null) {
        const rest = line.slice(position);
        if (rest.trim() === "") return;
        const start = ANY_RECORD.exec(rest);
        if (!start) {
          issues.push(strayTextIssue(fileName, index + 1, rest));
          return;
        }
        current = { code: start[1]!, content: "", line: index + 1 };
        position += start[0].length;
      }
      const end = findTerminator(line, position);
      if (end >= 0) {
        records.push({ ...current, content: current.content + line.slice(position, end) });
        current = null;
        position = end + 1;
        continue;
      }
      current.content += line.slice(position);
      if (nextLineStartsRecord(lines, index + 1)) {
        records.push(current);
        current = null;
      } else {
        current.content += "\n";
      }
      return;
    }
  });
  return records;
}

function strayTextIssue(fileName: string, line: number, text: string): Issue {
  return issue(
    fileName,
    line,
    "bai2_line_must_start_with_a_record_code",
    "warning",
    `"${text.trim().slice(0, 40)}" does not start with a record code such as 03, or 16,; it was not read.`,
    "Check that the file is the bank's BAI2 report and was not edited by hand.",
  );
}

// ---------------------------------------------------------------------------------------------
// Fields: a record and its 88 continuations form one stream of comma-separated fields

interface Segment {
  readonly content: string;
  readonly line: number;
}

interface LogicalRecord {
  readonly code: string;
  readonly segments: Segment[];
  readonly line: number;
  /** 1 + the number of 88 continuations: what trailer record counts count. */
  recordCount: number;
}

/**
 * Reads fields across the record and its continuations. An 88 starts a new field (BAI2: a
 * continuation never splits a field), so segments are not glued together; a record broken
 * across physical lines is glued back without the line break.
 */
class FieldReader {
  private segment = 0;
  private position = 0;

  constructor(private readonly segments: readonly Segment[]) {}

  get line(): number {
    return this.segments[Math.min(this.segment, this.segments.length - 1)]?.line ?? 0;
  }

  private exhausted(): boolean {
    const content = this.segments[this.segment]?.content;
    return content === undefined || this.position > content.length;
  }

  private advance(): boolean {
    while (this.segment < this.segments.length && this.exhausted()) {
      this.segment++;
      this.position = 0;
    }
    return this.segment < this.segments.length;
  }

  /** The next field, trimmed; undefined when the record and its continuations are used up. */
  next(): string | undefined {
    if (!this.advance()) return undefined;
    const content = this.segments[this.segment]!.content;
    const comma = content.indexOf(",", this.position);
    const end = comma < 0 ? content.length : comma;
    const field = content.slice(this.position, end);
    this.position = end + 1;
    return field.replace(/\n/g, "").trim();
  }

  /** The text field: the rest of this record, then each continuation, joined by a space. */
  rest(): string {
    const parts: string[] = [];
    if (!this.exhausted()) parts.push(this.segments[this.segment]!.content.slice(this.position));
    for (let index = this.segment + 1; index < this.segments.length; index++) {
      parts.push(this.segments[index]!.content);
    }
    this.segment = this.segments.length;
    return parts
      .map((part) => part.replace(/\n/g, "").trim())
      .filter((part) => part !== "")
      .join(" ");
  }
}

function groupContinuations(records: readonly RawRecord[], fileName: string, issues: Issue[]) {
  const logical: LogicalRecord[] = [];
  for (const record of records) {
    const segment = { content: record.content, line: record.line };
    const previous = logical[logical.length - 1];
    if (record.code !== "88") {
      logical.push({ code: record.code, segments: [segment], line: record.line, recordCount: 1 });
    } else if (previous) {
      previous.segments.push(segment);
      previous.recordCount++;
    } else {
      issues.push(
        issue(
          fileName,
          record.line,
          "bai2_continuation_must_follow_a_record",
          "warning",
          "an 88 continuation record comes before any record it could continue; it was not read.",
          "Check that the file is complete from its 01 header on.",
        ),
      );
    }
  }
  return logical;
}

// ---------------------------------------------------------------------------------------------
// Records → file, groups, accounts

interface AccountBuilder {
  accountNumber: string;
  currency: string;
  summaries: Bai2Summary[];
  transactions: Bai2Transaction[];
  controlTotalMinor: bigint;
  recordCount: number;
  line: number;
}

interface GroupBuilder {
  fields: Omit<
    Bai2Group,
    | "accounts"
    | "controlTotalMinor"
    | "declaredControlTotalMinor"
    | "declaredAccountCount"
    | "recordCount"
    | "declaredRecordCount"
  >;
  accounts: Bai2Account[];
  recordCount: number;
}

interface Reader {
  readonly fileName: string;
  readonly issues: Issue[];
  header: Bai2FileHeader | null;
  headerRecords: number;
  groups: Bai2Group[];
  group: GroupBuilder | null;
  account: AccountBuilder | null;
  trailer: Bai2FileTrailer | null;
}

export function parseBai2(text: string, fileName: string): Bai2Result {
  const issues: Issue[] = [];
  if (text.length > MAX_BAI2_TEXT_LENGTH) {
    issues.push({
      code: "statement_file_must_be_at_most_20_million_characters",
      severity: "error",
      where: { sheet: fileName },
      message: `${fileName}: the file has ${text.length} characters; at most ${MAX_BAI2_TEXT_LENGTH} are read.`,
      hint: "Ask the bank for one file per reporting date and load them one at a time.",
    });
    return { header: null, groups: [], accounts: [], trailer: null, issues };
  }
  const records = groupContinuations(splitBai2Records(text, fileName, issues), fileName, issues);
  const reader: Reader = {
    fileName,
    issues,
    header: null,
    headerRecords: 0,
    groups: [],
    group: null,
    account: null,
    trailer: null,
  };
  for (const record of records) readRecord(reader, record);
  finishFile(reader, records[records.length - 1]?.line ?? 1);
  return {
    header: reader.header,
    groups: reader.groups,
    accounts: reader.groups.flatMap((group) => group.accounts),
    trailer: reader.trailer,
    issues,
  };
}

function readRecord(reader: Reader, record: LogicalRecord): void {
  if (reader.trailer !== null) {
    reader.issues.push(afterTrailerIssue(reader.fileName, record));
    return;
  }
  const fields = new FieldReader(record.segments);
  switch (record.code) {
    case "01":
      return readFileHeader(reader, record, fields);
    case "02":
      return readGroupHeader(reader, record, fields);
    case "03":
      return readAccountHeader(reader, record, fields);
    case "16":
      return readTransaction(reader, record, fields);
    case "49":
      return readAccountTrailer(reader, record, fields);
    case "98":
      return readGroupTrailer(reader, record, fields);
    case "99":
      return readFileTrailer(reader, record, fields);
    default:
      reader.issues.push(
        issue(
          reader.fileName,
          record.line,
          "bai2_record_code_must_be_known",
          "warning",
          `record code ${record.code} is not a BAI2 record (01, 02, 03, 16, 88, 49, 98, 99); it was not read.`,
          "Check that the file is the bank's BAI2 report.",
        ),
      );
  }
}

function afterTrailerIssue(fileName: string, record: LogicalRecord): Issue {
  return issue(
    fileName,
    record.line,
    "bai2_records_must_end_at_file_trailer",
    "warning",
    `a ${record.code} record follows the 99 file trailer; it was not read.`,
    "Split the file at each 99 record and load the parts as separate files.",
  );
}

function readFileHeader(reader: Reader, record: LogicalRecord, fields: FieldReader): void {
  const [sender = "", receiver = "", date = "", time = "", fileId = ""] = take(fields, 5);
  take(fields, 2); // physical record length and block size describe tape layouts only
  const version = fields.next() ?? "";
  reader.header = {
    sender,
    receiver,
    creationDate: isoDateFromBaiDate(date),
    creationTime: time,
    fileId,
    version,
    line: record.line,
  };
  reader.headerRecords = record.recordCount;
  if (version !== "2") {
    reader.issues.push(
      issue(
        reader.fileName,
        record.line,
        "bai2_version_must_be_2",
        "warning",
        `the file header says version "${version}"; this reader follows BAI version 2.`,
        "Check the totals by hand; ask the bank for a BAI2 file if the figures look wrong.",
      ),
    );
  }
}

function take(fields: FieldReader, count: number): string[] {
  const values: string[] = [];
  for (let index = 0; index < count; index++) values.push(fields.next() ?? "");
  return values;
}

function readGroupHeader(reader: Reader, record: LogicalRecord, fields: FieldReader): void {
  if (reader.group) finishGroup(reader, null, record.line);
  const [
    receiver = "",
    originator = "",
    status = "",
    date = "",
    time = "",
    currency = "",
    modifier = "",
  ] = take(fields, 7);
  const asOfDate = isoDateFromBaiDate(date);
  if (asOfDate === null) reader.issues.push(badAsOfDateIssue(reader.fileName, record.line, date));
  reader.group = {
    fields: {
      ultimateReceiver: receiver,
      originator,
      status,
      asOfDate,
      asOfTime: time === "" ? null : time,
      currency: currency === "" ? null : currency,
      asOfDateModifier: modifier === "" ? null : modifier,
      line: record.line,
    },
    accounts: [],
    recordCount: record.recordCount,
  };
}

function badAsOfDateIssue(fileName: string, line: number, date: string): Issue {
  return issue(
    fileName,
    line,
    "bai2_as_of_date_must_be_yymmdd",
    "error",
    `the group's as-of date "${date}" is not a real YYMMDD date.`,
    "Ask the bank for a corrected file; the balances cannot be dated without it.",
  );
}

function readAccountHeader(reader: Reader, record: LogicalRecord, fields: FieldReader): void {
  if (reader.account) finishAccount(reader, null, record.line);
  if (!reader.group) reader.issues.push(outsideIssue(reader.fileName, record, "02 group header"));
  const accountNumber = fields.next() ?? "";
  const written = fields.next() ?? "";
  const currency = written || reader.group?.fields.currency || "USD";
  const account: AccountBuilder = {
    accountNumber,
    currency,
    summaries: [],
    transactions: [],
    controlTotalMinor: 0n,
    recordCount: record.recordCount,
    line: record.line,
  };
  reader.account = account;
  for (;;) {
    const typeCode = fields.next();
    if (typeCode === undefined) break;
    const line = fields.line;
    const amountText = fields.next() ?? "";
    const countText = fields.next() ?? "";
    const funds = readFunds(reader, fields, currency);
    // Empty groups (",,,,") stand for summaries the bank left out.
    if (typeCode === "" && amountText === "" && countText === "" && funds.type === "") continue;
    const amountMinor = readAmount(reader, line, amountText, `summary ${typeCode}`);
    account.controlTotalMinor += amountMinor ?? 0n;
    account.summaries.push({
      typeCode,
      name: SUMMARY_NAMES[typeCode] ?? null,
      amount: amountMinor === null ? null : decimalFromMinor(amountMinor, currency),
      itemCount: readCount(countText),
      funds,
      line,
    });
  }
}

function outsideIssue(fileName: string, record: LogicalRecord, expected: string): Issue {
  return issue(
    fileName,
    record.line,
    "bai2_record_must_be_inside_its_parent",
    "error",
    `a ${record.code} record comes with no open ${expected} before it.`,
    "Check that the file is complete; records may be missing above this line.",
  );
}

function readCount(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : null;
}

function readAmount(reader: Reader, line: number, text: string, what: string): bigint | null {
  if (text === "") return null;
  if (/^[+-]?\d+$/.test(text)) return BigInt(text.replace("+", ""));
  reader.issues.push(
    issue(
      reader.fileName,
      line,
      "bai2_amount_must_be_whole_minor_units",
      "error",
      `the amount "${text}" of ${what} is not a whole number of minor units (e.g. 123456 for 1,234.56); it was not read.`,
      "Ask the bank for a corrected file, or enter this amount by hand.",
    ),
  );
  return null;
}

/** Reads the funds type and the fields it brings, so the fields after it line up. */
function readFunds(reader: Reader, fields: FieldReader, currency: string): Bai2Funds {
  const type = fields.next() ?? "";
  const line = fields.line;
  const amount = (text: string) => {
    const minor = readAmount(reader, line, text, `funds type ${type}`);
    return minor === null ? null : decimalFromMinor(minor, currency);
  };
  const none = { type, valueDate: null, valueTime: null, distributions: [] };
  switch (type) {
    case "":
    case "0":
    case "1":
    case "2":
    case "Z":
      return none;
    case "V": {
      const [date = "", time = ""] = take(fields, 2);
      return { ...none, valueDate: isoDateFromBaiDate(date), valueTime: time || null };
    }
    case "S": {
      const amounts = take(fields, 3);
      return {
        ...none,
        distributions: amounts.map((text, days) => ({ days, amount: amount(text) })),
      };
    }
    case "D":
      return { ...none, distributions: readDistributions(reader, fields, line, amount) };
    default:
      reader.issues.push(unknownFundsTypeIssue(reader.fileName, line, type));
      return none;
  }
}

function readDistributions(
  reader: Reader,
  fields: FieldReader,
  line: number,
  amount: (text: string) => Decimal | null,
): Bai2Distribution[] {
  const countText = fields.next() ?? "";
  const count = readCount(countText);
  // A bound on the count keeps a damaged file from swallowing every field after it.
  if (count === null || count > 99) {
    reader.issues.push(
      issue(
        reader.fileName,
        line,
        "bai2_distribution_count_must_be_a_number",
        "error",
        `funds type D gives "${countText}" distributions; a number from 0 to 99 is expected, so the fields after it cannot be lined up.`,
        "Ask the bank for a corrected file.",
      ),
    );
    return [];
  }
  const distributions: Bai2Distribution[] = [];
  for (let index = 0; index < count; index++) {
    const [days = "", value = ""] = take(fields, 2);
    distributions.push({ days: readCount(days) ?? 0, amount: amount(value) });
  }
  return distributions;
}

function unknownFundsTypeIssue(fileName: string, line: number, type: string): Issue {
  return issue(
    fileName,
    line,
    "bai2_funds_type_must_be_known",
    "warning",
    `funds type "${type}" is not one of 0, 1, 2, V, S, D, Z or blank; the fields after it may be misread.`,
    "Check this record against the bank's report.",
  );
}

function directionOf(typeCode: string): Bai2Direction {
  const code = /^\d{3}$/.test(typeCode) ? Number(typeCode) : NaN;
  if (code >= 100 && code <= 399) return "credit";
  if (code >= 400 && code <= 699) return "debit";
  return "other";
}

function readTransaction(reader: Reader, record: LogicalRecord, fields: FieldReader): void {
  const account = reader.account;
  if (!account) {
    reader.issues.push(outsideIssue(reader.fileName, record, "03 account record"));
    return;
  }
  const typeCode = fields.next() ?? "";
  const amountMinor = readAmount(reader, record.line, fields.next() ?? "", `detail ${typeCode}`);
  const funds = readFunds(reader, fields, account.currency);
  const bankReference = fields.next() ?? "";
  const customerReference = fields.next() ?? "";
  const text = fields.rest();
  const amount = amountMinor === null ? null : decimalFromMinor(amountMinor, account.currency);
  const direction = directionOf(typeCode);
  const signed =
    amountMinor === null
      ? null
      : decimalFromMinor(direction === "debit" ? -amountMinor : amountMinor, account.currency);
  account.controlTotalMinor += amountMinor ?? 0n;
  account.recordCount += record.recordCount;
  account.transactions.push({
    typeCode,
    direction,
    amount,
    signedAmount: signed,
    funds,
    bankReference,
    customerReference,
    text,
    line: record.line,
  });
}

function readAccountTrailer(reader: Reader, record: LogicalRecord, fields: FieldReader): void {
  if (!reader.account) {
    reader.issues.push(outsideIssue(reader.fileName, record, "03 account record"));
    return;
  }
  const total = readAmount(reader, record.line, fields.next() ?? "", "the account control total");
  const count = readCount(fields.next() ?? "");
  reader.account.recordCount += record.recordCount;
  finishAccount(reader, { total, count, line: record.line }, record.line);
}

interface Declared {
  readonly total: bigint | null;
  readonly count: number | null;
  readonly line: number;
  readonly accounts?: number | null;
}

function finishAccount(reader: Reader, declared: Declared | null, line: number): void {
  const account = reader.account!;
  reader.account = null;
  const finished: Bai2Account = {
    accountNumber: account.accountNumber,
    currency: account.currency,
    asOfDate: reader.group?.fields.asOfDate ?? null,
    asOfTime: reader.group?.fields.asOfTime ?? null,
    summaries: account.summaries,
    transactions: account.transactions,
    controlTotalMinor: account.controlTotalMinor,
    declaredControlTotalMinor: declared?.total ?? null,
    recordCount: account.recordCount,
    declaredRecordCount: declared?.count ?? null,
    line: account.line,
  };
  if (reader.group) {
    reader.group.accounts.push(finished);
    reader.group.recordCount += finished.recordCount;
  } else {
    reader.groups.push(orphanGroup(finished));
  }
  if (declared === null) {
    reader.issues.push(
      missingTrailerIssue(
        reader.fileName,
        line,
        "49",
        `account ${account.accountNumber} (line ${account.line})`,
      ),
    );
    return;
  }
  const what = `account ${account.accountNumber} (line ${account.line})`;
  reader.issues.push(
    ...checkTotals(
      reader.fileName,
      declared,
      what,
      "49",
      "the amounts of its 03, 88 and 16 records",
      {
        total: finished.controlTotalMinor,
        count: finished.recordCount,
      },
    ),
  );
}

/** An account outside any group still has to be reported; it gets a group of its own. */
function orphanGroup(account: Bai2Account): Bai2Group {
  return {
    ultimateReceiver: "",
    originator: "",
    status: "",
    asOfDate: null,
    asOfTime: null,
    currency: null,
    asOfDateModifier: null,
    accounts: [account],
    controlTotalMinor: account.declaredControlTotalMinor ?? account.controlTotalMinor,
    declaredControlTotalMinor: null,
    declaredAccountCount: null,
    recordCount: account.recordCount,
    declaredRecordCount: null,
    line: account.line,
  };
}

function readGroupTrailer(reader: Reader, record: LogicalRecord, fields: FieldReader): void {
  if (!reader.group) {
    reader.issues.push(outsideIssue(reader.fileName, record, "02 group header"));
    return;
  }
  if (reader.account) finishAccount(reader, null, record.line);
  const total = readAmount(reader, record.line, fields.next() ?? "", "the group control total");
  const accounts = readCount(fields.next() ?? "");
  const count = readCount(fields.next() ?? "");
  reader.group.recordCount += record.recordCount;
  finishGroup(reader, { total, count, accounts, line: record.line }, record.line);
}

function finishGroup(reader: Reader, declared: Declared | null, line: number): void {
  if (reader.account) finishAccount(reader, null, line);
  const group = reader.group!;
  reader.group = null;
  const controlTotalMinor = group.accounts.reduce(
    (total, account) => total + (account.declaredControlTotalMinor ?? account.controlTotalMinor),
    0n,
  );
  reader.groups.push({
    ...group.fields,
    accounts: group.accounts,
    controlTotalMinor,
    declaredControlTotalMinor: declared?.total ?? null,
    declaredAccountCount: declared?.accounts ?? null,
    recordCount: group.recordCount,
    declaredRecordCount: declared?.count ?? null,
  });
  const what = `the group of line ${group.fields.line}`;
  if (declared === null) {
    reader.issues.push(missingTrailerIssue(reader.fileName, line, "98", what));
    return;
  }
  const computed = { total: controlTotalMinor, count: group.recordCount };
  reader.issues.push(
    ...checkTotals(
      reader.fileName,
      declared,
      what,
      "98",
      "the 49 totals of its accounts",
      computed,
    ),
  );
  if (declared.accounts !== null && declared.accounts !== undefined) {
    if (declared.accounts !== group.accounts.length) {
      reader.issues.push(
        countIssue(reader.fileName, declared.line, "bai2_group_account_count_must_match", {
          what: `${what} (98)`,
          declared: declared.accounts,
          counted: group.accounts.length,
          unit: "accounts",
        }),
      );
    }
  }
}

function readFileTrailer(reader: Reader, record: LogicalRecord, fields: FieldReader): void {
  if (reader.group) finishGroup(reader, null, record.line);
  const total = readAmount(reader, record.line, fields.next() ?? "", "the file control total");
  const groups = readCount(fields.next() ?? "");
  const count = readCount(fields.next() ?? "");
  const controlTotalMinor = reader.groups.reduce(
    (sum, group) => sum + (group.declaredControlTotalMinor ?? group.controlTotalMinor),
    0n,
  );
  const recordCount =
    reader.headerRecords +
    reader.groups.reduce((sum, group) => sum + group.recordCount, 0) +
    record.recordCount;
  reader.trailer = {
    controlTotalMinor,
    declaredControlTotalMinor: total,
    declaredGroupCount: groups,
    recordCount,
    declaredRecordCount: count,
    line: record.line,
  };
  const declared = { total, count, line: record.line };
  const computed = { total: controlTotalMinor, count: recordCount };
  reader.issues.push(
    ...checkTotals(
      reader.fileName,
      declared,
      "the file",
      "99",
      "the 98 totals of its groups",
      computed,
    ),
  );
  if (groups !== null && groups !== reader.groups.length) {
    reader.issues.push(
      countIssue(reader.fileName, record.line, "bai2_file_group_count_must_match", {
        what: "the file (99)",
        declared: groups,
        counted: reader.groups.length,
        unit: "groups",
      }),
    );
  }
}

function finishFile(reader: Reader, lastLine: number): void {
  if (reader.header === null) {
    reader.issues.push(
      issue(
        reader.fileName,
        1,
        "bai2_file_must_start_with_01_header",
        "warning",
        "the file has no 01 file header, so its sender, receiver and creation date are unknown.",
        "Check that the file is complete from its first line.",
      ),
    );
  }
  if (reader.trailer === null) {
    if (reader.group) finishGroup(reader, null, lastLine);
    else if (reader.account) finishAccount(reader, null, lastLine);
    reader.issues.push(missingTrailerIssue(reader.fileName, lastLine, "99", "the file"));
  }
}

function missingTrailerIssue(fileName: string, line: number, code: string, what: string): Issue {
  return issue(
    fileName,
    line,
    `bai2_${code === "49" ? "account" : code === "98" ? "group" : "file"}_must_end_with_${code}_trailer`,
    "warning",
    `${what} ends here without its ${code} trailer, so its control total and record count cannot be checked.`,
    "Check that the file is complete; ask the bank to send it again if records are missing.",
  );
}

const LEVEL_NAMES: Readonly<Record<string, string>> = {
  "49": "account",
  "98": "group",
  "99": "file",
};

function checkTotals(
  fileName: string,
  declared: Declared,
  what: string,
  trailer: string,
  source: string,
  computed: { total: bigint; count: number },
): Issue[] {
  const level = LEVEL_NAMES[trailer]!;
  const issues: Issue[] = [];
  if (declared.total !== null && declared.total !== computed.total) {
    issues.push(
      issue(
        fileName,
        declared.line,
        `bai2_${level}_control_total_must_match`,
        "error",
        `${what}: the ${trailer} control total is ${declared.total} but ${source} add up to ${computed.total} (minor units; difference ${declared.total - computed.total}).`,
        "A record may be missing or damaged: compare the file with the bank's online report before using its balances.",
      ),
    );
  }
  if (declared.count !== null && declared.count !== computed.count) {
    issues.push(
      countIssue(fileName, declared.line, `bai2_${level}_record_count_must_match`, {
        what: `${what} (${trailer})`,
        declared: declared.count,
        counted: computed.count,
        unit: "records",
      }),
    );
  }
  return issues;
}

function countIssue(
  fileName: string,
  line: number,
  code: string,
  counts: { what: string; declared: number; counted: number; unit: string },
): Issue {
  return issue(
    fileName,
    line,
    code,
    "warning",
    `${counts.what} declares ${counts.declared} ${counts.unit} but ${counts.counted} were read.`,
    "The accounts were still read; check that none is missing before relying on the file.",
  );
}

/** The summary with this type code (the first, if the bank repeats it), or null. */
export function findSummary(account: Bai2Account, typeCode: string): Bai2Summary | null {
  return account.summaries.find((summary) => summary.typeCode === typeCode) ?? null;
}
