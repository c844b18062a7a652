/**
 * One golden test per issue code (STYLE.md, hledger's "one golden test per error"): for every
 * `code` StockRec can report, the smallest realistic input that raises it, run through the real
 * entry point of the module that raises it. The whole issue (code, severity, where, message,
 * hint) must equal test/golden/issue-codes/expected.json; every message must quote what was found
 * and every hint must say something. After an intended change, rewrite the expectations with
 * `UPDATE_GOLDEN=1 npx vitest run test/golden/issueCodes.test.ts` and review the diff.
 *
 * A completeness test reads the source (src/domain, src/workbook, src/cli) with the TypeScript
 * parser and fails, naming them, when a code has no case here.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import {
  appendAudit,
  AUDIT_HEADERS,
  auditRow,
  auditRowHash,
  parseTimestamp,
  verifyAuditLog,
  type AuditRecord,
} from "../../src/domain/auditLog";
import { canonicalHash } from "../../src/domain/canonical";
import {
  checkAgainstAuditLog,
  checkSignoffs,
  parsePeriod,
  parseScope,
  readSignoffs,
  scopeKey,
  SIGNOFF_HEADERS,
  signedDataKey,
  signOff,
  signoffRow,
  unlockPeriod,
  type SignoffRecord,
} from "../../src/domain/signoff";
import { parseDecimal, type Decimal } from "../../src/domain/decimal";
import { parseBai2 } from "../../src/domain/formats/bai2";
import { parseMt535 } from "../../src/domain/formats/mt535";
import { parseCashStatement } from "../../src/domain/formats/mt940";
import { csvToTable, textToTable } from "../../src/domain/formats/toSheet";
import { parseIsoDate } from "../../src/domain/isoDate";
import type { Issue } from "../../src/domain/issues";
import { LEDGER_HEADERS, LEDGER_SHEET, readLedger } from "../../src/domain/ledgerSheet";
import { NO_COUNT_PEOPLE } from "../../src/domain/countIndependence";
import { countSchedule, cycleFindings } from "../../src/domain/countSchedule";
import { parseLocationsSheet } from "../../src/domain/locations";
import { readCountRowFacts } from "../../src/domain/securityCount";
import {
  compareCountSheet,
  generateCountSheet,
  recordCount,
  type CompareOptions,
  type CountEntry,
  type CountSources,
} from "../../src/workbook/countRun";
import { MAX_COUNT_FILE_ROWS, readCountFile } from "../../src/cli/countCommand";
import { lockedPeriodIssue, signedSheetWriteIssues } from "../../src/workbook/periodLock";
import { reconcileMoney, type MoneyRecord } from "../../src/domain/money";
import { runMonthlyReconciliation } from "../../src/domain/monthlyReconciliation";
import type { PositionRecord } from "../../src/domain/positions";
import { reconcile } from "../../src/domain/reconcile";
import type { RunPlan } from "../../src/domain/roles";
import {
  DEFAULT_SETTINGS,
  parseSettings,
  SETTINGS_SHEET,
  withProfile,
  type Settings,
} from "../../src/domain/settings";
import {
  parseGlAccounts,
  reviewGlAccounts,
  type GlReviewOptions,
} from "../../src/domain/glAccounts";
import type { Row, SheetSnapshot } from "../../src/domain/sheet";
import { ageSuspense, parseSuspenseItems, type AgingOptions } from "../../src/domain/suspense";
import {
  importStatement,
  type ImportInput,
  type ImportOptions,
} from "../../src/workbook/importStatement";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import { detectSheetRoles, reconcileWorkbook, writeBreaksSheet } from "../../src/workbook/monthEnd";
import { recordEvents } from "../../src/workbook/auditTrail";
import { businessCalendar, closeMonth } from "../../src/workbook/monthEndClose";
import {
  applyStatusChange,
  markPosted,
  noLongerShownIssues,
  openStatus,
  readStatusesFromBreaksSheet,
  type BreakStatusRecord,
  type StatusChange,
} from "../../src/domain/breakStatus";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { locateGlAccountsRegister } from "../../src/workbook/glReviewRun";
import { findGlAccountsRegister } from "../../src/cli/reviewCommand";

// ---------------------------------------------------------------------------------------------
// Cases

interface IssueCase {
  /** Key in expected.json: `module/code`, with the variant in brackets when a code has several. */
  readonly name: string;
  readonly code: string;
  /** Text every message of the code must contain: what was found in the input. */
  readonly found: string;
  readonly run: () => readonly Issue[] | Promise<readonly Issue[]>;
}

type Run = IssueCase["run"];

function issueCases(
  module: string,
  cases: readonly (readonly [code: string, found: string, run: Run, variant?: string])[],
): IssueCase[] {
  return cases.map(([code, found, run, variant]) => ({
    name: `${module}/${code}${variant === undefined ? "" : ` (${variant})`}`,
    code,
    found,
    run,
  }));
}

/** `text` with each `[from, to]` replaced once; a `from` that is not there is a broken case. */
function edit(text: string, ...edits: readonly (readonly [string, string])[]): string {
  return edits.reduce((result, [from, to]) => {
    if (!result.includes(from)) throw new Error(`the case edits "${from}", which is not there`);
    return result.replace(from, () => to);
  }, text);
}

/** One character more than the text parsers read (MAX_*_TEXT_LENGTH). */
const tooLong = (): string => "x".repeat(20_000_001);

// ---- a month-end run: books and one statement -------------------------------------------------

const AS_OF = parseIsoDate("2026-10-30")!;
const APPLE = "037833100";
const MICROSOFT = "594918104";
const BOOKS_HEADER: Row = ["CUSIP", "Description", "Location", "Quantity"];
const STATEMENT_HEADER: Row = ["CUSIP", "Quantity"];

const books = (...rows: Row[]): SheetSnapshot => ({
  name: "Stock Record",
  rows: [BOOKS_HEADER, ...rows],
});
const dtc = (...rows: Row[]): SheetSnapshot => ({ name: "DTC", rows: [STATEMENT_HEADER, ...rows] });
const sheet = (name: string, ...rows: Row[]): SheetSnapshot => ({ name, rows });

const BOOKS = books([APPLE, "APPLE INC", "DTC", 1000]);
const DTC = dtc([APPLE, 1000]);

/** The issues of `runMonthlyReconciliation` over these sheets, books "Stock Record" against "DTC". */
function reconcileSheets(
  sheets: readonly SheetSnapshot[],
  plan: Partial<RunPlan> = {},
  settings: Settings = DEFAULT_SETTINGS,
): readonly Issue[] {
  const outcome = runMonthlyReconciliation(
    new Map(sheets.map((snapshot) => [snapshot.name, snapshot])),
    { books: "Stock Record", statements: [{ sheet: "DTC", contra: null }], asOf: AS_OF, ...plan },
    settings,
  );
  return outcome.ok ? outcome.result.issues : outcome.issues;
}

/** BOOKS against a statement sheet "DTC" of exactly these rows (its header included). */
const withDtcSheet =
  (...rows: Row[]): Run =>
  () =>
    reconcileSheets([BOOKS, sheet("DTC", ...rows)]);

/** BOOKS against these rows under the statement header. */
const withDtcRows =
  (...rows: Row[]): Run =>
  () =>
    reconcileSheets([BOOKS, dtc(...rows)]);

/** These rows under the books header, against DTC. */
const withBooksRows =
  (...rows: Row[]): Run =>
  () =>
    reconcileSheets([books(...rows), DTC]);

const LOCATIONS_HEADER: Row = ["Location", "Contra", "Statement Account"];
function withLocations(locations: readonly Row[], booksRows: readonly Row[] = []): Run {
  return () =>
    reconcileSheets(
      [
        books([APPLE, "APPLE INC", "DTC-FREE", 1000], ...booksRows),
        DTC,
        sheet("Locations", ...locations),
      ],
      { locations: "Locations" },
    );
}

function withMaster(master: readonly Row[], statement: SheetSnapshot = DTC): Run {
  return () =>
    reconcileSheets([BOOKS, statement, sheet("Security Master", ...master)], {
      securityMaster: "Security Master",
    });
}

function withPrices(prices: readonly Row[]): Run {
  return () => reconcileSheets([BOOKS, DTC, sheet("Prices", ...prices)], { prices: "Prices" });
}

/** A valid Difference Account row (a short of 100 APPLE), with some cells replaced. */
function ledgerRowWith(
  changes: Partial<Record<(typeof LEDGER_HEADERS)[number], string | number>>,
): Row {
  const valid: Record<(typeof LEDGER_HEADERS)[number], string | number> = {
    "Entry ID": "DA-000001",
    "Security ID": APPLE,
    "Security Key": APPLE,
    Description: "APPLE INC",
    Quantity: 100,
    "Long/Short": "Short",
    Kind: "Initial",
    "Count Date": "2026-10-30",
    Source: "Monthly reconciliation",
    "Count Reference": "Reconciliation as of 2026-10-30",
    "Posted On": "2026-11-03",
    "Posted By": "J. Accountant",
    Deadline: "2026-11-10",
    "On Time": "Yes",
    "Business Days Late": 0,
    Adjusts: "",
    Reason: "Unresolved difference disclosed by the count",
  };
  return LEDGER_HEADERS.map((header) => changes[header] ?? valid[header]);
}

function withDtcMapping(columns: Record<string, string>, statement: SheetSnapshot = DTC): Run {
  const profile = { columns, negateQuantities: false, quantityUnit: "as_written" } as const;
  return () =>
    reconcileSheets([BOOKS, statement], {}, withProfile(DEFAULT_SETTINGS, "DTC", profile));
}

// ---- money balances: the GL against one bank ------------------------------------------------

const GL_HEADER: Row = ["GL Account", "Bank", "Currency", "Balance"];
const BANK_HEADER: Row = ["Account", "Currency", "Closing Balance"];
const GL_ROW: Row = ["1010", "BNY", "USD", 1500.25];
const BANK_ROW: Row = ["1010", "USD", 1500.25];

/** Money sheets "GL Cash" (books) and "BNY" (statement), beside the positions of BOOKS and DTC. */
function withMoney(gl: readonly Row[], bank: readonly Row[]): Run {
  return () =>
    reconcileSheets([BOOKS, DTC, sheet("GL Cash", ...gl), sheet("BNY", ...bank)], {
      booksMoney: "GL Cash",
      moneyStatements: [{ sheet: "BNY", contra: null }],
    });
}

const withBank = (...rows: Row[]): Run => withMoney([GL_HEADER, GL_ROW], [BANK_HEADER, ...rows]);
const withGl = (...rows: Row[]): Run => withMoney([GL_HEADER, ...rows], [BANK_HEADER, BANK_ROW]);

// ---- the reconciliation identity --------------------------------------------------------------

const decimal = (text: string): Decimal => parseDecimal(text)!;

/**
 * The identity books + differences = statement cannot break on any input: it breaks only when
 * the matching and the totals see different numbers, which is a defect. A record whose amount
 * reads differently on its first and later reads stands in for that defect.
 */
function shifting<T extends object, K extends keyof T>(
  record: T,
  key: K,
  first: T[K],
  later: T[K],
) {
  let reads = 0;
  const shifted = { ...record };
  Object.defineProperty(shifted, key, {
    get: () => (++reads === 1 ? first : later),
    enumerable: true,
  });
  return shifted;
}

const APPLE_AT_DTC: PositionRecord = {
  securityKey: APPLE,
  securityId: APPLE,
  idKind: "cusip",
  description: "APPLE INC",
  contra: "DTC",
  location: "DTC",
  quantity: decimal("1000"),
  asOf: AS_OF,
  source: { sheet: "DTC", row: 2 },
};

const CASH_AT_BNY: MoneyRecord = {
  account: "1010",
  glAccount: "",
  currency: "USD",
  contra: "BNY",
  balance: decimal("1500.25"),
  asOf: AS_OF,
  description: "",
  source: { sheet: "BNY", row: 2 },
};

// ---- statement files ------------------------------------------------------------------------

const MT535 = [
  "{1:F01BROKUS33AXXX0000000000}{2:O5351200261030CUSTUS33AXXX00000000002610301200N}{4:",
  ":16R:GENL",
  ":28E:1/ONLY",
  ":20C::SEME//HOLD20261030",
  ":23G:NEWM",
  ":98A::STAT//20261030",
  ":97A::SAFE//S 02500",
  ":17B::ACTI//Y",
  ":16S:GENL",
  ":16R:SUBSAFE",
  ":16R:FIN",
  ":35B:ISIN US0378331005",
  "APPLE INC",
  ":93B::AGGR//UNIT/1000,",
  ":16S:FIN",
  ":16S:SUBSAFE",
  "-}",
].join("\n");
const mt535 =
  (...edits: (readonly [string, string])[]): Run =>
  () =>
    parseMt535(edit(MT535, ...edits), "holdings.535").issues;

