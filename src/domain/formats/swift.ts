/**
 * A tolerant tokenizer for SWIFT FIN text: the header blocks {1:}{2:}{3:}, the text block
 * {4: … -} as an ordered list of `:NNa:` fields, and the trailers {5:}{S:}. Real files are not
 * tidy: banks export block 4 alone with no braces (Citi, cmxl), put their own header lines between
 * messages (ABN AMRO's `ABNANL2A` / `940`), mix CRLF and LF, and drop the final brace. None of that
 * is an error here; only what makes the content doubtful (an unterminated block 4, text that
 * belongs to no field) is reported.
 *
 * Lines are 1-based physical lines of the file; they are what every issue cites
 * (`where.sheet` = the file name, `where.row` = the line).
 */
import { parseDecimal, type Decimal } from "../decimal";
import { parseIsoDate, type IsoDate } from "../isoDate";
import type { Issue, Severity } from "../issues";

export interface SwiftField {
  /** `20`, `60F`, `16R`, … (without the colons). */
  readonly tag: string;
  /** The text after `:tag:`; continuation lines are joined with "\n". */
  readonly value: string;
  /** Line of the `:tag:`. */
  readonly line: number;
}

export interface SwiftHeaders {
  /** Raw contents of {1:}, {2:}, {3:}, {5:} and {S:} when present. */
  readonly basic: string | null;
  readonly application: string | null;
  readonly user: string | null;
  readonly trailer: string | null;
  readonly systemTrailer: string | null;
}

export interface SwiftMessage {
  /** First line of the message (its {1: block, or its first field when it has no headers). */
  readonly line: number;
  /** Last line that belongs to the message. */
  readonly endLine: number;
  /** `535`, `940`, … from block 2; null when the message has no application header. */
  readonly messageType: string | null;
  readonly direction: "input" | "output" | null;
  /** 12-character logical terminal addresses (BIC8 + terminal code + branch). */
  readonly senderLogicalTerminal: string | null;
  readonly receiverLogicalTerminal: string | null;
  /** BIC11 (the logical terminal without its terminal code). */
  readonly senderBic: string | null;
  readonly receiverBic: string | null;
  readonly headers: SwiftHeaders;
  readonly fields: readonly SwiftField[];
  /** False when the text ended before the `-` that closes block 4. */
  readonly terminated: boolean;
}

export interface IgnoredLine {
  readonly line: number;
  readonly text: string;
}

export interface SwiftTokens {
  readonly messages: readonly SwiftMessage[];
  /** Lines outside every message (a bank's own header lines); kept so nothing vanishes unseen. */
  readonly ignoredLines: readonly IgnoredLine[];
  readonly issues: readonly Issue[];
}

/** A bound on the input keeps a pasted file from stalling the task pane (TIGER_STYLE limits). */
export const MAX_SWIFT_TEXT_LENGTH = 20_000_000;

const FIELD_LINE = /^:(\d{2}[A-Z]?):(.*)$/;
const BLOCK_ID = /^([0-9A-Z]{1,3}):/;

