/**
 * SWIFT MT940 (customer statement) and MT950 (statement message) → cash statements with their
 * balances and entries, plus issues. These are the money side of the 4522(b)(1) reconciliation
 * (REFERENCE.md §8). Two checks make a statement trustworthy before its balance is used:
 * it foots (opening + credits − debits = closing) and it chains (each statement of an account
 * opens where the previous one closed). Both are reported as issues with the line they concern.
 */
import {
  add,
  compare,
  negate,
  subtract,
  sum,
  toDecimalString,
  ZERO,
  type Decimal,
} from "../decimal";
import { epochDay, parseIsoDate, type IsoDate } from "../isoDate";
import type { Issue } from "../issues";
import {
  isoDateFromYymmdd,
  lineIssue,
  parseSwiftAmount,
  tokenizeSwift,
  type SwiftField,
  type SwiftMessage,
} from "./swift";

export type BalanceMark = "C" | "D";
/** C credit, D debit, RC reversal of a credit (a debit), RD reversal of a debit (a credit). */
export type EntryMark = "C" | "D" | "RC" | "RD";

export interface CashBalance {
  /** `60F`, `60M`, `62F`, `62M`, `64` or `65`. */
  readonly tag: string;
  readonly mark: BalanceMark;
  readonly date: IsoDate | null;
  readonly currency: string;
  /** As written: never negative; the mark gives the side. */
  readonly amount: Decimal;
  /** Credit balances positive, debit balances negative. */
  readonly signedAmount: Decimal;
  readonly line: number;
}

export interface CashEntry {
  readonly valueDate: IsoDate | null;
  /** The booking date when the entry gives one (MMDD; the year is the value date's nearest). */
  readonly entryDate: IsoDate | null;
  readonly mark: EntryMark;
  /** Third letter of the currency code, when the bank gives it. */
  readonly fundsCode: string | null;
  readonly amount: Decimal;
  /** Positive for credits (C, RD), negative for debits (D, RC). */
  readonly signedAmount: Decimal;
  /** Transaction type identification code: `NMSC`, `S103`, `FTRF`, … */
  readonly transactionType: string;
  readonly customerReference: string;
  readonly bankReference: string | null;
  /** The continuation lines of :61: (e.g. `/US/037833100/SHS/1235,`), or null. */
  readonly supplementaryDetails: string | null;
  /** The :86: narrative that follows the entry (MT940), or null. */
  readonly narrative: string | null;
  readonly line: number;
}

export interface CashStatement {
  /** `940` or `950` from block 2; null when the file has no headers. */
  readonly messageType: string | null;
  /** Line of the :20: that starts the statement. */
  readonly line: number;
  /** :20: transaction reference. */
  readonly reference: string | null;
  readonly account: string | null;
  /** :28C: (or the older :28:) statement number / sequence number, as written. */
  readonly statementNumber: string | null;
  readonly opening: CashBalance | null;
  readonly entries: readonly CashEntry[];
  readonly closing: CashBalance | null;
  readonly closingAvailable: CashBalance | null;
  readonly forwardAvailable: readonly CashBalance[];
  /** :86: information to the account owner that belongs to no entry. */
  readonly information: string | null;
  readonly totalCredits: Decimal;
  readonly totalDebits: Decimal;
  /** opening + credits − debits = closing; null when a balance is missing or unreadable. */
  readonly foots: boolean | null;
}

export interface CashStatementResult {
  readonly statements: readonly CashStatement[];
  readonly issues: readonly Issue[];
}

const CASH_MESSAGE_TYPES: readonly string[] = ["940", "950"];

export function parseCashStatement(text: string, fileName: string): CashStatementResult {
  const tokens = tokenizeSwift(text, fileName);
  const issues: Issue[] = [...tokens.issues];
  const statements: CashStatement[] = [];
  for (const message of tokens.messages) {
    if (message.messageType !== null && !CASH_MESSAGE_TYPES.includes(message.messageType)) {
      issues.push(otherMessageTypeIssue(fileName, message));
      continue;
    }
    for (const fields of splitAtReferences(message.fields)) {
      statements.push(readStatement(message.messageType, fields, fileName, issues));
    }
  }
  if (statements.length === 0) issues.push(noStatementIssue(fileName));
  statements.forEach((statement) => issues.push(...checkStatement(statement, fileName)));
  issues.push(...checkChains(statements, fileName));
  return { statements, issues };
}

/** Some banks send several statements in one text block; each :20: starts a new one. */
function splitAtReferences(fields: readonly SwiftField[]): SwiftField[][] {
  const groups: SwiftField[][] = [];
  for (const field of fields) {
    const current = groups[groups.length - 1];
    if (!current || (field.tag === "20" && current.some((f) => f.tag === "20"))) {
      groups.push([field]);
    } else {
      current.push(field);
    }
  }
  return groups;
}