const MT940 = [
  "{1:F01BROKUS33AXXX0000000000}{2:O9401200261030BANKUS33AXXX00000000002610301200N}{4:",
  ":20:STMT261030",
  ":25:1234567890",
  ":28C:303/1",
  ":60F:C261029USD10000,00",
  ":61:2610301030C2500,00NTRFWIRE1//B1030-1",
  ":86:WIRE FROM CLEARING",
  ":61:2610301030D500,00NCHK000123",
  ":62F:C261030USD12000,00",
  "-}",
].join("\n");
const mt940 =
  (...edits: (readonly [string, string])[]): Run =>
  () =>
    parseCashStatement(edit(MT940, ...edits), "statement.sta").issues;

// 03: opening ledger 1,000.00 and closing ledger 1,500.00; 16: a 500.00 wire in. Control total
// 100000 + 150000 + 50000; records: 3 in the account, 5 in the group, 7 in the file.
const BAI2 = [
  "01,BANKUS33,STOCKREC,261030,1800,1,,,2/",
  "02,STOCKREC,BANKUS33,1,261030,,USD,2/",
  "03,1234567890,USD,010,100000,,,015,150000,,/",
  "16,195,50000,0,BANKREF1,CUSTREF1,WIRE IN/",
  "49,300000,3/",
  "98,300000,1,5/",
  "99,300000,1,7/",
].join("\n");
const bai2 =
  (...edits: (readonly [string, string])[]): Run =>
  () =>
    parseBai2(edit(BAI2, ...edits), "balances.bai").issues;

const csv =
  (...lines: string[]): Run =>
  () =>
    csvToTable(lines.join("\n"), "positions.csv").issues;

// ---- imports into a workbook ----------------------------------------------------------------

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
/** Windows-1252 bytes of text in Latin-1 (every character one byte). */
const windows1252 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const ZIP = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...utf8("not really a workbook")]);
const POSITIONS_CSV = utf8("CUSIP,Quantity\n037833100,1000\n");

function importInto(input: ImportInput, options: ImportOptions = {}): Run {
  return async () => {
    const workbook = new MemoryWorkbook({ "Stock Record": BOOKS.rows, DTC: DTC.rows });
    return (await importStatement(workbook, input, options)).issues;
  };
}

// ---- the table -------------------------------------------------------------------------------

// ---- break statuses (src/domain/breakStatus.ts, src/workbook/monthEnd.ts writeBreaksSheet) ----

const COUNTED = "037833100@DTC@2026-10-30";
const STATUS_HEADER: Row = [
  "Lifecycle ID",
  "Status",
  "Reported On",
  "Resolved On",
  "Resolution",
  "Note",
  "Posted On",
];
const OPEN_STATUS = openStatus(COUNTED);
const REPORTED_STATUS: BreakStatusRecord = {
  ...OPEN_STATUS,
  status: "reported",
  reportedOn: parseIsoDate("2026-11-02")!,
};
const RESOLVED_STATUS: BreakStatusRecord = {
  ...OPEN_STATUS,
  status: "resolved",
  resolvedOn: parseIsoDate("2026-11-03")!,
  resolution: "timing",
};

/** The issue of changing `from` as `change` on 2026-11-04. */
const statusChange =
  (from: BreakStatusRecord, change: StatusChange): Run =>
  () => {
    const outcome = applyStatusChange(from, change, parseIsoDate("2026-11-04")!);
    return outcome.ok ? [] : [outcome.issue];
  };

/** A Breaks sheet whose one row, break COUNTED, has these status cells (Status first). */
const breaksSheetStatuses =
  (...cells: Row): Run =>
  () =>
    readStatusesFromBreaksSheet([STATUS_HEADER, [COUNTED, ...cells]]).issues;

const BREAK_STATUS_CASES = [
  ...issueCases("breakStatus", [
    [
      "status_change_must_follow_lifecycle",
      "is Resolved",
      statusChange(RESOLVED_STATUS, { to: "reported" }),
    ],
    [
      "status_date_must_not_be_after_today",
      "2026-11-05",
      statusChange(OPEN_STATUS, { to: "reported", on: parseIsoDate("2026-11-05")! }),
    ],
    [
      "lifecycle_id_must_be_known",
      "912828XG0@FICC@2026-10-30",
      () =>
        markPosted([OPEN_STATUS], ["912828XG0@FICC@2026-10-30"], parseIsoDate("2026-11-09")!)
          .issues,
    ],
    [
      "break_status_no_longer_shown",
      "was Reported on 2026-11-02",
      () => noLongerShownIssues([REPORTED_STATUS], AS_OF),
    ],
    [
      "earlier_count_statuses_not_carried",
      "count of 2026-10-30",
      () => noLongerShownIssues([REPORTED_STATUS], parseIsoDate("2026-11-30")!),
    ],
    ["status_must_be_known", '"Reslved"', breaksSheetStatuses("Reslved")],
    [
      "resolution_reason_must_be_known",
      '"Bad luck"',
      breaksSheetStatuses("Resolved", null, "2026-11-03", "Bad luck"),
    ],
    ["status_date_is_required", "no Reported On date", breaksSheetStatuses("Reported")],
    [
      "resolution_reason_is_required",
      "no resolution reason",
      breaksSheetStatuses("Resolved", null, "2026-11-03"),
    ],
    [
      "resolution_note_is_required",
      "resolved as Other",
      breaksSheetStatuses("Resolved", null, "2026-11-03", "Other"),
    ],
    [
      "status_date_must_not_be_before_count_date",
      "2026-10-29",
      breaksSheetStatuses("Posted", null, null, null, null, "2026-10-29"),
    ],
    [
      "status_dates_must_be_in_order",
      "resolved on 2026-11-01",
      breaksSheetStatuses("Resolved", "2026-11-02", "2026-11-01", "Timing"),
    ],
    [
      "lifecycle_id_is_required",
      "Resolved, see email",
      () =>
        readStatusesFromBreaksSheet([
          STATUS_HEADER,
          [null, "Resolved", null, null, null, "see email"],
        ]).issues,
    ],
    [
      "lifecycle_id_must_be_unique",
      "row 2 is already its row",
      () =>
        readStatusesFromBreaksSheet([STATUS_HEADER, [COUNTED, "Open"], [COUNTED, "Open"]]).issues,
    ],
  ]),
  ...issueCases("monthEnd", [
    [
      "break_statuses_must_be_readable",
      "(B2)",
      async () => {
        const workbook = new MemoryWorkbook({
          "Stock Record": BOOKS.rows,
          DTC: dtc([APPLE, 900]).rows,
          Breaks: [STATUS_HEADER, [`${APPLE}@DTC@2026-10-30`, "Reslved"]],
        });
        const plan = {
          books: "Stock Record",
          statements: [{ sheet: "DTC", contra: null }],
          asOf: AS_OF,
        };
        const { result } = await reconcileWorkbook(workbook, plan);
        return (await writeBreaksSheet(workbook, result!)).issues;
      },
    ],
  ]),
];

// ---- the month-end close (src/workbook/monthEndClose.ts) -----------------------------------------

/** A close of BOOKS (APPLE 1000 at DTC) against a DTC statement of 900, on `today`. */
function closeIssues(today: string, post: boolean, ledger: Row[] | null = null): Run {
  return async () => {
    const workbook = new MemoryWorkbook({
      "Stock Record": BOOKS.rows,
      DTC: dtc([APPLE, 900]).rows,
      ...(ledger === null ? {} : { "Difference Account": ledger }),
    });
    const plan = {
      books: "Stock Record",
      statements: [{ sheet: "DTC", contra: null }],
      asOf: AS_OF,
    };
    const close = await closeMonth(workbook, plan, {
      today: parseIsoDate(today)!,
      actor: "J. Accountant",
      post,
      confirmResolutions: new Set(),
      reportNotices: false,
    });
    return close.issues;
  };
}

const CLOSE_CASES = issueCases("monthEndClose", [
  // Fri 30 Oct 2026 + 7 NYSE business days = Tue 10 Nov; the 11th is the 8th business day.
  [
    "differences_must_be_posted_by_the_deadline",
    "deadline 2026-11-10",
    closeIssues("2026-11-11", false),
  ],
  ["posting_must_be_on_time", "posted on 2026-11-11", closeIssues("2026-11-11", true)],
  [
    "ledger_must_be_readable_to_post",
    "Nothing was posted",
    closeIssues("2026-11-03", true, [
      [...LEDGER_HEADERS],
      ledgerRowWith({ Quantity: "about 100" }),
    ]),
  ],
]);

// ---- the suspense register (src/domain/suspense.ts) ------------------------------------------

const SUSPENSE_HEADER = [
  "Item ID",
  "GL Account",
  "Type",
  "Opened On",
  "Amount",
  "Debit/Credit",
  "Quantity",
  "Long/Short",
  "Currency",
  "Owner",
  "Last Research Note On",
  "Status",
  "Resolved On",
] as const;

/** A valid register row (a fresh, owned, researched DK credit of 1,250.00), with some cells replaced. */
function suspenseRowWith(
  changes: Partial<Record<(typeof SUSPENSE_HEADER)[number], string | number | null>>,
): Row {
  const valid: Record<(typeof SUSPENSE_HEADER)[number], string | number | null> = {
    "Item ID": "S-101",
    "GL Account": "2900",
    Type: "DK fail",
    "Opened On": "2026-10-28",
    Amount: 1250,
    "Debit/Credit": "Credit",
    Quantity: null,
    "Long/Short": null,
    Currency: "USD",
    Owner: "A. Owner",
    "Last Research Note On": "2026-10-29",
    Status: "Open",
    "Resolved On": null,
  };
  return SUSPENSE_HEADER.map((header) => (header in changes ? changes[header]! : valid[header]));
}

const suspenseSheet = (...rows: Row[]): SheetSnapshot =>
  sheet("Suspense Items", [...SUSPENSE_HEADER], ...rows);
const suspenseRegister =
  (...rows: Row[]): Run =>
  () =>
    parseSuspenseItems(suspenseSheet(...rows)).issues;
const suspenseRow = (changes: Parameters<typeof suspenseRowWith>[0]): Run =>
  suspenseRegister(suspenseRowWith(changes));

/** The register's issues and the aging's, as of AS_OF on the NYSE calendar. */
function suspenseAging(
  changes: Parameters<typeof suspenseRowWith>[0],
  options: Partial<AgingOptions> = {},
): Run {
  return () => {
    const parsed = parseSuspenseItems(suspenseSheet(suspenseRowWith(changes)));
    const calendar = businessCalendar("nyse", { closed: [], open: [] });
    const aging = ageSuspense(parsed.records, { asOf: AS_OF, calendar, ...options });
    return [...parsed.issues, ...aging.issues];
  };
}