/** Splits on CRLF, LF or a lone CR: files mixing them are common (PROVENANCE.md B). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** Builds an issue that cites a line of a file, with the file › line prefix in the message. */
export function lineIssue(
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

interface MessageBuilder {
  line: number;
  endLine: number;
  basic: string | null;
  application: string | null;
  user: string | null;
  trailer: string | null;
  systemTrailer: string | null;
  fields: { tag: string; value: string; line: number }[];
  block4Seen: boolean;
  block4Braced: boolean;
  terminated: boolean;
}

interface ScanState {
  readonly fileName: string;
  readonly builders: MessageBuilder[];
  readonly ignoredLines: IgnoredLine[];
  readonly issues: Issue[];
  /** The message that header blocks and trailers attach to. */
  open: MessageBuilder | null;
  inBlock4: boolean;
}

function newBuilder(state: ScanState, line: number): MessageBuilder {
  const builder: MessageBuilder = {
    line,
    endLine: line,
    basic: null,
    application: null,
    user: null,
    trailer: null,
    systemTrailer: null,
    fields: [],
    block4Seen: false,
    block4Braced: false,
    terminated: false,
  };
  state.builders.push(builder);
  state.open = builder;
  return builder;
}

/** Splits a SWIFT FIN file into messages and fields. Never throws on bad input. */
export function tokenizeSwift(text: string, fileName: string): SwiftTokens {
  const state: ScanState = {
    fileName,
    builders: [],
    ignoredLines: [],
    issues: [],
    open: null,
    inBlock4: false,
  };
  if (text.length > MAX_SWIFT_TEXT_LENGTH) {
    state.issues.push(tooLongIssue(fileName, text.length));
    return { messages: [], ignoredLines: [], issues: state.issues };
  }
  const lines = splitLines(text);
  lines.forEach((raw, index) => scanLine(state, raw.trimEnd(), index + 1));
  if (state.inBlock4 && state.open) reportUnterminated(state, state.open);
  return {
    messages: state.builders.map(finishMessage),
    ignoredLines: state.ignoredLines,
    issues: state.issues,
  };
}

function tooLongIssue(fileName: string, length: number): Issue {
  return {
    code: "statement_file_must_be_at_most_20_million_characters",
    severity: "error",
    where: { sheet: fileName },
    message: `${fileName}: the file has ${length} characters; at most ${MAX_SWIFT_TEXT_LENGTH} are read.`,
    hint: "Split the file into one file per statement date and load them one at a time.",
  };
}

function scanLine(state: ScanState, line: string, lineNumber: number): void {
  if (state.inBlock4 && state.open) {
    if (isBlock4End(line)) {
      endBlock4(state, state.open, line, lineNumber);
      return;
    }
    if (!line.trimStart().startsWith("{1:")) {
      addBlock4Line(state, state.open, line, lineNumber);
      return;
    }
    // A new message starts while block 4 is still open: the previous one was cut short.
    reportUnterminated(state, state.open);
    state.inBlock4 = false;
  }
  scanOutsideLine(state, line, lineNumber);
}

/** `-` alone or `-}` (optionally followed by trailer blocks) closes block 4. */
function isBlock4End(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === "-" || trimmed.startsWith("-}");
}

function endBlock4(state: ScanState, builder: MessageBuilder, line: string, lineNumber: number) {
  builder.terminated = true;
  builder.endLine = lineNumber;
  state.inBlock4 = false;
  const rest = line.trim().slice(1);
  const afterBrace = rest.startsWith("}") ? rest.slice(1) : rest;
  if (afterBrace.trim() !== "") scanHeaderBlocks(state, afterBrace, lineNumber);
}

function scanOutsideLine(state: ScanState, line: string, lineNumber: number): void {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed === "-" || trimmed === "-}") return;
  if (trimmed.startsWith("{")) {
    scanHeaderBlocks(state, trimmed, lineNumber);
    return;
  }
  if (FIELD_LINE.test(line)) {
    // Block 4 with no braces: the whole file (or this part of it) is the text block.
    const builder =
      state.open && !state.open.block4Seen ? state.open : newBuilder(state, lineNumber);
    builder.block4Seen = true;
    state.inBlock4 = true;
    addBlock4Line(state, builder, line, lineNumber);
    return;
  }
  state.ignoredLines.push({ line: lineNumber, text: line });
}

/** Reads `{1:…}{2:…}{3:{…}}{4:` or `{5:…}{S:…}` from one line. */
function scanHeaderBlocks(state: ScanState, text: string, lineNumber: number): void {
  let position = 0;
  while (position < text.length) {
    while (text[position] === " " || text[position] === "\t") position++;
    if (position >= text.length) return;
    if (text[position] !== "{") {
      reportTextOutsideBlock(state, text.slice(position), lineNumber);
      return;
    }
    const idMatch = BLOCK_ID.exec(text.slice(position + 1));
    if (!idMatch) {
      reportTextOutsideBlock(state, text.slice(position), lineNumber);
      return;
    }
    const id = idMatch[1]!;
    const contentStart = position + 1 + idMatch[0].length;
    if (id === "4") {
      startBracedBlock4(state, text.slice(contentStart), lineNumber);
      return;
    }
    const { content, next, closed } = readBraced(text, contentStart);
    if (!closed) reportUnclosedBlock(state, id, lineNumber);
    attachHeaderBlock(state, id, content, lineNumber);
    position = next;
  }
}