interface StatementBuilder {
  reference: string | null;
  account: string | null;
  statementNumber: string | null;
  opening: CashBalance | null;
  entries: CashEntry[];
  closing: CashBalance | null;
  closingAvailable: CashBalance | null;
  forwardAvailable: CashBalance[];
  information: string[];
}

function readStatement(
  messageType: string | null,
  fields: readonly SwiftField[],
  fileName: string,
  issues: Issue[],
): CashStatement {
  const builder: StatementBuilder = {
    reference: null,
    account: null,
    statementNumber: null,
    opening: null,
    entries: [],
    closing: null,
    closingAvailable: null,
    forwardAvailable: [],
    information: [],
  };
  let previousTag: string | null = null;
  for (const field of fields) {
    readField(builder, field, previousTag, fileName, issues);
    previousTag = field.tag;
  }
  const credits = builder.entries.filter((entry) => entry.signedAmount.units > 0n);
  const debits = builder.entries.filter((entry) => entry.signedAmount.units < 0n);
  const totalCredits = sum(credits.map((entry) => entry.amount));
  const totalDebits = sum(debits.map((entry) => entry.amount));
  return {
    messageType,
    line: fields[0]!.line,
    reference: builder.reference,
    account: builder.account,
    statementNumber: builder.statementNumber,
    opening: builder.opening,
    entries: builder.entries,
    closing: builder.closing,
    closingAvailable: builder.closingAvailable,
    forwardAvailable: builder.forwardAvailable,
    information: builder.information.length > 0 ? builder.information.join("\n") : null,
    totalCredits,
    totalDebits,
    foots: foots(builder.opening, builder.closing, totalCredits, totalDebits),
  };
}

function foots(
  opening: CashBalance | null,
  closing: CashBalance | null,
  credits: Decimal,
  debits: Decimal,
): boolean | null {
  if (!opening || !closing) return null;
  return compare(expectedClosing(opening, credits, debits), closing.signedAmount) === 0;
}

function expectedClosing(opening: CashBalance, credits: Decimal, debits: Decimal): Decimal {
  return subtract(add(opening.signedAmount, credits), debits);
}

function readField(
  builder: StatementBuilder,
  field: SwiftField,
  previousTag: string | null,
  fileName: string,
  issues: Issue[],
): void {
  const value = field.value.trim();
  switch (field.tag) {
    case "20":
      builder.reference = value;
      return;
    case "25":
    case "25P":
      builder.account = value.split("\n")[0]!.trim();
      return;
    case "28":
    case "28C":
      builder.statementNumber = value;
      return;
    case "60F":
    case "60M":
      builder.opening = readBalance(field, fileName, issues) ?? builder.opening;
      return;
    case "62F":
    case "62M":
      builder.closing = readBalance(field, fileName, issues) ?? builder.closing;
      return;
    case "64":
      builder.closingAvailable = readBalance(field, fileName, issues);
      return;
    case "65": {
      const balance = readBalance(field, fileName, issues);
      if (balance) builder.forwardAvailable.push(balance);
      return;
    }
    case "61": {
      const entry = readEntry(field, fileName, issues);
      if (entry) builder.entries.push(entry);
      return;
    }
    case "86":
      attachNarrative(builder, field, previousTag);
      return;
  }
}

/** An :86: right after an :61: describes that entry; anywhere else it is statement information. */
function attachNarrative(builder: StatementBuilder, field: SwiftField, previousTag: string | null) {
  const last = builder.entries[builder.entries.length - 1];
  if (previousTag === "61" && last && last.narrative === null) {
    builder.entries[builder.entries.length - 1] = { ...last, narrative: field.value };
  } else {
    builder.information.push(field.value);
  }
}

const BALANCE = /^([CD])(\d{6})([A-Z]{3})([0-9,]+)$/;

/** `C131016DEM84349,74`: mark, YYMMDD, currency, amount. */
function readBalance(field: SwiftField, fileName: string, issues: Issue[]): CashBalance | null {
  const match = BALANCE.exec(field.value.trim());
  const amount = match ? parseSwiftAmount(match[4]!) : null;
  const date = match ? isoDateFromYymmdd(match[2]!) : null;
  if (!match || amount === null || date === null) {
    issues.push(
      lineIssue(
        fileName,
        field.line,
        "statement_balance_must_be_readable",
        "error",
        `:${field.tag}:${field.value.trim()} is not a balance of the form C/D, YYMMDD, currency, amount with a decimal comma (e.g. C240312USD17376,67); it was not read.`,
        "Ask the bank for a corrected statement; without this balance the statement cannot be checked.",
      ),
    );
    return null;
  }
  const mark = match[1] as BalanceMark;
  return {
    tag: field.tag,
    mark,
    date,
    currency: match[3]!,
    amount,
    signedAmount: mark === "C" ? amount : negate(amount),
    line: field.line,
  };
}