const SUSPENSE_CASES = issueCases("suspense", [
  [
    "sheet_must_have_rows",
    "Suspense Items is empty",
    () => parseSuspenseItems(sheet("Suspense Items", [null])).issues,
  ],
  [
    "header_row_is_required",
    "lacks a column for: opened date",
    () =>
      parseSuspenseItems(
        sheet(
          "Suspense Items",
          ["Item ID", "GL Account", "Type", "Amount"],
          ["S-1", "2900", "DK", 5],
        ),
      ).issues,
  ],
  [
    "suspense_amount_or_quantity_column_is_required",
    "header in row 1",
    () =>
      parseSuspenseItems(
        sheet(
          "Suspense Items",
          ["Item ID", "GL Account", "Type", "Opened On"],
          ["S-1", "2900", "DK", "2026-10-01"],
        ),
      ).issues,
  ],
  [
    "column_is_named_twice",
    '"Notes"',
    () =>
      parseSuspenseItems(
        sheet(
          "Suspense Items",
          ["Item ID", "GL Account", "Type", "Opened On", "Amount", "Comments", "Notes"],
          ["S-1", "2900", "DK", "2026-10-01", 5, "Contra DKs", "see email"],
        ),
      ).issues,
  ],
  ["currency_must_be_a_three_letter_code", '"US$"', suspenseRow({ Currency: "US$" })],
  [
    "total_row_is_not_a_suspense_item",
    '"Total"',
    suspenseRegister(suspenseRowWith({}), ["Total", null, null, null, 1250]),
  ],
  ["suspense_item_id_is_required", "Row 2 has no item id", suspenseRow({ "Item ID": null })],
  [
    "suspense_gl_account_is_required",
    "Row 2 names no GL account",
    suspenseRow({ "GL Account": null }),
  ],
  ["suspense_type_is_required", "no type", suspenseRow({ Type: null })],
  ["suspense_type_must_be_known", '"Fail"', suspenseRow({ Type: "Fail" })],
  ["opened_on_is_required", "no opened date", suspenseRow({ "Opened On": null })],
  ["opened_on_must_be_a_date", '"end of Sept"', suspenseRow({ "Opened On": "end of Sept" })],
  [
    "opened_on_must_be_within_calendar_years",
    "1985-06-28",
    suspenseRow({ "Opened On": "1985-06-28" }),
  ],
  ["suspense_amount_must_be_a_number", '"1,25O.00"', suspenseRow({ Amount: "1,25O.00" })],
  [
    "suspense_quantity_must_be_a_number",
    '"300 sh"',
    suspenseRow({ Amount: null, "Debit/Credit": null, Quantity: "300 sh" }),
  ],
  ["sign_must_match_side", "-1,250", suspenseRow({ Amount: -1250, "Debit/Credit": "Debit" })],
  ["debit_credit_must_be_known", '"Owed"', suspenseRow({ "Debit/Credit": "Owed" })],
  ["long_short_must_be_known", '"Flat"', suspenseRow({ Quantity: 300, "Long/Short": "Flat" })],
  [
    "suspense_amount_or_quantity_is_required",
    "neither an amount nor a quantity",
    suspenseRow({ Amount: null, "Debit/Credit": null }),
  ],
  [
    "last_research_note_on_must_be_a_date",
    '"last week"',
    suspenseRow({ "Last Research Note On": "last week" }),
  ],
  ["suspense_status_must_be_known", '"Parked"', suspenseRow({ Status: "Parked" })],
  ["resolved_on_is_required", "no resolved date", suspenseRow({ Status: "Resolved" })],
  ["resolved_on_must_be_a_date", '"yesterday"', suspenseRow({ "Resolved On": "yesterday" })],
  [
    "suspense_item_id_must_be_unique",
    '"S-101"',
    suspenseRegister(suspenseRowWith({}), suspenseRowWith({})),
  ],
  [
    "suspense_item_over_30_calendar_days",
    "45 calendar days old",
    suspenseAging({ "Opened On": "2026-09-15" }),
    "a credit: item 8",
  ],
  [
    "suspense_item_over_30_calendar_days",
    "40 calendar days old",
    suspenseAging({ "Opened On": "2026-09-20", "Debit/Credit": "Debit" }),
    "a debit: not item 8",
  ],
  [
    "suspense_item_over_firm_threshold",
    "threshold of 15 days",
    suspenseAging({ "Opened On": "2026-10-10" }, { firmThresholdCalendarDays: 15 }),
  ],
  ["suspense_item_has_no_owner", "has no owner", suspenseAging({ Owner: null })],
  [
    "suspense_item_has_no_recent_research_note",
    "last researched on 2026-10-12",
    suspenseAging({ "Opened On": "2026-10-10", "Last Research Note On": "2026-10-12" }),
    "a stale note",
  ],
  [
    "suspense_item_has_no_recent_research_note",
    "since it was opened on 2026-10-10",
    suspenseAging({ "Opened On": "2026-10-10", "Last Research Note On": null }),
    "no note",
  ],
  [
    "suspense_item_opened_after_as_of",
    "2026-11-02",
    suspenseAging({ "Opened On": "2026-11-02", "Last Research Note On": null }),
  ],
]);

// ---- the GL accounts register and its FINRA 4523 review (src/domain/glAccounts.ts) -----------

const GL_REGISTER_HEADER = [
  "Account",
  "Account Name",
  "Primary Owner",
  "Supervisor",
  "Review Frequency",
  "Last Reviewed On",
  "Last Reviewed By",
  "Holds Suspense Items",
] as const;

type GlRegisterHeader = (typeof GL_REGISTER_HEADER)[number];

/** A clean account (owned, supervised, reviewed 2026-10-15), with some cells replaced. */
function glRowWith(changes: Partial<Record<GlRegisterHeader, Row[number]>> = {}): Row {
  const clean: Record<GlRegisterHeader, Row[number]> = {
    Account: "1010",
    "Account Name": "Cash - operating",
    "Primary Owner": "Ana Ortiz",
    Supervisor: "Ben Cole",
    "Review Frequency": "Monthly",
    "Last Reviewed On": "2026-10-15",
    "Last Reviewed By": "Ben Cole",
    "Holds Suspense Items": "No",
  };
  return GL_REGISTER_HEADER.map((header) => (header in changes ? changes[header]! : clean[header]));
}

const glSheet = (...rows: Row[]): SheetSnapshot =>
  sheet("GL Accounts", [...GL_REGISTER_HEADER], ...rows);
const glRegister =
  (...rows: Row[]): Run =>
  () =>
    parseGlAccounts(glSheet(...rows)).issues;
const glRow = (changes: Parameters<typeof glRowWith>[0]): Run => glRegister(glRowWith(changes));

/** The register's issues and the review's, as of 2026-10-31 (current: on or after 2026-09-30). */
function glReview(rows: readonly Row[], options: Partial<GlReviewOptions> = {}): Run {
  return () => {
    const parsed = parseGlAccounts(glSheet(...rows));
    const review = reviewGlAccounts(parsed.records, {
      asOf: parseIsoDate("2026-10-31")!,
      sameOwnerAndSupervisorAllowed: false,
      ...options,
    });
    return [...parsed.issues, ...review.issues];
  };
}

const GL_ACCOUNTS_CASES = [
  ...issueCases("glAccounts", [
    ["sheet_must_have_rows", "GL Accounts", () => parseGlAccounts(sheet("GL Accounts")).issues],
    [
      "header_row_is_required",
      "supervisor",
      () =>
        parseGlAccounts(
          sheet("GL Accounts", ["Account", "Account Name", "Owner"], ["1010", "Cash", "Ana Ortiz"]),
        ).issues,
    ],
    [
      "column_is_named_twice",
      '"Reviewer"',
      () =>
        parseGlAccounts(sheet("GL Accounts", [...GL_REGISTER_HEADER, "Reviewer"], glRowWith()))
          .issues,
    ],
    [
      "last_reviewed_on_column_is_required",
      "no Last Reviewed On column",
      () =>
        parseGlAccounts(
          sheet(
            "GL Accounts",
            ["Account", "Account Name", "Primary Owner", "Supervisor"],
            ["1010", "Cash - operating", "Ana Ortiz", "Ben Cole"],
          ),
        ).issues,
    ],
    ["gl_accounts_register_must_list_accounts", "no accounts", glRegister()],
    [
      "gl_account_must_be_listed_once",
      "listed again in row 3",
      glRegister(glRowWith(), glRowWith({ "Primary Owner": "Cy Dunn" })),
    ],
    [
      "gl_account_number_is_required",
      '"Misc receivables"',
      glRow({ Account: null, "Account Name": "Misc receivables" }),
    ],
    ["review_frequency_must_be_known", '"Whenever"', glRow({ "Review Frequency": "Whenever" })],
    ["last_reviewed_on_must_be_a_date", '"last week"', glRow({ "Last Reviewed On": "last week" })],
    [
      "last_review_needs_date_and_reviewer",
      "nobody is named",
      glRow({ "Last Reviewed By": null }),
      "no reviewer",
    ],
    [
      "last_review_needs_date_and_reviewer",
      "but no review date",
      glRow({ "Last Reviewed On": null }),
      "no date",
    ],
    [
      "holds_suspense_items_must_be_yes_or_no",
      '"maybe"',
      glRow({ "Holds Suspense Items": "maybe" }),
    ],
    [
      "gl_account_primary_owner_is_required",
      "has no primary owner",
      glReview([glRowWith({ "Primary Owner": null })]),
    ],
    [
      "gl_account_supervisor_is_required",
      "has no supervisor",
      glReview([glRowWith({ Supervisor: " " })]),
    ],
    [
      "gl_account_owner_and_supervisor_must_differ",
      "Ana Ortiz as primary owner and ORTIZ, Ana as supervisor",
      glReview([glRowWith({ Supervisor: "ORTIZ, Ana" })]),
    ],
    [
      "owner_is_supervisor_by_recorded_reason",
      '"one associated person"',
      glReview([glRowWith({ Supervisor: "Ana Ortiz" })], {
        sameOwnerAndSupervisorAllowed: { reason: "one associated person" },
      }),
    ],
    [
      "gl_account_must_be_reviewed_monthly",
      "last reviewed on 2026-09-29",
      glReview([glRowWith({ "Last Reviewed On": "2026-09-29" })]),
      "overdue",
    ],
    [
      "gl_account_must_be_reviewed_monthly",
      "no review recorded",
      glReview([glRowWith({ "Last Reviewed On": null, "Last Reviewed By": null })]),
      "never reviewed",
    ],
    [
      "last_review_is_after_as_of",
      "2026-11-02",
      glReview([glRowWith({ "Last Reviewed On": "2026-11-02" })]),
    ],
    [
      "review_frequency_must_be_at_least_monthly",
      "quarterly",
      glReview([glRowWith({ "Review Frequency": "Quarterly" })]),
    ],
    [
      "suspense_account_title_must_say_suspense",
      '"Unsuspended items"',
      glReview([glRowWith({ "Account Name": "Unsuspended items", "Holds Suspense Items": "Yes" })]),
    ],
    [
      "suspense_account_must_be_in_gl_register",
      "GL account 2999",
      glReview([glRowWith()], { suspenseAccounts: new Set(["2999"]) }),
    ],
  ]),
  ...issueCases("review", [
    [
      "gl_accounts_sheet_is_required",
      '"GL Accounts"',
      async () =>
        (await findGlAccountsRegister(new MemoryWorkbook({ DTC: DTC.rows }), null)).issues,
    ],
    [
      "gl_accounts_sheet_must_exist",
      '"Ledger Owners"',
      async () =>
        (await locateGlAccountsRegister(new MemoryWorkbook({ DTC: DTC.rows }), "Ledger Owners"))
          .issues,
    ],
    [
      "gl_review_sheet_is_not_the_register",
      '"GL Review"',
      async () =>
        (
          await locateGlAccountsRegister(
            new MemoryWorkbook({ DTC: DTC.rows, "GL Review": [["Account"]] }),
            "GL Review",
          )
        ).issues,
    ],
  ]),
];

// ---- sign-offs and the audit log (src/domain/auditLog.ts, src/domain/signoff.ts) --------------

const OCTOBER = parsePeriod("2026-10")!;
const SIGNED_HASH = canonicalHash(BOOKS.rows);
const signedAt = (text: string) => parseTimestamp(text)!;

interface SignedBook {
  readonly signoffs: readonly SignoffRecord[];
  readonly audit: readonly AuditRecord[];
}

/** "Stock Record" for 2026-10 prepared by J. Accountant and, when `reviewed`, reviewed. */
function signedBook(reviewed: boolean): SignedBook {
  const steps = [
    ["preparer", "J. Accountant", "2026-11-04T17:30:00-05:00"],
    ["reviewer", "M. Supervisor", "2026-11-05T10:00:00-05:00"],
  ] as const;
  return steps.slice(0, reviewed ? 2 : 1).reduce<SignedBook>(
    (book, [role, name, at]) => {
      const outcome = signOff(
        book.signoffs,
        {
          role,
          period: OCTOBER,
          scope: "Stock Record",
          name,
          timestamp: signedAt(at),
          comment: "",
        },
        SIGNED_HASH,
      );
      if (!outcome.ok) throw new Error("the case cannot sign");
      return {
        signoffs: [...book.signoffs, outcome.signoff],
        audit: [...book.audit, appendAudit(book.audit, outcome.audit)],
      };
    },
    { signoffs: [], audit: [] },
  );
}

const PREPARED = signedBook(false);
const REVIEWED = signedBook(true);

