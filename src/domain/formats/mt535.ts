/**
 * SWIFT MT535 Statement of Holdings → holdings per safekeeping account, plus issues. A custodian's
 * MT535 is the securities side of the 4522(b)(1) reconciliation (REFERENCE.md §8), so every FIN
 * (financial instrument) sequence ends as a holding or as an issue that names its line; a message
 * cut short (a sequence opened and never closed) is reported, never read as if it were complete.
 */
import type { Decimal } from "../decimal";
import { negate } from "../decimal";
import { classifySecurityId } from "../identifiers";
import type { IsoDate } from "../isoDate";
import type { Issue } from "../issues";
import {
  isoDateFromYyyymmdd,
  lineIssue,
  parseSwiftAmount,
  tokenizeSwift,
  type SwiftField,
  type SwiftMessage,
} from "./swift";

export type QuantityType = "FAMT" | "UNIT" | "AMOR";

export interface HoldingQuantity {
  /** The 93B balance qualifier: AGGR, AVAI, NAVL, … */
  readonly qualifier: string;
  /** Face amount (FAMT, AMOR) or units (UNIT); negative when the balance carries the N sign. */
  readonly quantity: Decimal;
  readonly type: QuantityType;
  readonly line: number;
}

export interface SubBalance {
  /** The sub-balance: its qualifier says which (AVAI, BLOK, PEND…). */
  readonly balance: HoldingQuantity;
  /** 94a place of safekeeping as written (`CUST/FOOSUS33`), or null. */
  readonly placeOfSafekeeping: string | null;
  /** 70C narrative, or null. */
  readonly narrative: string | null;
  readonly line: number;
}

export interface Holding {
  /** The ISIN from the `ISIN …` line of 35B, as written; null when 35B gives none. */
  readonly isin: string | null;
  /** A non-ISIN identifier line of 35B such as `/US/037833100`, or null. */
  readonly otherId: string | null;
  /** The description lines of 35B joined with spaces ("" when there are none). */
  readonly description: string;
  /** The whole 35B text, as written. */
  readonly securityText: string;
  readonly aggregate: HoldingQuantity;
  readonly available: HoldingQuantity | null;
  /** Every 93B balance of the holding in file order (AGGR and AVAI included). */
  readonly balances: readonly HoldingQuantity[];
  readonly placeOfSafekeeping: string | null;
  readonly subBalances: readonly SubBalance[];
  /** Line of the `:16R:FIN` that opens the holding. */
  readonly line: number;
}

export interface Mt535Statement {
  /** First line of the message. */
  readonly line: number;
  readonly senderBic: string | null;
  readonly receiverBic: string | null;
  readonly statementDate: IsoDate | null;
  /** 98C PREP as `YYYY-MM-DDTHH:MM:SS` (the custodian's local time), or null. */
  readonly preparedAt: string | null;
  /** 28E as written, e.g. `6/MORE`. */
  readonly page: string | null;
  readonly pageNumber: number | null;
  /** MORE (more pages follow), LAST or ONLY. */
  readonly pageIndicator: string | null;
  /** 20C SEME, the sender's reference of the statement. */
  readonly reference: string | null;
  /** 23G, e.g. NEWM. */
  readonly functionCode: string | null;
  readonly safekeepingAccount: string | null;
  /** 17B ACTI: whether the custodian says the account has holdings to report. */
  readonly activity: boolean | null;
  readonly holdings: readonly Holding[];
}

export interface Mt535Result {
  readonly statements: readonly Mt535Statement[];
  readonly issues: readonly Issue[];
}

export function parseMt535(text: string, fileName: string): Mt535Result {
  const tokens = tokenizeSwift(text, fileName);
  const issues: Issue[] = [...tokens.issues];
  const statements: Mt535Statement[] = [];
  for (const message of tokens.messages) {
    if (message.messageType !== null && message.messageType !== "535") {
      issues.push(otherMessageTypeIssue(fileName, message));
      continue;
    }
    const statement = parseStatement(message, fileName, issues);
    statements.push(statement);
    issues.push(...statementIssues(statement, fileName));
  }
  if (tokens.messages.length === 0) issues.push(noMessageIssue(fileName));
  return { statements, issues };
}