/** Reads up to the brace that closes the block opened just before `start`; nested braces count. */
function readBraced(
  text: string,
  start: number,
): { content: string; next: number; closed: boolean } {
  let depth = 1;
  for (let index = start; index < text.length; index++) {
    if (text[index] === "{") depth++;
    if (text[index] === "}") depth--;
    if (depth === 0) return { content: text.slice(start, index), next: index + 1, closed: true };
  }
  return { content: text.slice(start), next: text.length, closed: false };
}

function attachHeaderBlock(state: ScanState, id: string, content: string, lineNumber: number) {
  const open = state.open;
  if (id === "1") {
    const builder = open && !open.basic && !open.block4Seen ? open : newBuilder(state, lineNumber);
    builder.basic = content;
    return;
  }
  if (id === "2" || id === "3") {
    const builder = open && !open.block4Seen ? open : newBuilder(state, lineNumber);
    if (id === "2") builder.application = content;
    else builder.user = content;
    return;
  }
  if ((id === "5" || id === "S") && open) {
    if (id === "5") open.trailer = content;
    else open.systemTrailer = content;
    open.endLine = lineNumber;
    return;
  }
  state.issues.push(
    lineIssue(
      state.fileName,
      lineNumber,
      "swift_block_must_be_known",
      "warning",
      `a block {${id}: was found where only {1:} to {5:} and {S:} are expected (or a trailer with no message before it); it was not read.`,
      "Check that the file is a SWIFT FIN message and was not edited by hand.",
    ),
  );
}

function startBracedBlock4(state: ScanState, rest: string, lineNumber: number): void {
  const open = state.open;
  const builder = open && !open.block4Seen ? open : newBuilder(state, lineNumber);
  builder.block4Seen = true;
  builder.block4Braced = true;
  builder.endLine = lineNumber;
  state.inBlock4 = true;
  if (rest.trim() === "") return;
  if (isBlock4End(rest)) endBlock4(state, builder, rest, lineNumber);
  else addBlock4Line(state, builder, rest, lineNumber);
}

function addBlock4Line(
  state: ScanState,
  builder: MessageBuilder,
  line: string,
  lineNumber: number,
) {
  builder.endLine = lineNumber;
  const match = FIELD_LINE.exec(line);
  if (match) {
    builder.fields.push({ tag: match[1]!, value: match[2]!, line: lineNumber });
    return;
  }
  // Blank lines inside block 4 carry nothing (ABN AMRO puts one between entries).
  if (line.trim() === "") return;
  const last = builder.fields[builder.fields.length - 1];
  if (last) {
    last.value = `${last.value}\n${line}`;
    return;
  }
  state.issues.push(
    lineIssue(
      state.fileName,
      lineNumber,
      "swift_text_must_belong_to_a_field",
      "warning",
      `"${line.trim()}" comes before the first :tag: of the text block, so it belongs to no field; it was not read.`,
      "Check that the file was not cut or edited; a field line starts with a tag such as :20:.",
    ),
  );
}

function reportTextOutsideBlock(state: ScanState, text: string, lineNumber: number): void {
  state.issues.push(
    lineIssue(
      state.fileName,
      lineNumber,
      "swift_text_must_be_inside_a_block",
      "warning",
      `"${text.slice(0, 40)}" follows the header blocks but is not a {n: block; it was not read.`,
      "Check that the file is a SWIFT FIN message and was not edited by hand.",
    ),
  );
}

function reportUnclosedBlock(state: ScanState, id: string, lineNumber: number): void {
  state.issues.push(
    lineIssue(
      state.fileName,
      lineNumber,
      "swift_block_must_be_closed",
      "info",
      `block {${id}: has no closing brace before the end of the line; it was read up to there.`,
      "Nothing to do if the statement reads correctly; the file may have been cut at its very end.",
    ),
  );
}

/**
 * A braced text block that never reaches its `-}` was cut short. Bank exports without braces
 * often simply end after the last field, so there a missing `-` says nothing and is not reported.
 */
function reportUnterminated(state: ScanState, builder: MessageBuilder): void {
  if (!builder.block4Braced) return;
  state.issues.push(
    lineIssue(
      state.fileName,
      builder.endLine,
      "swift_text_block_must_end_with_dash",
      "warning",
      `the message that starts at line ${builder.line} ends here without the "-" that closes its text block, so it may be cut short.`,
      "Compare the statement's totals with the bank's; ask for the file again if fields are missing.",
    ),
  );
}