/** The issues of signing "Stock Record" for 2026-10 on top of `book`. */
const signing =
  (
    book: SignedBook,
    role: "preparer" | "reviewer",
    name: string,
    at: string,
    hash = SIGNED_HASH,
  ): Run =>
  () => {
    const request = { role, period: OCTOBER, scope: "Stock Record", name, comment: "" };
    const outcome = signOff(book.signoffs, { ...request, timestamp: signedAt(at) }, hash);
    return outcome.ok ? [] : outcome.issues;
  };

const unlocking =
  (book: SignedBook, reason: string): Run =>
  () => {
    const request = { period: OCTOBER, scope: "Stock Record", name: "M. Supervisor", reason };
    const timestamp = signedAt("2026-11-06T09:00:00-05:00");
    const outcome = unlockPeriod(book.signoffs, { ...request, timestamp }, SIGNED_HASH);
    return outcome.ok ? [] : outcome.issues;
  };

/** The reviewed book's Audit Log sheet, changed by `change`, verified. */
const auditLogEdited =
  (change: (rows: Row[]) => Row[]): Run =>
  () =>
    verifyAuditLog(change([[...AUDIT_HEADERS], ...REVIEWED.audit.map(auditRow)]));

const withCell = (rows: readonly Row[], row: number, column: number, value: string): Row[] =>
  rows.map((cells, r) =>
    r === row - 1 ? cells.map((c, i) => (i === column - 1 ? value : c)) : cells,
  );

/** The reviewed book's Sign-offs sheet (header first). */
function signoffSheet(): Row[] {
  const hashes = new Map([[scopeKey("Stock Record"), SIGNED_HASH]]);
  const checkedAt = signedAt("2026-11-05T10:00:00-05:00");
  const { checks } = checkSignoffs(REVIEWED.signoffs, hashes);
  return [[...SIGNOFF_HEADERS], ...checks.map((check) => signoffRow(check, checkedAt))];
}

const scopeIn =
  (text: string): Run =>
  () => {
    const parsed = parseScope(text, ["Stock Record", "Breaks", "Sign-offs", "Audit Log"]);
    return parsed.ok ? [] : [parsed.issue];
  };

const AUDIT_SIGNOFF_CASES = [
  ...issueCases("auditTrail", [
    [
      "audit_log_must_verify_to_be_extended",
      "does not verify",
      async () => {
        const tampered = withCell(
          [[...AUDIT_HEADERS], ...REVIEWED.audit.map(auditRow)],
          2,
          3,
          "Somebody Else",
        );
        const workbook = new MemoryWorkbook({
          Breaks: [["Break ID"], ["x"]],
          "Audit Log": tampered,
        });
        const who = { timestamp: signedAt("2026-11-06T09:00:00-05:00"), actor: "J. Accountant" };
        const result = await recordEvents(
          workbook,
          [{ action: "run", scope: "Breaks", details: "run" }],
          who,
        );
        return result.issues.filter(
          (issue) => issue.code === "audit_log_must_verify_to_be_extended",
        );
      },
    ],
  ]),
  ...issueCases("audit", [
    [
      "audit_columns_must_be_intact",
      '"Timestamp", "Action"',
      auditLogEdited((rows) => [AUDIT_HEADERS.filter((h) => h !== "Actor"), ...rows.slice(1)]),
    ],
    [
      "audit_row_must_be_readable",
      '"4 Nov 2026"',
      auditLogEdited((rows) => withCell(rows, 2, 2, "4 Nov 2026")),
    ],
    [
      "audit_row_must_match_its_hash",
      "Somebody Else",
      auditLogEdited((rows) => withCell(rows, 2, 3, "Somebody Else")),
    ],
    [
      "audit_sequence_must_be_continuous",
      "Seq 2 where Seq 1 was expected",
      auditLogEdited((rows) => [rows[0]!, ...rows.slice(2)]),
      "deleted",
    ],
    [
      "audit_sequence_must_be_continuous",
      "out of order",
      auditLogEdited((rows) => [rows[0]!, rows[2]!, rows[1]!]),
      "reordered",
    ],
    [
      "audit_chain_must_be_unbroken",
      "row 2 was replaced",
      auditLogEdited((rows) => {
        const forged = { ...REVIEWED.audit[0]!, actor: "Somebody Else" };
        return [rows[0]!, auditRow({ ...forged, rowHash: auditRowHash(forged) }), rows[2]!];
      }),
    ],
  ]),
  ...issueCases("signoff", [
    ["scope_sheet_must_exist", '"Stok Record"', scopeIn("Stok Record")],
    ["scope_must_not_be_a_log_sheet", '"Audit Log"', scopeIn("audit log")],
    ["scope_range_must_be_a1", '"StockRecBreaks"', scopeIn("Breaks!StockRecBreaks")],
    [
      "signer_name_is_required",
      '"Stock Record" for 2026-10',
      signing(PREPARED, "preparer", " ", "2026-11-04T18:00:00-05:00"),
    ],
    [
      "signed_period_must_be_unlocked",
      "reviewed by M. Supervisor",
      signing(REVIEWED, "preparer", "J. Accountant", "2026-11-06T09:00:00-05:00"),
    ],
    [
      "review_needs_a_prepared_signoff",
      '"Stock Record" for 2026-10',
      signing({ signoffs: [], audit: [] }, "reviewer", "M. Supervisor", "2026-11-05T10:00:00Z"),
    ],
    [
      "reviewer_must_not_be_preparer",
      'j. accountant prepared "Stock Record"',
      signing(PREPARED, "reviewer", "j. accountant", "2026-11-05T10:00:00-05:00"),
    ],
    [
      "review_must_be_of_prepared_data",
      "changed since J. Accountant prepared it",
      signing(
        PREPARED,
        "reviewer",
        "M. Supervisor",
        "2026-11-05T10:00:00-05:00",
        canonicalHash([]),
      ),
    ],
    [
      "review_must_follow_preparation",
      "2026-11-04T16:00:00-05:00",
      signing(PREPARED, "reviewer", "M. Supervisor", "2026-11-04T16:00:00-05:00"),
    ],
    ["unlock_reason_is_required", '"Stock Record" for 2026-10', unlocking(REVIEWED, " ")],
    ["period_must_be_locked_to_unlock", "is not locked", unlocking(PREPARED, "late adjustment")],
    [
      "signed_data_must_not_change",
      "Sign-off SO-000001",
      () =>
        checkSignoffs(PREPARED.signoffs, new Map([["stock record", canonicalHash(DTC.rows)]]))
          .issues,
    ],
    [
      "signed_scope_must_still_exist",
      "Sign-off SO-000001",
      () => checkSignoffs(PREPARED.signoffs, new Map([["stock record", null]])).issues,
    ],
    [
      "signoff_must_match_audit_log",
      '"A. Forger"',
      () =>
        checkAgainstAuditLog(
          readSignoffs(withCell(signoffSheet(), 3, 5, "A. Forger")).signoffs,
          REVIEWED.audit,
        ),
    ],
    [
      "signoff_must_stay_in_sheet",
      "sign-off SO-000002",
      () => checkAgainstAuditLog(REVIEWED.signoffs.slice(0, 1), REVIEWED.audit),
    ],
    [
      "signoff_columns_must_be_intact",
      '"Sign-off ID", "Name"',
      () => readSignoffs([["Sign-off ID", "Name"]]).issues,
    ],
    [
      "signoff_row_must_be_readable",
      '"Oct 2026"',
      () => readSignoffs(withCell(signoffSheet(), 2, 2, "Oct 2026")).issues,
    ],
    [
      "signoff_id_must_be_unique",
      "SO-000001",
      () => {
        const sheet = signoffSheet();
        return readSignoffs([...sheet, sheet[1]!]).issues;
      },
    ],
  ]),
];

// ---- the 17a-13 security count (src/domain/securityCount.ts, countSchedule.ts,
// countIndependence.ts, src/workbook/countRun.ts, src/cli/countCommand.ts) ----------------------

const COUNT_DATE = parseIsoDate("2026-12-31")!;
const COUNT_SHEET = "Count 2026-12-31";
const COUNT_BOOKS_HEADER: Row = [
  "CUSIP",
  "Description",
  "Location",
  "Quantity",
  "Possession",
  "Status Since",
];
const VAULT_ROW: Row = [APPLE, "APPLE INC", "VAULT", 150, null, null];
const PLEDGE_ROW: Row = [MICROSOFT, "MICROSOFT CORP", "PLEDGE-CHASE", 200, "Pledged", "2026-09-01"];
const COUNT_SOURCES = { books: "Stock Record", locations: null };
const COUNT_GENERATE = { countDate: COUNT_DATE, cycle: null, onlyLocations: null, replace: false };
const COUNT_COMPARE: CompareOptions = {
  countDate: COUNT_DATE,
  today: parseIsoDate("2027-01-05")!,
  actor: "J. Accountant",
  post: false,
  confirmResolutions: new Set(),
  people: NO_COUNT_PEOPLE,
};
const vaultEntry = (cells: Record<string, string>, location = "VAULT"): CountEntry => ({
  source: "counts.csv row 2",
  securityId: APPLE,
  location,
  cells,
});
const pledgeEntry = (cells: Record<string, string>): CountEntry => ({
  source: "counts.csv row 3",
  lineId: `${MICROSOFT}@PLEDGE-CHASE#pledged`,
  cells,
});

/** A stock record of these rows, with its count sheet generated and these entries recorded. */
async function countBook(
  rows: readonly Row[] = [VAULT_ROW, PLEDGE_ROW],
  entries: readonly CountEntry[] = [],
  names: string | null = "A. Auditor",
): Promise<MemoryWorkbook> {
  const port = new MemoryWorkbook({ "Stock Record": [COUNT_BOOKS_HEADER, ...rows] });
  await generateCountSheet(port, COUNT_SOURCES, COUNT_GENERATE);
  if (entries.length > 0)
    await recordCount(port, {
      countDate: COUNT_DATE,
      entries,
      countedBy: names,
      supervisedBy: names,
    });
  return port;
}

const generating =
  (rows: readonly Row[], sources: CountSources = COUNT_SOURCES): Run =>
  async () => {
    const port = new MemoryWorkbook({ "Stock Record": [COUNT_BOOKS_HEADER, ...rows] });
    return (await generateCountSheet(port, sources, COUNT_GENERATE)).issues;
  };

const recording =
  (entries: readonly CountEntry[]): Run =>
  async () => {
    const port = await countBook();
    const recorded = await recordCount(port, {
      countDate: COUNT_DATE,
      entries,
      countedBy: null,
      supervisedBy: null,
    });
    return recorded.issues;
  };

const comparing =
  (
    entries: readonly CountEntry[],
    options: Partial<CompareOptions> = {},
    names?: string | null,
  ): Run =>
  async () => {
    const port = await countBook([VAULT_ROW, PLEDGE_ROW], entries, names);
    return (await compareCountSheet(port, { ...COUNT_COMPARE, ...options })).issues;
  };

const counted = (cycle: string | null) => (date: string) => ({
  countDate: parseIsoDate(date)!,
  cycle,
  sheet: `Count ${date}`,
});
const whole = counted(null);

/** A Sign-offs sheet in which a reviewer signed off the Difference Account of 2026-12. */
function signedDifferenceAccount(): Row[] {
  return signedSheet(LEDGER_SHEET);
}

/** The Sign-offs sheet of a whole sheet prepared and reviewed for 2026-12. */
function signedSheet(scope: string): Row[] {
  const period = parsePeriod("2026-12")!;
  const hash = canonicalHash([["Entry ID"]]);
  let signoffs: SignoffRecord[] = [];
  for (const [role, name, at] of [
    ["preparer", "J. Accountant", "2027-01-06T17:30:00-05:00"],
    ["reviewer", "M. Supervisor", "2027-01-07T10:00:00-05:00"],
  ] as const) {
    const request = { role, period, scope, name, comment: "" };
    const outcome = signOff(signoffs, { ...request, timestamp: signedAt(at) }, hash);
    if (!outcome.ok) throw new Error("the case cannot sign");
    signoffs = [...signoffs, outcome.signoff];
  }
  const keys = signoffs.map((signoff) => [signedDataKey(signoff), hash] as const);
  const { checks } = checkSignoffs(signoffs, new Map(keys));
  const checkedAt = signedAt("2027-01-07T10:00:00-05:00");
  return [[...SIGNOFF_HEADERS], ...checks.map((check) => signoffRow(check, checkedAt))];
}

const COUNT_FILE_HEADER = "Security ID,Location,Counted Quantity\n";