interface HoldingBuilder {
  readonly line: number;
  security: SwiftField | null;
  balances: HoldingQuantity[];
  placeOfSafekeeping: string | null;
  subBalances: SubBalance[];
}

interface SubBalanceBuilder {
  readonly line: number;
  balance: HoldingQuantity | null;
  placeOfSafekeeping: string | null;
  narrative: string | null;
}

interface OpenSequence {
  readonly name: string;
  readonly line: number;
}

interface Context {
  readonly fileName: string;
  readonly issues: Issue[];
  readonly sequences: OpenSequence[];
  readonly holdings: Holding[];
  holding: HoldingBuilder | null;
  subBalance: SubBalanceBuilder | null;
  general: GeneralFields;
}

interface GeneralFields {
  statementDate: IsoDate | null;
  preparedAt: string | null;
  page: string | null;
  reference: string | null;
  functionCode: string | null;
  safekeepingAccount: string | null;
  activity: boolean | null;
}

function parseStatement(message: SwiftMessage, fileName: string, issues: Issue[]): Mt535Statement {
  const context: Context = {
    fileName,
    issues,
    sequences: [],
    holdings: [],
    holding: null,
    subBalance: null,
    general: {
      statementDate: null,
      preparedAt: null,
      page: null,
      reference: null,
      functionCode: null,
      safekeepingAccount: null,
      activity: null,
    },
  };
  for (const field of message.fields) {
    if (field.tag === "16R") openSequence(context, field);
    else if (field.tag === "16S") closeSequence(context, field);
    else readField(context, field);
  }
  closeSequencesLeftOpen(context, message);
  const page = /^(\d+)\/([A-Z]{4})$/.exec(context.general.page ?? "");
  return {
    line: message.line,
    senderBic: message.senderBic,
    receiverBic: message.receiverBic,
    ...context.general,
    pageNumber: page ? Number(page[1]) : null,
    pageIndicator: page ? page[2]! : null,
    holdings: context.holdings,
  };
}

function openSequence(context: Context, field: SwiftField): void {
  const name = field.value.trim();
  context.sequences.push({ name, line: field.line });
  if (name === "FIN") {
    context.holding = {
      line: field.line,
      security: null,
      balances: [],
      placeOfSafekeeping: null,
      subBalances: [],
    };
  }
  if (name === "SUBBAL" && context.holding) {
    context.subBalance = {
      line: field.line,
      balance: null,
      placeOfSafekeeping: null,
      narrative: null,
    };
  }
}

function closeSequence(context: Context, field: SwiftField): void {
  const name = field.value.trim();
  const index = context.sequences.map((sequence) => sequence.name).lastIndexOf(name);
  if (index < 0) {
    context.issues.push(
      lineIssue(
        context.fileName,
        field.line,
        "swift_sequence_must_be_opened",
        "warning",
        `:16S:${name} closes a sequence that was never opened with :16R:${name}.`,
        "Check that the file was not cut or edited; the fields around this line may be out of place.",
      ),
    );
    return;
  }
  while (context.sequences.length > index + 1) {
    const inner = context.sequences.pop()!;
    context.issues.push(unclosedSequenceIssue(context.fileName, inner, `line ${field.line}`));
    finishSequence(context, inner.name);
  }
  context.sequences.pop();
  finishSequence(context, name);
}

function closeSequencesLeftOpen(context: Context, message: SwiftMessage): void {
  while (context.sequences.length > 0) {
    const sequence = context.sequences.pop()!;
    const end = `the end of the message (line ${message.endLine})`;
    context.issues.push(unclosedSequenceIssue(context.fileName, sequence, end));
    finishSequence(context, sequence.name);
  }
}

function unclosedSequenceIssue(fileName: string, sequence: OpenSequence, end: string): Issue {
  const holdingsMayBeMissing =
    sequence.name === "FIN" || sequence.name === "SUBSAFE" ? " and holdings may be missing" : "";
  return lineIssue(
    fileName,
    sequence.line,
    "swift_sequence_must_be_closed",
    "error",
    `sequence ${sequence.name} opened here (:16R:${sequence.name}) is not closed with :16S:${sequence.name} before ${end}; the statement looks truncated${holdingsMayBeMissing}.`,
    "Ask the custodian to send the complete statement again before reconciling against it.",
  );
}