/**
 * :61: is `YYMMDD[MMDD]{C|D|RC|RD}[funds code]amount{type}{reference}[//bank reference]` and an
 * optional second line of supplementary details. The entry date may be four spaces (Citi).
 */
const ENTRY = /^(\d{6})(\d{4}| {4})?(RC|RD|C|D)([A-Z])?(\d[0-9,]*)([A-Z][A-Z0-9]{3})(.*)$/;

function readEntry(field: SwiftField, fileName: string, issues: Issue[]): CashEntry | null {
  const [first = "", ...details] = field.value.split("\n");
  const match = ENTRY.exec(first.trimEnd());
  const amount = match ? parseSwiftAmount(match[5]!) : null;
  if (!match || amount === null) {
    issues.push(unreadableEntryIssue(field, fileName));
    return null;
  }
  const valueDate = isoDateFromYymmdd(match[1]!);
  const mark = match[3] as EntryMark;
  const [customerReference = "", ...bankParts] = match[7]!.split("//");
  const supplementary = details.map((line) => line.trim()).filter((line) => line !== "");
  return {
    valueDate,
    entryDate: entryDateNear(valueDate, match[2]?.trim() ?? ""),
    mark,
    fundsCode: match[4] ?? null,
    amount,
    signedAmount: mark === "C" || mark === "RD" ? amount : negate(amount),
    transactionType: match[6]!,
    customerReference: customerReference.trim(),
    bankReference: bankParts.join("//").trim() || null,
    supplementaryDetails: supplementary.length > 0 ? supplementary.join("\n") : null,
    narrative: null,
    line: field.line,
  };
}

function unreadableEntryIssue(field: SwiftField, fileName: string): Issue {
  return lineIssue(
    fileName,
    field.line,
    "statement_entry_must_be_readable",
    "error",
    `:61:${field.value.split("\n")[0]} is not an entry of the form YYMMDD[MMDD], C/D/RC/RD, amount with a decimal comma, type code, reference; it was not read, so the statement will not foot.`,
    "Ask the bank for a corrected statement, or add this entry by hand.",
  );
}

/** MMDD carries no year: take the one that puts the entry date closest to the value date. */
function entryDateNear(valueDate: IsoDate | null, monthDay: string): IsoDate | null {
  if (valueDate === null || !/^\d{4}$/.test(monthDay)) return null;
  const year = Number(valueDate.slice(0, 4));
  const candidates = [year - 1, year, year + 1]
    .map((y) => parseIsoDate(`${y}-${monthDay.slice(0, 2)}-${monthDay.slice(2)}`))
    .filter((date): date is IsoDate => date !== null);
  let best: IsoDate | null = null;
  for (const candidate of candidates) {
    const distance = Math.abs(epochDay(candidate) - epochDay(valueDate));
    if (best === null || distance < Math.abs(epochDay(best) - epochDay(valueDate))) {
      best = candidate;
    }
  }
  return best;
}

function describeStatement(statement: CashStatement): string {
  const number = statement.statementNumber ? ` ${statement.statementNumber}` : "";
  const account = statement.account ? ` of account ${statement.account}` : "";
  return `statement${number}${account}`;
}

function describeBalance(balance: CashBalance): string {
  return `${balance.currency} ${toDecimalString(balance.amount)} ${balance.mark === "C" ? "credit" : "debit"} (${balance.tag})`;
}

function describeSigned(amount: Decimal, currency: string): string {
  const side = amount.units < 0n ? "debit" : "credit";
  return `${currency} ${toDecimalString(amount.units < 0n ? negate(amount) : amount)} ${side}`;
}

function checkStatement(statement: CashStatement, fileName: string): Issue[] {
  const name = describeStatement(statement);
  const { opening, closing } = statement;
  const issues: Issue[] = [];
  if (statement.account === null) issues.push(missingAccountIssue(statement, fileName, name));
  if (!opening || !closing) {
    issues.push(missingBalanceIssue(statement, fileName, name, opening ? "closing" : "opening"));
    return issues;
  }
  if (opening.currency !== closing.currency) {
    issues.push(
      lineIssue(
        fileName,
        closing.line,
        "statement_currency_must_not_change",
        "error",
        `${name} opens in ${opening.currency} (line ${opening.line}) but closes in ${closing.currency}.`,
        "Ask the bank which currency the account is kept in; the statement cannot be footed.",
      ),
    );
    return issues;
  }
  if (statement.foots === false)
    issues.push(notFootingIssue(statement, opening, closing, fileName));
  return issues;
}