const COUNT_CASES = [
  ...issueCases("securityCount", [
    [
      "possession_status_must_be_known",
      '"Lost at sea"',
      () =>
        readCountRowFacts(
          sheet("Stock Record", COUNT_BOOKS_HEADER, [
            APPLE,
            "APPLE",
            "X-1",
            5,
            "Lost at sea",
            null,
          ]),
        ).issues,
    ],
    [
      "status_since_must_be_a_date",
      '"soon"',
      () =>
        readCountRowFacts(
          sheet("Stock Record", COUNT_BOOKS_HEADER, [APPLE, "APPLE", "X-1", 5, "Loaned", "soon"]),
        ).issues,
    ],
    [
      "count_location_must_be_classified",
      '"0123"',
      generating([VAULT_ROW, [MICROSOFT, "MICROSOFT CORP", "0123", 10, null, null]]),
    ],
    [
      "status_since_is_unknown",
      "PLEDGE-CHASE",
      generating([VAULT_ROW, [MICROSOFT, "MICROSOFT CORP", "PLEDGE-CHASE", 200, "Pledged", null]]),
    ],
    [
      "status_since_is_after_the_count_date",
      "2027-01-05",
      generating([
        VAULT_ROW,
        [MICROSOFT, "MICROSOFT CORP", "PLEDGE-CHASE", 200, "Pledged", "2027-01-05"],
      ]),
    ],
    ["count_quantity_is_required", "books 150", comparing([])],
    [
      "out_of_possession_item_must_be_verified",
      "121 days",
      comparing([vaultEntry({ "Counted Quantity": "150" })]),
      "no confirmation",
    ],
    [
      "out_of_possession_item_must_be_verified",
      "no confirmation reference",
      comparing([
        vaultEntry({ "Counted Quantity": "150" }),
        pledgeEntry({ "Confirmation Date": "2026-12-30" }),
      ]),
      "no reference",
    ],
    [
      "confirmation_must_postdate_the_status",
      "2026-08-15",
      comparing([
        vaultEntry({ "Counted Quantity": "150" }),
        pledgeEntry({ "Confirmation Date": "2026-08-15", "Confirmation Reference": "CH-1" }),
      ]),
    ],
  ]),
  ...issueCases("locations", [
    [
      "location_count_status_must_be_known",
      '"Limbo"',
      () =>
        parseLocationsSheet(
          sheet("Locations", ["Location", "Contra", "Count Status"], ["VAULT", "VAULT", "Limbo"]),
        ).issues,
    ],
  ]),
  ...issueCases("countSchedule", [
    [
      "count_must_not_be_too_soon",
      "2026-11-13",
      () => countSchedule([whole("2026-11-13"), whole("2026-12-31")], COUNT_DATE).issues,
    ],
    [
      "count_must_not_be_too_late",
      "2026-07-31",
      () => countSchedule([whole("2026-07-31"), whole("2026-12-31")], COUNT_DATE).issues,
    ],
    [
      "quarter_must_have_a_count",
      "2026-Q2",
      () =>
        countSchedule([whole("2026-03-31"), whole("2026-07-15")], parseIsoDate("2026-08-01")!)
          .issues,
    ],
    [
      "count_must_not_be_overdue",
      "2026-10-30",
      () => countSchedule([whole("2026-06-30")], parseIsoDate("2026-11-05")!).issues,
    ],
    [
      "cycle_must_fit_in_one_quarter",
      '"2026-Q4"',
      () => cycleFindings([counted("2026-Q4")("2026-12-15"), counted("2026-Q4")("2027-01-05")], []),
    ],
    [
      "security_recount_must_be_in_window",
      "2026-08-15",
      () =>
        cycleFindings(
          [],
          ["2026-07-01", "2026-08-15"].map((date) => ({
            securityKey: APPLE,
            securityId: APPLE,
            countDate: parseIsoDate(date)!,
            cycle: "C",
            sheet: `Count ${date}`,
          })),
        ),
    ],
  ]),
  ...issueCases("countIndependence", [
    [
      "count_must_be_independent",
      "V. Keeper (custodian of VAULT)",
      comparing(
        [vaultEntry({ "Counted Quantity": "150" })],
        {
          people: { custodians: [{ name: "V. Keeper", locations: ["VAULT"] }], recordKeepers: [] },
        },
        "V. Keeper",
      ),
    ],
    [
      "count_must_name_who_counted",
      "names nobody",
      comparing([vaultEntry({ "Counted Quantity": "150" })], {}, null),
    ],
  ]),
  ...issueCases("countRun", [
    [
      "books_sheet_must_exist",
      '"Stok Record"',
      generating([VAULT_ROW], { books: "Stok Record", locations: null }),
    ],
    [
      "count_sheet_must_not_be_overwritten",
      "1 line with entries",
      async () => {
        const port = await countBook([VAULT_ROW], [vaultEntry({ "Counted Quantity": "150" })]);
        return (await generateCountSheet(port, COUNT_SOURCES, COUNT_GENERATE)).issues;
      },
    ],
    [
      "count_entries_must_keep_their_lines",
      `${MICROSOFT}@PLEDGE-CHASE#pledged`,
      async () => {
        const port = await countBook(undefined, [pledgeEntry({ Note: "called Chase" })]);
        await port.writeTable({
          sheetName: "Stock Record",
          tableName: "Books",
          columns: COUNT_BOOKS_HEADER.map((h) => ({
            header: String(h),
            format: { kind: "general" },
            width: 10,
          })),
          rows: [VAULT_ROW],
        });
        const options = { ...COUNT_GENERATE, replace: true };
        return (await generateCountSheet(port, COUNT_SOURCES, options)).issues;
      },
    ],
    [
      "count_sheet_must_exist",
      `"${COUNT_SHEET}"`,
      async () =>
        (
          await recordCount(
            new MemoryWorkbook({ "Stock Record": [COUNT_BOOKS_HEADER, VAULT_ROW] }),
            {
              countDate: COUNT_DATE,
              entries: [],
              countedBy: null,
              supervisedBy: null,
            },
          )
        ).issues,
    ],
    [
      "count_entry_replaces_an_earlier_one",
      '"150" on Count 2026-12-31 and is now "149"',
      async () => {
        const port = await countBook([VAULT_ROW], [vaultEntry({ "Counted Quantity": "150" })]);
        const again = [vaultEntry({ "Counted Quantity": "149" })];
        const options = { countDate: COUNT_DATE, countedBy: null, supervisedBy: null };
        return (await recordCount(port, { ...options, entries: again })).issues;
      },
    ],
    [
      "count_entry_must_match_a_line",
      "BOX-9",
      recording([vaultEntry({ "Counted Quantity": "150" }, "BOX-9")]),
    ],
    ["count_must_be_complete_to_post", COUNT_SHEET, comparing([], { post: true })],
    [
      "differences_must_be_posted_by_the_deadline",
      "security count of 2026-12-31",
      comparing(
        [
          vaultEntry({ "Counted Quantity": "140" }),
          pledgeEntry({ "Confirmation Date": "2026-12-30", "Confirmation Reference": "CH-1" }),
        ],
        { today: parseIsoDate("2027-01-20")! },
      ),
      "count",
    ],
  ]),
  ...issueCases("countSheet", [
    [
      "count_sheet_columns_must_be_intact",
      '"Line ID"',
      async () =>
        (
          await compareCountSheet(
            new MemoryWorkbook({
              [COUNT_SHEET]: [
                ["Security ID", "Location"],
                [APPLE, "VAULT"],
              ],
            }),
            COUNT_COMPARE,
          )
        ).issues,
    ],
    [
      "count_line_must_be_intact",
      "lost its line ID",
      async () => {
        const port = await countBook();
        const rows = (await port.readSheet(COUNT_SHEET)).rows;
        const broken = new MemoryWorkbook({ [COUNT_SHEET]: withCell(rows, 2, 1, "") });
        return (await compareCountSheet(broken, COUNT_COMPARE)).issues;
      },
    ],
    [
      "count_entry_must_be_a_number",
      '"about 150"',
      recording([vaultEntry({ "Counted Quantity": "about 150" })]),
    ],
    [
      "count_entry_must_be_a_date",
      '"last Tuesday"',
      recording([pledgeEntry({ "Confirmation Date": "last Tuesday" })]),
    ],
  ]),
  ...issueCases("countCommand", [
    [
      "count_file_row_must_name_a_line",
      "counts.csv row 2",
      () => readCountFile("counts.csv", `${COUNT_FILE_HEADER},VAULT,150\n`)!.issues,
    ],
    [
      "count_file_row_must_enter_something",
      `${APPLE} at VAULT`,
      () => readCountFile("counts.csv", `${COUNT_FILE_HEADER}${APPLE},VAULT,\n`)!.issues,
    ],
    [
      "count_file_must_not_be_too_long",
      "100003 rows",
      () =>
        readCountFile(
          "counts.csv",
          COUNT_FILE_HEADER + `${APPLE},VAULT,1\n`.repeat(MAX_COUNT_FILE_ROWS + 1),
        )!.issues,
    ],
    [
      "signed_off_period_must_not_be_posted_to",
      "2026-12",
      async () => {
        const port = new MemoryWorkbook({ "Sign-offs": signedDifferenceAccount() });
        const issue = await lockedPeriodIssue(port, COUNT_DATE, `the count of ${COUNT_DATE}`);
        return issue === null ? [] : [issue];
      },
    ],
    [
      "signed_off_sheet_must_not_be_rewritten",
      '"Breaks"',
      async () => {
        const port = new MemoryWorkbook({ "Sign-offs": signedSheet("Breaks") });
        return signedSheetWriteIssues(port, parsePeriod("2026-12")!, ["Breaks"], "the close");
      },
    ],
  ]),
  ...issueCases("settings", [
    [
      "setting_must_be_readable",
      '"countPeople"',
      () =>
        parseSettings([
          ["Key", "Value"],
          ["countPeople", '{"custodians": [7]}'],
        ]).issues,
      "count people",
    ],
  ]),
];