function finishSequence(context: Context, name: string): void {
  if (name === "SUBBAL") finishSubBalance(context);
  if (name === "FIN") finishHolding(context);
}

function readField(context: Context, field: SwiftField): void {
  const sequence = context.sequences[context.sequences.length - 1]?.name ?? null;
  if (sequence === "GENL") readGeneralField(context, field);
  else if (sequence === "SUBBAL" && context.subBalance) readSubBalanceField(context, field);
  else if (sequence === "FIN" && context.holding) readHoldingField(context, field);
}

/** `:QUAL//value` or `:QUAL/issuer/value` → qualifier and value. */
function qualified(value: string): { qualifier: string; value: string } | null {
  const match = /^:([A-Z0-9]{4})\/[A-Z0-9]{0,8}\/([\s\S]*)$/.exec(value);
  return match ? { qualifier: match[1]!, value: match[2]! } : null;
}

function readGeneralField(context: Context, field: SwiftField): void {
  const general = context.general;
  const item = qualified(field.value);
  if (field.tag === "28E") general.page = field.value.trim();
  else if (field.tag === "23G") general.functionCode = field.value.trim();
  else if (field.tag === "20C" && item?.qualifier === "SEME") general.reference = item.value.trim();
  else if (field.tag.startsWith("98") && item?.qualifier === "STAT") {
    general.statementDate = isoDateFromYyyymmdd(item.value.slice(0, 8));
    if (general.statementDate === null) context.issues.push(badDateIssue(context, field));
  } else if (field.tag === "98C" && item?.qualifier === "PREP") {
    general.preparedAt = dateTimeText(item.value);
  } else if (field.tag === "97A" && item?.qualifier === "SAFE") {
    general.safekeepingAccount = item.value.trim();
  } else if (field.tag === "97B" && item?.qualifier === "SAFE") {
    // 97B is :SAFE/issuer/type/account: the account is what follows the type code.
    general.safekeepingAccount = item.value.replace(/^[A-Z0-9]{4}\//, "").trim();
  } else if (field.tag === "17B" && item?.qualifier === "ACTI") {
    general.activity = item.value.trim() === "Y";
  }
}

function dateTimeText(value: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(value);
  if (!match || isoDateFromYyyymmdd(value.slice(0, 8)) === null) return null;
  return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`;
}

function badDateIssue(context: Context, field: SwiftField): Issue {
  return lineIssue(
    context.fileName,
    field.line,
    "statement_date_must_be_a_date",
    "error",
    `the statement date :${field.tag}:${field.value} is not a real YYYYMMDD date.`,
    "Ask the custodian for a corrected statement; the holdings cannot be dated without it.",
  );
}

function readHoldingField(context: Context, field: SwiftField): void {
  const holding = context.holding!;
  if (field.tag === "35B") {
    holding.security = field;
  } else if (field.tag === "93B") {
    const balance = readBalance(context, field);
    if (balance) holding.balances.push(balance);
  } else if (field.tag.startsWith("94") && qualified(field.value)?.qualifier === "SAFE") {
    holding.placeOfSafekeeping = qualified(field.value)!.value.trim();
  }
}

function readSubBalanceField(context: Context, field: SwiftField): void {
  const subBalance = context.subBalance!;
  if (field.tag === "93B") {
    const balance = readBalance(context, field);
    if (balance && subBalance.balance === null) subBalance.balance = balance;
    else if (balance) context.issues.push(secondSubBalanceIssue(context.fileName, field));
  } else if (field.tag.startsWith("94") && qualified(field.value)?.qualifier === "SAFE") {
    subBalance.placeOfSafekeeping = qualified(field.value)!.value.trim();
  } else if (field.tag === "70C") {
    subBalance.narrative = qualified(field.value)?.value.trim() ?? field.value.trim();
  }
}

function secondSubBalanceIssue(fileName: string, field: SwiftField): Issue {
  return lineIssue(
    fileName,
    field.line,
    "sub_balance_must_have_one_balance",
    "warning",
    `a second 93B balance (${field.value}) in one SUBBAL sequence; the first one is used.`,
    "Check the sub-balances of this holding against the custodian's report.",
  );
}

const QUANTITY_TYPES: readonly string[] = ["FAMT", "UNIT", "AMOR"];

/** 93B `:QUAL/[issuer]/TYPE/[N]amount`, e.g. `:AGGR//FAMT/300,`. */
function readBalance(context: Context, field: SwiftField): HoldingQuantity | null {
  const match = /^:([A-Z0-9]{4})\/[A-Z0-9]{0,8}\/([A-Z0-9]{4})\/(N?)(\S+)$/.exec(
    field.value.trim(),
  );
  const amount = match ? parseSwiftAmount(match[4]!) : null;
  if (!match || amount === null || !QUANTITY_TYPES.includes(match[2]!)) {
    context.issues.push(
      lineIssue(
        context.fileName,
        field.line,
        "holding_balance_must_be_a_quantity",
        "error",
        `:93B:${field.value} is not a balance of the form :QUAL//FAMT/123,45 (type FAMT, UNIT or AMOR; comma decimals); it was not read.`,
        "Ask the custodian for a corrected statement, or reconcile this holding by hand.",
      ),
    );
    return null;
  }
  return {
    qualifier: match[1]!,
    quantity: match[3] === "N" ? negate(amount) : amount,
    type: match[2] as QuantityType,
    line: field.line,
  };
}

function finishSubBalance(context: Context): void {
  const subBalance = context.subBalance;
  context.subBalance = null;
  if (!subBalance || !context.holding) return;
  if (subBalance.balance === null) {
    context.issues.push(
      lineIssue(
        context.fileName,
        subBalance.line,
        "sub_balance_must_have_a_balance",
        "warning",
        "the SUBBAL sequence opened here has no 93B balance; it was not read.",
        "Check the sub-balances of this holding against the custodian's report.",
      ),
    );
    return;
  }
  context.holding.subBalances.push({
    balance: subBalance.balance,
    placeOfSafekeeping: subBalance.placeOfSafekeeping,
    narrative: subBalance.narrative,
    line: subBalance.line,
  });
}

function finishHolding(context: Context): void {
  const holding = context.holding;
  context.holding = null;
  if (!holding) return;
  const empty = holding.security === null && holding.balances.length === 0;
  // An empty FIN cut off by the end of the message is already reported as unclosed.
  if (empty) return;
  const aggregate = holding.balances.find((balance) => balance.qualifier === "AGGR") ?? null;
  if (holding.security === null || aggregate === null) {
    context.issues.push(incompleteHoldingIssue(context.fileName, holding, aggregate === null));
    return;
  }
  const security = readSecurity(context, holding.security);
  context.holdings.push({
    ...security,
    aggregate,
    available: holding.balances.find((balance) => balance.qualifier === "AVAI") ?? null,
    balances: holding.balances,
    placeOfSafekeeping: holding.placeOfSafekeeping,
    subBalances: holding.subBalances,
    line: holding.line,
  });
}

function incompleteHoldingIssue(
  fileName: string,
  holding: HoldingBuilder,
  aggregateMissing: boolean,
): Issue {
  const what = aggregateMissing
    ? "no aggregate balance (:93B::AGGR//…)"
    : "no financial instrument (:35B:)";
  return lineIssue(
    fileName,
    holding.line,
    aggregateMissing
      ? "holding_must_have_an_aggregate_balance"
      : "holding_must_identify_a_security",
    "error",
    `the holding opened here has ${what}, so it cannot be reconciled; it was not read.`,
    "Ask the custodian for a corrected statement, or reconcile this holding by hand.",
  );
}

interface SecurityText {
  readonly isin: string | null;
  readonly otherId: string | null;
  readonly description: string;
  readonly securityText: string;
}

/**
 * 35B is `[ISIN1!e12!c]` then up to 4 lines of 35 characters; a first description line shaped
 * `/CC/…` is a national identifier (`/US/037833100`). Descriptions may hold colons
 * (`AVAI:=200`), which is why fields start only at the beginning of a line.
 */
function readSecurity(context: Context, field: SwiftField): SecurityText {
  let lines = field.value.split("\n").map((line) => line.trim());
  let isin: string | null = null;
  const isinLine = /^ISIN\s+(\S+)$/.exec(lines[0] ?? "");
  if (isinLine) {
    isin = isinLine[1]!.toUpperCase();
    lines = lines.slice(1);
    checkIsin(context, field, isin);
  }
  let otherId: string | null = null;
  if (/^\/[A-Z]{2}\/\S/.test(lines[0] ?? "")) {
    otherId = lines[0]!;
    lines = lines.slice(1);
  }
  return {
    isin,
    otherId,
    description: lines.filter((line) => line !== "").join(" "),
    securityText: field.value,
  };
}

function checkIsin(context: Context, field: SwiftField, isin: string): void {
  const result = classifySecurityId(isin);
  if (result.ok && result.kind === "isin") return;
  context.issues.push(
    lineIssue(
      context.fileName,
      field.line,
      result.ok ? "isin_must_be_twelve_characters" : result.code,
      "error",
      result.ok
        ? `"${isin}" follows "ISIN" in 35B but is not shaped like an ISIN.`
        : result.message,
      result.ok ? "Check the identifier against the custodian's report." : result.hint,
    ),
  );
}

function statementIssues(statement: Mt535Statement, fileName: string): Issue[] {
  const issues: Issue[] = [];
  const name = describeStatement(statement);
  if (statement.statementDate === null) {
    issues.push(
      lineIssue(
        fileName,
        statement.line,
        "statement_must_have_a_date",
        "error",
        `${name} has no statement date (:98A::STAT//YYYYMMDD).`,
        "Ask the custodian for a statement that carries its as-of date.",
      ),
    );
  }
  if (statement.safekeepingAccount === null) {
    issues.push(
      lineIssue(
        fileName,
        statement.line,
        "statement_must_name_its_safekeeping_account",
        "warning",
        `${name} has no safekeeping account (:97A::SAFE//…).`,
        "Choose the account (location) the statement belongs to by hand.",
      ),
    );
  }
  if (statement.pageIndicator === "MORE") issues.push(morePagesIssue(statement, fileName, name));
  if (statement.holdings.length === 0) issues.push(noHoldingsIssue(statement, fileName, name));
  return issues;
}

function describeStatement(statement: Mt535Statement): string {
  const reference = statement.reference ? ` ${statement.reference}` : "";
  const account = statement.safekeepingAccount ? ` of account ${statement.safekeepingAccount}` : "";
  const date = statement.statementDate ? ` dated ${statement.statementDate}` : "";
  return `statement${reference}${account}${date}`;
}

function morePagesIssue(statement: Mt535Statement, fileName: string, name: string): Issue {
  return lineIssue(
    fileName,
    statement.line,
    "statement_pages_must_all_be_loaded",
    "info",
    `${name} is page ${statement.pageNumber} and more pages follow (28E ${statement.page}); this message holds only part of the holdings.`,
    "Load every page of the statement together; a holding on a missing page would show as a short break.",
  );
}

function noHoldingsIssue(statement: Mt535Statement, fileName: string, name: string): Issue {
  const flag = statement.activity === null ? "" : ` (17B ACTI//${statement.activity ? "Y" : "N"})`;
  return lineIssue(
    fileName,
    statement.line,
    "statement_has_no_holdings",
    "info",
    `${name} lists no holdings${flag}.`,
    "Nothing to do if the account is empty at the custodian; otherwise ask for the statement again.",
  );
}

function otherMessageTypeIssue(fileName: string, message: SwiftMessage): Issue {
  return lineIssue(
    fileName,
    message.line,
    "message_type_must_be_535",
    "warning",
    `the message starting here is an MT${message.messageType}, not an MT535 statement of holdings; it was not read.`,
    "Load it with the reader for its type, or remove it from the file.",
  );
}

function noMessageIssue(fileName: string): Issue {
  return {
    code: "statement_file_must_hold_a_message",
    severity: "error",
    where: { sheet: fileName },
    message: `${fileName}: no SWIFT message (no {1: block or :tag: line) was found.`,
    hint: "Check that this is the MT535 file from the custodian and not an empty or different file.",
  };
}