function notFootingIssue(
  statement: CashStatement,
  opening: CashBalance,
  closing: CashBalance,
  fileName: string,
): Issue {
  const credits = statement.entries.filter((entry) => entry.signedAmount.units > 0n).length;
  const debits = statement.entries.filter((entry) => entry.signedAmount.units < 0n).length;
  const expected = expectedClosing(opening, statement.totalCredits, statement.totalDebits);
  const difference = subtract(closing.signedAmount, expected);
  const currency = opening.currency;
  return lineIssue(
    fileName,
    closing.line,
    "cash_statement_must_foot",
    "error",
    `${describeStatement(statement)} does not foot: opening ${describeBalance(opening)} + credits ${toDecimalString(statement.totalCredits)} (${credits} entries) − debits ${toDecimalString(statement.totalDebits)} (${debits} entries) = ${describeSigned(expected, currency)}, but the closing balance is ${describeBalance(closing)}; difference ${toDecimalString(difference)}.`,
    "Look for a missing or unreadable :61: entry; if none, ask the bank for the complete statement before using its balance.",
  );
}

function missingAccountIssue(statement: CashStatement, fileName: string, name: string): Issue {
  return lineIssue(
    fileName,
    statement.line,
    "statement_must_name_its_account",
    "warning",
    `${name} has no account identification (:25:).`,
    "Choose the account the statement belongs to by hand.",
  );
}

function missingBalanceIssue(
  statement: CashStatement,
  fileName: string,
  name: string,
  which: "opening" | "closing",
): Issue {
  const tags = which === "opening" ? ":60F: or :60M:" : ":62F: or :62M:";
  return lineIssue(
    fileName,
    statement.line,
    `statement_must_have_${which}_balance`,
    "error",
    `${name} has no readable ${which} balance (${tags}), so it cannot be footed.`,
    "Ask the bank for the complete statement; it may have been cut short.",
  );
}

/** Consecutive statements of one account, in file order: each must open at the last close. */
function checkChains(statements: readonly CashStatement[], fileName: string): Issue[] {
  const issues: Issue[] = [];
  const lastByAccount = new Map<string, CashStatement>();
  for (const statement of statements) {
    if (statement.account === null) continue;
    const previous = lastByAccount.get(statement.account);
    lastByAccount.set(statement.account, statement);
    if (!previous?.closing || !statement.opening) continue;
    if (sameBalance(previous.closing, statement.opening)) continue;
    issues.push(
      brokenChainIssue(previous, previous.closing, statement, statement.opening, fileName),
    );
  }
  return issues;
}

function sameBalance(closing: CashBalance, opening: CashBalance): boolean {
  return (
    closing.currency === opening.currency &&
    compare(closing.signedAmount, opening.signedAmount) === 0
  );
}

function brokenChainIssue(
  previous: CashStatement,
  closing: CashBalance,
  next: CashStatement,
  opening: CashBalance,
  fileName: string,
): Issue {
  const gap =
    closing.currency === opening.currency
      ? `; difference ${toDecimalString(subtract(opening.signedAmount, closing.signedAmount))}`
      : "";
  return lineIssue(
    fileName,
    opening.line,
    "statement_balances_must_chain",
    "error",
    `${describeStatement(next)} opens at ${describeBalance(opening)}, but the previous ${describeStatement(previous)} closed at ${describeBalance(closing)} (line ${closing.line})${gap}.`,
    "Look for a statement missing between the two (check the statement numbers), or ask the bank which balance is right.",
  );
}

function otherMessageTypeIssue(fileName: string, message: SwiftMessage): Issue {
  return lineIssue(
    fileName,
    message.line,
    "message_type_must_be_940_or_950",
    "warning",
    `the message starting here is an MT${message.messageType}, not an MT940 or MT950 cash statement; it was not read.`,
    "Load it with the reader for its type, or remove it from the file.",
  );
}

function noStatementIssue(fileName: string): Issue {
  return {
    code: "statement_file_must_hold_a_statement",
    severity: "error",
    where: { sheet: fileName },
    message: `${fileName}: no MT940 or MT950 statement (no :20: … :62F: fields) was found.`,
    hint: "Check that this is the bank's statement file and not an empty or different file.",
  };
}

/** Credits minus debits of some entries: what the statement's balance moved by. */
export function netMovement(entries: readonly CashEntry[]): Decimal {
  return entries.reduce((total, entry) => add(total, entry.signedAmount), ZERO);
}