const CASES: readonly IssueCase[] = [
  ...COUNT_CASES,
  ...AUDIT_SIGNOFF_CASES,
  ...BREAK_STATUS_CASES,
  ...GL_ACCOUNTS_CASES,
  ...CLOSE_CASES,
  ...SUSPENSE_CASES,
  ...issueCases("monthlyReconciliation", [
    ["sheet_must_exist", '"DTC"', () => reconcileSheets([BOOKS])],
    [
      "sheet_must_have_one_role",
      '"Stock Record"',
      () =>
        reconcileSheets([BOOKS, DTC], {
          statements: [
            { sheet: "DTC", contra: null },
            { sheet: "Stock Record", contra: null },
          ],
        }),
    ],
    [
      "as_of_date_is_required",
      "No as-of date was given",
      () => reconcileSheets([BOOKS, DTC], { asOf: null }),
      "none found",
    ],
    [
      "as_of_date_is_required",
      "2026-10-29, 2026-10-30",
      () =>
        reconcileSheets(
          [
            BOOKS,
            sheet(
              "DTC",
              ["CUSIP", "Quantity", "As Of"],
              [APPLE, 600, "10/29/2026"],
              [APPLE, 400, "10/30/2026"],
            ),
          ],
          { asOf: null },
        ),
      "two dates",
    ],
    ["statement_is_required", "No usable position statement", withDtcSheet()],
  ]),

  ...issueCases("positions", [
    ["sheet_must_have_rows", "empty", withDtcSheet()],
    [
      "location_column_is_required",
      "no location column",
      () =>
        reconcileSheets([
          sheet("Stock Record", ["CUSIP", "Description", "Quantity"], [APPLE, "APPLE INC", 1000]),
          DTC,
        ]),
    ],
    [
      "quantity_column_is_required",
      'A "CUSIP"',
      withDtcSheet(["CUSIP", "Shares Held"], [APPLE, 1000]),
    ],
    [
      "security_id_column_is_required",
      'B "Quantity"',
      withDtcSheet(["Security Name", "Quantity"], ["APPLE INC", 1000]),
    ],
    [
      "header_row_is_required",
      "No header row",
      withDtcSheet(["DTC Participant Position Statement"], ["Participant 0123"]),
    ],
    [
      "column_is_named_twice",
      '"Qty"',
      withDtcSheet(["CUSIP", "Quantity", "Qty"], [APPLE, 1000, 1000]),
    ],
    [
      "total_row_is_not_a_position",
      "total row",
      withBooksRows([APPLE, "APPLE INC", "DTC", 1000], [null, "Total", null, 1000]),
    ],
    [
      "security_id_is_required",
      "no security identifier",
      withBooksRows([APPLE, "APPLE INC", "DTC", 1000], [null, "MICROSOFT CORP", "DTC", 500]),
    ],
    [
      "location_is_required",
      "no location",
      withBooksRows([APPLE, "APPLE INC", "DTC", 1000], [MICROSOFT, "MICROSOFT CORP", null, 500]),
    ],
    ["statement_has_no_positions", "no position rows", withDtcRows()],
    ["stock_record_has_no_positions", "no position rows", withBooksRows()],
  ]),

  ...issueCases("values", [
    ["quantity_is_required", "empty", withDtcRows([APPLE, null])],
    ["quantity_must_be_a_number", '"1,OOO"', withDtcRows([APPLE, "1,OOO"]), "text"],
    ["quantity_must_be_a_number", "TRUE", withDtcRows([APPLE, true]), "boolean"],
    ["security_id_must_be_an_identifier", "TRUE", withDtcRows([true, 1000]), "boolean"],
    [
      "security_id_damaged_by_excel",
      "6.738e+208",
      withDtcRows([6.738e208, 1000]),
      "scientific notation",
    ],
    ["security_id_damaged_by_excel", "594918105", withDtcRows([594918105, 1000]), "no CUSIP"],
    ["cusip_restored_from_number", "37833100", withDtcRows([37833100, 1000])],
    [
      "date_must_be_a_date",
      '"31/10/2026"',
      withDtcSheet(["CUSIP", "Quantity", "As Of"], [APPLE, 1000, "31/10/2026"]),
    ],
  ]),

  ...issueCases("identifiers", [
    ["security_id_must_be_an_identifier", '"Apple, Inc."', withDtcRows(["Apple, Inc.", 1000])],
    ["isin_check_digit_must_match", "US0378331004", withDtcRows(["US0378331004", 1000])],
    ["isin_must_contain_a_valid_cusip", "US0378331013", withDtcRows(["US0378331013", 1000])],
    ["cusip_check_digit_must_match", "037833109", withDtcRows(["037833109", 1000])],
  ]),

  ...issueCases("checks", [
    ["row_is_an_exact_duplicate", "Row 3 repeats row 2", withDtcRows([APPLE, 500], [APPLE, 500])],
    [
      "position_is_split_over_rows",
      "037833100 at DTC",
      withBooksRows([APPLE, "APPLE INC", "DTC", 600], [APPLE, "APPLE INC", "DTC", 400]),
    ],
    ["number_is_stored_as_text", "row 2", withDtcRows([APPLE, "1,000"])],
    [
      "quantities_are_all_negative",
      "(2 rows)",
      () =>
        reconcileSheets([
          books([APPLE, "APPLE INC", "DTC", 1000], [MICROSOFT, "MICROSOFT CORP", "DTC", 500]),
          dtc([APPLE, -1000], [MICROSOFT, -500]),
        ]),
    ],
    [
      "price_is_missing",
      "no price",
      () =>
        reconcileSheets([
          sheet(
            "Stock Record",
            [...BOOKS_HEADER, "Price"],
            [APPLE, "APPLE INC", "DTC", 1000, null],
          ),
          DTC,
        ]),
    ],
    [
      "rows_follow_a_blank_gap",
      "Row 4",
      withDtcRows([APPLE, 1000], [null, null], [MICROSOFT, 500]),
    ],
    [
      "statement_date_must_match_as_of",
      "2026-10-29",
      withDtcSheet(["DTC Position Statement as of 10/29/2026"], STATEMENT_HEADER, [APPLE, 1000]),
    ],
    [
      "blank_rows_are_skipped",
      "row 3",
      withBooksRows(
        [APPLE, "APPLE INC", "DTC", 1000],
        [null, null, null, null],
        [null, "Total", null, 1000],
      ),
    ],
  ]),

  ...issueCases("reconcile", [
    [
      "contra_has_no_statement",
      "OCC",
      withBooksRows([APPLE, "APPLE INC", "DTC", 1000], [MICROSOFT, "MICROSOFT CORP", "OCC", 500]),
    ],
    [
      "statement_contra_must_hold_books_positions",
      '"DTC Position Report"',
      () =>
        reconcileSheets([BOOKS, sheet("DTC Position Report", STATEMENT_HEADER, [APPLE, 1000])], {
          statements: [{ sheet: "DTC Position Report", contra: null }],
        }),
    ],
    [
      "quantity_must_be_conserved",
      "For DTC",
      () =>
        reconcile({
          books: [shifting(APPLE_AT_DTC, "quantity", decimal("1000"), decimal("999"))],
          statements: [APPLE_AT_DTC],
          statementContras: ["DTC"],
        }).issues,
    ],
  ]),

  ...issueCases("locations", [
    [
      "locations_map_needs_location_and_contra",
      "Location column",
      withLocations([
        ["Code", "Bank"],
        ["DTC-FREE", "DTC"],
      ]),
    ],
    [
      "location_entry_needs_location_and_contra",
      "Row 3",
      withLocations([LOCATIONS_HEADER, ["DTC-FREE", "DTC", "0123"], ["DTC-SEG", null, "0123"]]),
    ],
    [
      "location_must_map_to_one_contra",
      "OCC",
      withLocations([LOCATIONS_HEADER, ["DTC-FREE", "DTC", "0123"], ["DTC-FREE", "OCC", "0123"]]),
    ],
    [
      "location_is_not_in_map",
      "VAULT",
      withLocations(
        [LOCATIONS_HEADER, ["DTC-FREE", "DTC", "0123"]],
        [[MICROSOFT, "MICROSOFT CORP", "VAULT", 500]],
      ),
    ],
  ]),

  ...issueCases("securityMaster", [
    [
      "security_master_needs_two_identifiers",
      "at least two identifiers",
      withMaster([
        ["CUSIP", "Description"],
        [APPLE, "APPLE INC"],
      ]),
    ],
    [
      "security_alias_must_name_one_security",
      "AAPL",
      withMaster([
        ["CUSIP", "Symbol"],
        [APPLE, "AAPL"],
        [MICROSOFT, "AAPL"],
      ]),
    ],
    [
      "security_is_not_in_master",
      "row 3",
      withMaster(
        [
          ["CUSIP", "Symbol"],
          [APPLE, "AAPL"],
        ],
        dtc([APPLE, 1000], ["MSFT", 500]),
      ),
    ],
    [
      "cusip_check_digit_must_match",
      "037833109",
      withMaster([
        ["CUSIP", "Symbol"],
        ["037833109", "AAPL"],
      ]),
      "in the master",
    ],
  ]),
  ...issueCases("prices", [
    [
      "prices_sheet_needs_security_and_price",
      "price column",
      withPrices([
        ["CUSIP", "Description"],
        [APPLE, "APPLE INC"],
      ]),
    ],
    [
      "price_must_be_a_number",
      "n/a",
      withPrices([
        ["CUSIP", "Price"],
        [APPLE, "n/a"],
      ]),
    ],
  ]),
  ...issueCases("ledgerSheet", [
    [
      "ledger_columns_must_be_intact",
      "Posted By",
      () => readLedger([LEDGER_HEADERS.filter((h) => h !== "Posted By")]).issues,
    ],
    [
      "ledger_entry_must_be_readable",
      "about 100",
      () => readLedger([[...LEDGER_HEADERS], ledgerRowWith({ Quantity: "about 100" })]).issues,
    ],
    [
      "ledger_entry_id_must_be_unique",
      "DA-000001",
      () => readLedger([[...LEDGER_HEADERS], ledgerRowWith({}), ledgerRowWith({})]).issues,
    ],
  ]),

  ...issueCases("mapping", [
    [
      "saved_mapping_must_match_headers",
      '"Sec ID"',
      withDtcMapping({ securityId: "Sec ID", quantity: "Position" }),
    ],
    [
      "mapping_field_is_required",
      "quantity",
      withDtcMapping(
        { securityId: "Sec ID" },
        sheet("DTC", ["Sec ID", "Shares Held"], [APPLE, 1000]),
      ),
    ],
    [
      "mapping_column_is_used_twice",
      "Column A",
      withDtcMapping({ securityId: "CUSIP", quantity: "CUSIP" }),
    ],
  ]),

  ...issueCases("money", [
    ["sheet_must_have_rows", "empty", withMoney([GL_HEADER, GL_ROW], []), "money statement"],
    [
      "contra_column_is_required",
      "no contra column",
      withMoney(
        [
          ["GL Account", "Currency", "Balance"],
          ["1010", "USD", 1500.25],
        ],
        [BANK_HEADER, BANK_ROW],
      ),
    ],
    [
      "balance_column_is_required",
      'A "Account"',
      withMoney(
        [GL_HEADER, GL_ROW],
        [
          ["Account", "Currency"],
          ["1010", "USD"],
        ],
      ),
    ],
    [
      "account_column_is_required",
      'B "Closing Balance"',
      withMoney(
        [GL_HEADER, GL_ROW],
        [
          ["Currency", "Closing Balance"],
          ["USD", 1500.25],
        ],
      ),
    ],
    [
      "header_row_is_required",
      "No header row",
      withMoney([GL_HEADER, GL_ROW], [["BNY Mellon cash report"], ["Prepared 10/30/2026"]]),
      "money",
    ],
    [
      "column_is_named_twice",
      '"Ledger Balance"',
      withMoney(
        [GL_HEADER, GL_ROW],
        [
          [...BANK_HEADER, "Ledger Balance"],
          [...BANK_ROW, 1500.25],
        ],
      ),
      "money",
    ],
    [
      "currency_is_assumed",
      "USD",
      withMoney(
        [GL_HEADER, GL_ROW],
        [
          ["Account", "Closing Balance"],
          ["1010", 1500.25],
        ],
      ),
      "no column",
    ],
    ["currency_is_assumed", "row 2", withBank(["1010", null, 1500.25]), "blank cell"],
    ["account_is_stored_as_a_number", "row 2", withBank([1010, "USD", 1500.25])],
    ["total_row_is_not_a_balance", "total row", withBank(BANK_ROW, ["Total", null, 1500.25])],
    ["account_is_required", "no account number", withGl(GL_ROW, [null, "BNY", "USD", 100])],
    ["contra_is_required", "no contra", withGl(GL_ROW, ["1020", null, "USD", 100])],
    ["balance_is_required", "empty", withBank(["1010", "USD", null])],
    ["balance_must_be_a_number", '"$1,500.25"', withBank(["1010", "USD", "$1,500.25"])],
    ["account_must_be_text", "TRUE", withBank([true, "USD", 1500.25])],
    ["account_damaged_by_excel", "1.23456789012345e+21", withBank([1.23456789012345e21, "USD", 0])],
    ["currency_must_be_a_three_letter_code", '"US$"', withBank(["1010", "US$", 1500.25])],
    ["statement_has_no_balances", "no balance rows", withBank()],
    ["books_have_no_balances", "no balance rows", withGl()],
    ["contra_has_no_money_statement", "Citi", withGl(GL_ROW, ["2020", "Citi", "USD", 50])],
    [
      "money_must_be_conserved",
      "For BNY in USD",
      () =>
        reconcileMoney({
          books: [shifting(CASH_AT_BNY, "balance", decimal("1500.25"), decimal("1500"))],
          statements: [CASH_AT_BNY],
          statementContras: ["BNY"],
        }).issues,
    ],
  ]),

  ...issueCases("settings", [
    [
      "setting_must_be_readable",
      '"profile:DTC"',
      () =>
        parseSettings([
          ["Key", "Value"],
          ["profile:DTC", "{columns:"],
        ]).issues,
      "not JSON",
    ],
    [
      "setting_must_be_readable",
      '"profile:DTC"',
      () =>
        parseSettings([
          ["Key", "Value"],
          ["profile:DTC", '{"columns":{"securityId":"Sec ID"}}'],
        ]).issues,
      "not a mapping",
    ],
    [
      "setting_must_be_readable",
      '"moneyTolerance"',
      () =>
        parseSettings([
          ["Key", "Value"],
          ["moneyTolerance", '"-0.01"'],
        ]).issues,
      "not an amount",
    ],
  ]),

  ...issueCases("monthEnd", [
    [
      "stock_record_sheet_is_required",
      "No sheet looks like a stock record",
      async () => (await detectSheetRoles(new MemoryWorkbook({ DTC: DTC.rows }))).issues,
    ],
    [
      "statement_sheet_is_required",
      "No sheet looks like a position statement",
      async () =>
        (await detectSheetRoles(new MemoryWorkbook({ "Stock Record": BOOKS.rows }))).issues,
    ],
    [
      "setting_must_be_readable",
      '"moneyTolerance"',
      async () => {
        const workbook = new MemoryWorkbook({
          "Stock Record": BOOKS.rows,
          DTC: DTC.rows,
          [SETTINGS_SHEET]: [
            ["Key", "Value"],
            ["moneyTolerance", "one cent"],
          ],
        });
        const plan = {
          books: "Stock Record",
          statements: [{ sheet: "DTC", contra: null }],
          asOf: AS_OF,
        };
        return (await reconcileWorkbook(workbook, plan)).issues;
      },
      "saved in the workbook",
    ],
  ]),

  ...issueCases("importStatement", [
    [
      "statement_format_must_be_known",
      "holdings.pdf",
      importInto({ fileName: "holdings.pdf", bytes: utf8("%PDF-1.7\n% DTC holdings report\n") }),
    ],
    [
      "source_sheet_needs_a_workbook",
      "CSV file",
      importInto({ fileName: "dtc.csv", bytes: POSITIONS_CSV, sourceSheet: "DTC" }),
    ],
    [
      "workbook_import_not_available",
      "Excel workbook",
      importInto({ fileName: "dtc.xlsx", bytes: ZIP }),
    ],
    [
      "source_sheet_must_exist",
      '"OCC"',
      importInto(
        { fileName: "custodian.xlsx", bytes: ZIP, sourceSheet: "OCC" },
        { openWorkbook: async () => new MemoryWorkbook({ DTC: DTC.rows }) },
      ),
    ],
    [
      "statement_workbook_must_be_readable",
      "not a readable workbook",
      importInto(
        { fileName: "custodian.xlsx", bytes: ZIP },
        { openWorkbook: (bytes) => XlsxWorkbook.fromBuffer(bytes) },
      ),
    ],
    [
      "sheet_name_must_be_valid",
      '"DTC 10/30"',
      importInto({ fileName: "dtc.csv", bytes: POSITIONS_CSV, sheetName: "DTC 10/30" }),
    ],
    [
      "sheet_must_not_exist",
      '"DTC"',
      importInto({ fileName: "dtc.csv", bytes: POSITIONS_CSV, sheetName: "DTC" }),
    ],
    [
      "statement_file_must_hold_a_statement",
      "balances.bai",
      importInto({
        fileName: "balances.bai",
        bytes: utf8("01,BANKUS33,STOCKREC,261030,1800,1,,,2/\n99,0,0,2/\n"),
      }),
      "no account in a BAI2 file",
    ],
  ]),

  ...issueCases("detect", [
    [
      "text_encoding_is_not_utf8",
      "not valid UTF-8",
      importInto({
        fileName: "dtc.csv",
        bytes: windows1252(
          "CUSIP,Description,Quantity\nF4113C103,SOCI\u00c9T\u00c9 G\u00c9N\u00c9RALE,1000\n",
        ),
      }),
    ],
  ]),

  ...issueCases("toSheet", [
    [
      "contra_column_kept",
      '"Contra"',
      importInto({
        fileName: "dtc.csv",
        bytes: utf8("CUSIP,Quantity,Contra\n037833100,1000,DTC\n594918104,500,\n"),
        contra: "DTC",
      }),
    ],
    [
      "statement_file_must_be_at_most_20_million_characters",
      "20000001",
      () => csvToTable(tooLong(), "positions.csv").issues,
      "CSV",
    ],
    ["csv_delimiter_not_found", "no comma, semicolon or tab", csv("CUSIP", APPLE, MICROSOFT)],
    [
      "csv_quotes_must_be_balanced",
      "line 2",
      csv("CUSIP,Description,Quantity", '037833100,"APPLE INC,1000', "594918104,MICROSOFT,500"),
    ],
    [
      "rows_above_header_not_imported",
      '"DTC Position Statement"',
      csv("DTC Position Statement", "As of 10/30/2026", "CUSIP,Quantity", "037833100,1000"),
    ],
    [
      "header_must_be_unique",
      '"Quantity (2)"',
      csv("CUSIP,Quantity,Quantity", "037833100,1000,1000"),
    ],
    [
      "csv_row_must_have_header_width",
      "line 2",
      csv("CUSIP,Description,Quantity", "037833100,APPLE INC", "594918104,MICROSOFT,500"),
      "fewer fields",
    ],
    [
      "csv_row_must_have_header_width",
      "line 2",
      csv("CUSIP,Description,Quantity", "037833100,APPLE, INC,1000"),
      "more fields",
    ],
    ["statement_file_must_hold_rows", "every line is blank", csv("", " ", "")],
    ["header_must_name_statement_columns", "line 1", csv("Name,Amount", "APPLE INC,1000")],
    [
      "bai2_account_must_report_closing_ledger",
      "account 1234567890",
      () => textToTable("bai2", edit(BAI2, ["015,150000", "040,150000"]), "balances.bai").issues,
    ],
  ]),

  ...issueCases("swift", [
    [
      "statement_file_must_be_at_most_20_million_characters",
      "20000001",
      () => parseMt535(tooLong(), "holdings.535").issues,
      "SWIFT",
    ],
    ["swift_block_must_be_known", "{7:", mt535(["{4:", "{7:X}{4:"])],
    [
      "swift_text_must_be_inside_a_block",
      '"END OF PAGE"',
      mt535(["-}", "-}{5:{CHK:9A1B2C3D4E5F}}END OF PAGE"]),
    ],
    ["swift_block_must_be_closed", "{5:", mt535(["-}", "-}{5:{CHK:9A1B2C3D4E5F}"])],
    ["swift_text_must_belong_to_a_field", '"PAGE 1 OF 1"', mt535(["{4:", "{4:\nPAGE 1 OF 1"])],
    ["swift_text_block_must_end_with_dash", "line 1", mt535(["\n-}", ""])],
  ]),

  ...issueCases("mt535", [
    ["swift_sequence_must_be_opened", ":16S:FIA", mt535([":16S:FIN", ":16S:FIA\n:16S:FIN"])],
    ["swift_sequence_must_be_closed", ":16R:FIN", mt535([":16S:FIN\n", ""])],
    [
      "sub_balance_must_have_one_balance",
      "UNIT/400,",
      mt535([
        ":16S:FIN",
        ":16R:SUBBAL\n:93B::AGGR//UNIT/600,\n:93B::AGGR//UNIT/400,\n:16S:SUBBAL\n:16S:FIN",
      ]),
    ],
    [
      "sub_balance_must_have_a_balance",
      "no 93B balance",
      mt535([":16S:FIN", ":16R:SUBBAL\n:94F::SAFE//CUST/CUSTUS33\n:16S:SUBBAL\n:16S:FIN"]),
    ],
    [
      "holding_balance_must_be_a_quantity",
      "SHRS/1000,",
      mt535([":93B::AGGR//UNIT/1000,", ":93B::AGGR//UNIT/1000,\n:93B::AVAI//SHRS/1000,"]),
    ],
    [
      "holding_must_have_an_aggregate_balance",
      "no aggregate balance",
      mt535([":93B::AGGR//", ":93B::AVAI//"]),
    ],
    [
      "holding_must_identify_a_security",
      "no financial instrument",
      mt535([":35B:ISIN US0378331005\nAPPLE INC\n", ""]),
    ],
    [
      "isin_must_be_twelve_characters",
      '"037833100"',
      mt535(["ISIN US0378331005", "ISIN 037833100"]),
    ],
    [
      "isin_check_digit_must_match",
      "US0378331004",
      mt535(["ISIN US0378331005", "ISIN US0378331004"]),
      "in 35B",
    ],
    ["statement_date_must_be_a_date", "20261331", mt535(["STAT//20261030", "STAT//20261331"])],
    ["statement_must_have_a_date", "HOLD20261030", mt535([":98A::STAT//20261030\n", ""])],
    [
      "statement_must_name_its_safekeeping_account",
      "HOLD20261030",
      mt535([":97A::SAFE//S 02500\n", ""]),
    ],
    ["statement_pages_must_all_be_loaded", "1/MORE", mt535(["1/ONLY", "1/MORE"])],
    [
      "statement_has_no_holdings",
      "ACTI//N",
      mt535(
        [":16R:FIN\n:35B:ISIN US0378331005\nAPPLE INC\n:93B::AGGR//UNIT/1000,\n:16S:FIN\n", ""],
        ["ACTI//Y", "ACTI//N"],
      ),
    ],
    ["message_type_must_be_535", "MT537", mt535(["O535", "O537"])],
    [
      "statement_file_must_hold_a_message",
      "holdings.535",
      () => parseMt535("Statement of holdings: see the attached PDF.\n", "holdings.535").issues,
    ],
  ]),

  ...issueCases("mt940", [
    [
      "statement_balance_must_be_readable",
      "12.000,00",
      mt940(["-}", ":64:C261030USD12.000,00\n-}"]),
    ],
    ["statement_entry_must_be_readable", "D500.00", mt940(["D500,00NCHK", "D500.00NCHK"])],
    [
      "statement_currency_must_not_change",
      "EUR",
      mt940(["C261030USD12000,00", "C261030EUR12000,00"]),
    ],
    ["cash_statement_must_foot", "12100", mt940(["USD12000,00", "USD12100,00"])],
    ["statement_must_name_its_account", "303/1", mt940([":25:1234567890\n", ""])],
    [
      "statement_balances_must_chain",
      "11000",
      mt940([
        "-}",
        ":20:STMT261031\n:25:1234567890\n:28C:304/1\n:60F:C261030USD11000,00\n:62F:C261031USD11000,00\n-}",
      ]),
    ],
    ["message_type_must_be_940_or_950", "MT942", mt940(["O940", "O942"])],
    ["statement_must_have_opening_balance", "303/1", mt940([":60F:C261029USD10000,00\n", ""])],
    ["statement_must_have_closing_balance", "303/1", mt940([":62F:C261030USD12000,00\n", ""])],
    [
      "statement_file_must_hold_a_statement",
      "statement.sta",
      () =>
        parseCashStatement("Account statement: see the attached PDF.\n", "statement.sta").issues,
      "no MT940",
    ],
  ]),

  ...issueCases("bai2", [
    [
      "statement_file_must_be_at_most_20_million_characters",
      "20000001",
      () => parseBai2(tooLong(), "balances.bai").issues,
      "BAI2",
    ],
    ["bai2_line_must_start_with_a_record_code", '"PAGE 2"', bai2(["49,", "PAGE 2\n49,"])],
    ["bai2_continuation_must_follow_a_record", "88", bai2(["01,", "88,MORE TEXT/\n01,"])],
    ["bai2_record_code_must_be_known", "17", bai2(["49,", "17,NOTE/\n49,"])],
    [
      "bai2_records_must_end_at_file_trailer",
      "02 record",
      bai2(["99,300000,1,7/", "99,300000,1,7/\n02,STOCKREC,BANKUS33,1,261031,,USD,2/"]),
    ],
    ["bai2_version_must_be_2", '"3"', bai2([",,,2/", ",,,3/"])],
    ["bai2_as_of_date_must_be_yymmdd", '"261301"', bai2(["1,261030,", "1,261301,"])],
    [
      "bai2_record_must_be_inside_its_parent",
      "03 record",
      bai2(
        ["02,STOCKREC,BANKUS33,1,261030,,USD,2/\n", ""],
        ["98,300000,1,5/\n", ""],
        ["99,300000,1,7/", "99,300000,1,5/"],
      ),
    ],
    [
      "bai2_amount_must_be_whole_minor_units",
      '"500.00"',
      bai2(
        ["195,50000,", "195,500.00,"],
        ["49,300000", "49,250000"],
        ["98,300000", "98,250000"],
        ["99,300000", "99,250000"],
      ),
    ],
    ["bai2_distribution_count_must_be_a_number", '"X"', bai2(["195,50000,0,", "195,50000,D,X,"])],
    ["bai2_funds_type_must_be_known", '"Q"', bai2(["195,50000,0,", "195,50000,Q,"])],
    [
      "bai2_group_account_count_must_match",
      "2 accounts",
      bai2(["98,300000,1,5/", "98,300000,2,5/"]),
    ],
    ["bai2_file_group_count_must_match", "2 groups", bai2(["99,300000,1,7/", "99,300000,2,7/"])],
    [
      "bai2_file_must_start_with_01_header",
      "no 01 file header",
      bai2(["01,BANKUS33,STOCKREC,261030,1800,1,,,2/\n", ""], ["99,300000,1,7/", "99,300000,1,6/"]),
    ],
    [
      "bai2_account_must_end_with_49_trailer",
      "account 1234567890",
      bai2(
        ["49,300000,3/\n", ""],
        ["98,300000,1,5/", "98,300000,1,4/"],
        ["99,300000,1,7/", "99,300000,1,6/"],
      ),
    ],
    [
      "bai2_group_must_end_with_98_trailer",
      "the group of line 2",
      bai2(["98,300000,1,5/\n", ""], ["99,300000,1,7/", "99,300000,1,6/"]),
    ],
    ["bai2_file_must_end_with_99_trailer", "the file", bai2(["\n99,300000,1,7/", ""])],
    ["bai2_account_control_total_must_match", "300001", bai2(["49,300000", "49,300001"])],
    ["bai2_group_control_total_must_match", "300001", bai2(["98,300000", "98,300001"])],
    ["bai2_file_control_total_must_match", "300001", bai2(["99,300000", "99,300001"])],
    ["bai2_account_record_count_must_match", "4 records", bai2(["49,300000,3/", "49,300000,4/"])],
    ["bai2_group_record_count_must_match", "6 records", bai2(["98,300000,1,5/", "98,300000,1,6/"])],
    ["bai2_file_record_count_must_match", "8 records", bai2(["99,300000,1,7/", "99,300000,1,8/"])],
  ]),
];