function finishMessage(builder: MessageBuilder): SwiftMessage {
  const addresses = readAddresses(builder.basic, builder.application);
  return {
    line: builder.line,
    endLine: builder.endLine,
    ...addresses,
    senderBic: bicFromLogicalTerminal(addresses.senderLogicalTerminal),
    receiverBic: bicFromLogicalTerminal(addresses.receiverLogicalTerminal),
    headers: {
      basic: builder.basic,
      application: builder.application,
      user: builder.user,
      trailer: builder.trailer,
      systemTrailer: builder.systemTrailer,
    },
    fields: builder.fields.map((field) => ({ ...field })),
    terminated: builder.terminated,
  };
}

interface Addresses {
  readonly messageType: string | null;
  readonly direction: "input" | "output" | null;
  readonly senderLogicalTerminal: string | null;
  readonly receiverLogicalTerminal: string | null;
}

/**
 * Block 1 names the logical terminal the message was exchanged with: the sender of an input
 * message, the receiver of an output one. Block 2 names the other party: the receiver of an
 * input message, or (inside the message input reference) the sender of an output one.
 */
function readAddresses(basic: string | null, application: string | null): Addresses {
  const own = basic ? (/^[A-Z]\d{2}([A-Z0-9]{12})/.exec(basic)?.[1] ?? null) : null;
  const input = application ? /^I(\d{3})([A-Z0-9]{12})/.exec(application) : null;
  if (input) {
    return {
      messageType: input[1]!,
      direction: "input",
      senderLogicalTerminal: own,
      receiverLogicalTerminal: input[2]!,
    };
  }
  const output = application ? /^O(\d{3})\d{4}\d{6}([A-Z0-9]{12})/.exec(application) : null;
  if (output) {
    return {
      messageType: output[1]!,
      direction: "output",
      senderLogicalTerminal: output[2]!,
      receiverLogicalTerminal: own,
    };
  }
  const typeOnly = application ? /^[IO]?(\d{3})/.exec(application) : null;
  return {
    messageType: typeOnly?.[1] ?? null,
    direction: null,
    senderLogicalTerminal: own,
    receiverLogicalTerminal: null,
  };
}

/** `FOOSGB2LIXXX` → `FOOSGB2LXXX`: the ninth character is the terminal code, not part of the BIC. */
export function bicFromLogicalTerminal(logicalTerminal: string | null): string | null {
  if (logicalTerminal === null || logicalTerminal.length !== 12) return null;
  return logicalTerminal.slice(0, 8) + logicalTerminal.slice(9);
}

/**
 * A SWIFT amount: digits with a comma as the decimal separator, which SWIFT requires even for
 * whole amounts (`3723495,`). A missing comma is accepted (some bank exports drop it). Returns
 * null for anything else (signs, dots, grouping, several commas).
 */
export function parseSwiftAmount(text: string): Decimal | null {
  const match = /^(\d+)(?:,(\d*))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? "";
  return parseDecimal(fraction === "" ? match[1]! : `${match[1]!}.${fraction}`);
}

/** The SWIFT way of writing a decimal: comma separator, no sign (`1234,5`, `0,`). */
export function formatSwiftAmount(amount: Decimal): string {
  if (amount.units < 0n) throw new Error("SWIFT amounts are unsigned; the sign is a D/C mark");
  const digits = amount.units.toString().padStart(amount.scale + 1, "0");
  const whole = digits.slice(0, digits.length - amount.scale);
  return `${whole},${digits.slice(digits.length - amount.scale)}`;
}

/**
 * Two-digit years: 70–99 are 1970–1999 and 00–69 are 2000–2069, the POSIX `%y` pivot. SWIFT
 * statements in circulation date from the 1990s on, so the window covers them with room to spare.
 */
export function fullYearFromTwoDigits(twoDigits: number): number {
  return twoDigits >= 70 ? 1900 + twoDigits : 2000 + twoDigits;
}

/** `YYMMDD` → IsoDate, or null when it is not a real date. */
export function isoDateFromYymmdd(text: string): IsoDate | null {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return null;
  const year = fullYearFromTwoDigits(Number(match[1]));
  return parseIsoDate(`${year}-${match[2]!}-${match[3]!}`);
}

/** `YYYYMMDD` → IsoDate, or null when it is not a real date. */
export function isoDateFromYyyymmdd(text: string): IsoDate | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return null;
  return parseIsoDate(`${match[1]!}-${match[2]!}-${match[3]!}`);
}