// ---------------------------------------------------------------------------------------------
// Golden expectations

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const EXPECTED_PATH = "test/golden/issue-codes/expected.json";
const expected: Record<string, unknown> | null = existsSync(EXPECTED_PATH)
  ? (JSON.parse(readFileSync(EXPECTED_PATH, "utf8")) as Record<string, unknown>)
  : null;
const actualByCase = new Map<string, unknown>();

afterAll(() => {
  if (!UPDATE) return;
  const ordered = Object.fromEntries(
    CASES.filter((c) => actualByCase.has(c.name)).map((c) => [c.name, actualByCase.get(c.name)]),
  );
  mkdirSync(dirname(EXPECTED_PATH), { recursive: true });
  writeFileSync(EXPECTED_PATH, JSON.stringify(ordered, null, 2) + "\n");
});

describe("one golden case per issue code", () => {
  it("names each case once", () => {
    const names = CASES.map((c) => c.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });

  it("keeps no expectation for a case that is gone", () => {
    if (UPDATE || expected === null) return;
    const names = new Set(CASES.map((c) => c.name));
    expect(Object.keys(expected).filter((name) => !names.has(name))).toEqual([]);
  });

  for (const issueCase of CASES) {
    it(issueCase.name, async () => {
      const all = await issueCase.run();
      const raised = all.filter((issue) => issue.code === issueCase.code);
      const others = [...new Set(all.map((i) => i.code).filter((c) => c !== issueCase.code))];
      expect(
        raised,
        `${issueCase.code} not raised; got ${others.join(", ") || "nothing"}`,
      ).not.toEqual([]);
      for (const issue of raised) {
        expect(issue.message, "the message names what was found").toContain(issueCase.found);
        expect(issue.hint.trim(), "the hint says what to do").not.toBe("");
      }
      const actual = {
        issues: JSON.parse(JSON.stringify(raised)) as unknown,
        alsoReported: others.sort(),
      };
      actualByCase.set(issueCase.name, actual);
      if (UPDATE) return;
      if (expected === null) {
        throw new Error(
          `${EXPECTED_PATH} is missing: run UPDATE_GOLDEN=1 npx vitest run test/golden/issueCodes.test.ts`,
        );
      }
      expect(actual).toEqual(expected[issueCase.name]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Completeness: every code in the source has a case

/** Where issue codes are raised (src/excel has host error codes, src/taskpane shows issues). */
const SOURCE_FOLDERS = ["src/domain", "src/workbook", "src/cli"];
const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

/**
 * Codes built from a template (`bai2_${level}_control_total_must_match`), written with `*` for
 * each substitution, and every code they can build.
 */
const TEMPLATE_CODES: Readonly<Record<string, readonly string[]>> = {
  "statement_must_have_*_balance": [
    "statement_must_have_opening_balance",
    "statement_must_have_closing_balance",
  ],
  "bai2_*_must_end_with_*_trailer": [
    "bai2_account_must_end_with_49_trailer",
    "bai2_group_must_end_with_98_trailer",
    "bai2_file_must_end_with_99_trailer",
  ],
  "bai2_*_control_total_must_match": [
    "bai2_account_control_total_must_match",
    "bai2_group_control_total_must_match",
    "bai2_file_control_total_must_match",
  ],
  "bai2_*_record_count_must_match": [
    "bai2_account_record_count_must_match",
    "bai2_group_record_count_must_match",
    "bai2_file_record_count_must_match",
  ],
};

/** Codes no input can raise, with the reason; each must still be a code of the source. */
const UNREACHABLE: Readonly<Record<string, string>> = {};

interface SourceScan {
  /** Issue codes written as literals, with the files that raise them. */
  readonly codes: ReadonlyMap<string, readonly string[]>;
  /** Codes built from templates, as `a_*_b`. */
  readonly templates: ReadonlySet<string>;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".ts") && !path.endsWith(".d.ts"))
    .map((path) => join(folder, path).replace(/\\/g, "/"));
}

/** The strings an expression can be: literals, both arms of `a ? "x" : "y"`, templates as `a_*_b`. */
function possibleStrings(node: ts.Node): { literals: string[]; templates: string[] } {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return { literals: [node.text], templates: [] };
  }
  if (ts.isTemplateExpression(node)) {
    const text =
      node.head.text + node.templateSpans.map((span) => `*${span.literal.text}`).join("");
    return { literals: [], templates: [text] };
  }
  if (ts.isParenthesizedExpression(node)) return possibleStrings(node.expression);
  if (ts.isConditionalExpression(node)) {
    const [a, b] = [possibleStrings(node.whenTrue), possibleStrings(node.whenFalse)];
    return {
      literals: [...a.literals, ...b.literals],
      templates: [...a.templates, ...b.templates],
    };
  }
  return { literals: [], templates: [] };
}

type FunctionNode = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** Named functions of a file: `function f(…)` and `const f = (…) => …`. */
function namedFunctions(source: ts.SourceFile): { name: string; fn: FunctionNode }[] {
  const found: { name: string; fn: FunctionNode }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name) found.push({ name: node.name.text, fn: node });
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer !== undefined &&
      (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
    ) {
      found.push({ name: node.name.text, fn: node.initializer });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The parameter of `fn` that becomes an issue's code, or -1: one written into `{ code }` or
 * `{ code: param }`, or passed on as the code of another helper (`countIssue` → `issue`).
 */
function codeParameter(fn: FunctionNode, helpers: ReadonlyMap<string, number>): number {
  const parameters = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ""));
  let index = -1;
  const use = (node: ts.Node | undefined): void => {
    if (index < 0 && node !== undefined && ts.isIdentifier(node)) {
      index = parameters.indexOf(node.text);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isShorthandPropertyAssignment(node) && node.name.text === "code") use(node.name);
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === "code") {
      use(node.initializer);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const helper = helpers.get(node.expression.text);
      if (helper !== undefined) use(node.arguments[helper]);
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body !== undefined) visit(fn.body);
  return index;
}

function importedNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    const bindings = ts.isImportDeclaration(statement)
      ? statement.importClause?.namedBindings
      : undefined;
    if (bindings !== undefined && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) names.add(element.name.text);
    }
  }
  return names;
}

/**
 * The issue helpers each file can call, by name, with the index of their code argument: its own
 * and the ones it imports. Found again until nothing changes, as helpers call helpers.
 */
function issueHelpers(sources: readonly ts.SourceFile[]): Map<ts.SourceFile, Map<string, number>> {
  const local = new Map(sources.map((source) => [source, new Map<string, number>()]));
  const visible = (source: ts.SourceFile): Map<string, number> => {
    const helpers = new Map<string, number>();
    const imported = importedNames(source);
    for (const [other, found] of local) {
      if (other === source) continue;
      for (const [name, index] of found) if (imported.has(name)) helpers.set(name, index);
    }
    for (const [name, index] of local.get(source)!) helpers.set(name, index);
    return helpers;
  };
  for (let grew = true; grew;) {
    grew = false;
    for (const source of sources) {
      const helpers = visible(source);
      for (const { name, fn } of namedFunctions(source)) {
        const index = codeParameter(fn, helpers);
        if (index >= 0 && local.get(source)!.get(name) !== index) {
          local.get(source)!.set(name, index);
          grew = true;
        }
      }
    }
  }
  return new Map(sources.map((source) => [source, visible(source)]));
}

/** Initializers of the `const`s of a file, by name: a code may be put in a variable first. */
function constants(source: ts.SourceFile): Map<string, ts.Expression[]> {
  const found = new Map<string, ts.Expression[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      found.set(node.name.text, [...(found.get(node.name.text) ?? []), node.initializer]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Every code the source can raise: the value of each `code:` property (and `{ code }` of a
 * variable), and the code argument of each call to an issue helper.
 */
function scanSources(): SourceScan {
  const sources = SOURCE_FOLDERS.flatMap(sourceFiles).map((path) =>
    ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true),
  );
  const helpersByFile = issueHelpers(sources);
  const codes = new Map<string, string[]>();
  const templates = new Set<string>();
  for (const source of sources) {
    const helpers = helpersByFile.get(source)!;
    const variables = constants(source);
    const collect = (node: ts.Node): void => {
      const values = ts.isIdentifier(node) ? (variables.get(node.text) ?? []) : [node];
      for (const value of values) {
        const found = possibleStrings(value);
        for (const code of found.literals.filter((text) => SNAKE_CASE.test(text))) {
          codes.set(code, [...new Set([...(codes.get(code) ?? []), source.fileName])]);
        }
        found.templates.filter((text) => text.includes("_")).forEach((t) => templates.add(t));
      }
    };
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAssignment(node) && node.name.getText(source) === "code") {
        collect(node.initializer);
      }
      if (ts.isShorthandPropertyAssignment(node) && node.name.text === "code") collect(node.name);
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const index = helpers.get(node.expression.text);
        const argument = index === undefined ? undefined : node.arguments[index];
        if (argument !== undefined) collect(argument);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { codes, templates };
}

describe("completeness: every issue code has a golden case", () => {
  const scan = scanSources();
  const templateCodes = Object.values(TEMPLATE_CODES).flat();
  const sourceCodes = new Set([...scan.codes.keys(), ...templateCodes]);
  const caseCodes = new Set(CASES.map((c) => c.code));

  it("finds the codes (the scan itself works)", () => {
    expect(scan.codes.get("quantity_must_be_a_number")).toEqual(["src/domain/values.ts"]);
    expect(scan.codes.has("swift_sequence_must_be_closed")).toBe(true); // through lineIssue
    expect(scan.codes.has("balance_is_required")).toBe(true); // through fail
    expect(scan.codes.has("stock_record_has_no_positions")).toBe(true); // in a ternary
    expect(sourceCodes.size).toBeGreaterThan(100);
  });

  it("has a case for every code the source can raise", () => {
    const missing = [...sourceCodes].filter((c) => !caseCodes.has(c) && !(c in UNREACHABLE));
    expect(missing.sort(), "issue codes without a golden case").toEqual([]);
  });

  it("has no case for a code the source no longer raises", () => {
    expect([...caseCodes].filter((c) => !sourceCodes.has(c))).toEqual([]);
  });

  it("knows every code built from a template", () => {
    expect([...scan.templates].sort()).toEqual(Object.keys(TEMPLATE_CODES).sort());
    for (const [template, expansions] of Object.entries(TEMPLATE_CODES)) {
      const pattern = new RegExp(`^${template.replace(/\*/g, "[a-z0-9]+")}$`);
      for (const code of expansions) expect(code).toMatch(pattern);
    }
  });

  it("lists in UNREACHABLE only codes that exist and have no case", () => {
    for (const [code, reason] of Object.entries(UNREACHABLE)) {
      expect(sourceCodes.has(code), `${code} is not a code of the source`).toBe(true);
      expect(caseCodes.has(code), `${code} has a case, so it is reachable`).toBe(false);
      expect(reason.trim()).not.toBe("");
    }
  });
});
