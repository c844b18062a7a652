import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appendAudit, parseTimestamp, type AuditRecord } from "../../src/domain/auditLog";
import { canonicalHash } from "../../src/domain/canonical";
import type { CellValue, Row } from "../../src/domain/sheet";
import {
  checkAgainstAuditLog,
  checkSignoffs,
  isPeriodLocked,
  nameKey,
  parsePeriod,
  parseScope,
  readSignoffs,
  scopeRows,
  signedDataKey,
  signedRows,
  periodEnd,
  SIGNOFF_HEADERS,
  signOff,
  signoffRow,
  unlockPeriod,
  type Period,
  type SignoffRecord,
  type SignRequest,
} from "../../src/domain/signoff";

const at = (text: string) => parseTimestamp(text)!;
const OCTOBER = parsePeriod("2026-10")!;

const STOCK_RECORD: Row[] = [
  ["CUSIP", "Location", "Quantity"],
  ["037833100", "DTC", 1000],
  ["594918104", "DTC", 250.5],
];
const BREAKS: Row[] = [
  ["Security ID", "Difference"],
  ["037833100", -100],
];
const LEDGER: Row[] = [
  ["Entry ID", "Quantity"],
  ["DA-000001", 100],
];

/** Every sign-off made so far and its audit log, as a workbook would hold them. */
interface Book {
  readonly signoffs: readonly SignoffRecord[];
  readonly audit: readonly AuditRecord[];
}
const EMPTY: Book = { signoffs: [], audit: [] };

type Request = Omit<SignRequest, "timestamp" | "comment" | "period"> & {
  readonly at: string;
  readonly period?: Period;
  readonly comment?: string;
};

function sign(book: Book, request: Request, data: readonly Row[]): Book {
  const outcome = signOff(
    book.signoffs,
    {
      period: request.period ?? OCTOBER,
      comment: request.comment ?? "",
      ...request,
      timestamp: at(request.at),
    },
    canonicalHash(data),
  );
  if (!outcome.ok) throw new Error(outcome.issues.map((i) => i.code).join(", "));
  return {
    signoffs: [...book.signoffs, outcome.signoff],
    audit: [...book.audit, appendAudit(book.audit, outcome.audit)],
  };
}

function refusedCodes(book: Book, request: Request, data: readonly Row[]): string[] {
  const outcome = signOff(
    book.signoffs,
    { period: OCTOBER, comment: "", ...request, timestamp: at(request.at) },
    canonicalHash(data),
  );
  return outcome.ok ? [] : outcome.issues.map((i) => i.code);
}

const prepare = (book: Book, scope: string, data: readonly Row[], name = "J. Accountant") =>
  sign(book, { role: "preparer", scope, name, at: "2026-11-04T17:30:00-05:00" }, data);
const review = (book: Book, scope: string, data: readonly Row[], name = "M. Supervisor") =>
  sign(book, { role: "reviewer", scope, name, at: "2026-11-05T10:00:00-05:00" }, data);

function hashesOf(sheets: Readonly<Record<string, readonly Row[] | null>>, period = OCTOBER) {
  return new Map(
    Object.entries(sheets).map(([scope, rows]) => [
      signedDataKey({ scope, period }),
      rows === null ? null : canonicalHash(rows),
    ]),
  );
}

function statuses(book: Book, sheets: Readonly<Record<string, readonly Row[] | null>>) {
  return checkSignoffs(book.signoffs, hashesOf(sheets)).checks.map(
    (c) => `${c.signoff.id} ${c.status}`,
  );
}

describe("preparing and reviewing", () => {
  it("records who signed what, when, and the hash of the data", () => {
    const book = review(prepare(EMPTY, "Stock Record", STOCK_RECORD), "Stock Record", STOCK_RECORD);
    expect(book.signoffs).toEqual([
      {
        id: "SO-000001",
        period: "2026-10",
        scope: "Stock Record",
        role: "preparer",
        name: "J. Accountant",
        timestamp: "2026-11-04T17:30:00-05:00",
        comment: "",
        dataHash: canonicalHash(STOCK_RECORD),
        row: 2,
      },
      expect.objectContaining({ id: "SO-000002", role: "reviewer", name: "M. Supervisor", row: 3 }),
    ]);
    expect(book.audit.map((a) => [a.action, a.actor, a.details])).toEqual([
      ["signoff", "J. Accountant", "SO-000001 Preparer 2026-10"],
      ["signoff", "M. Supervisor", "SO-000002 Reviewer 2026-10"],
    ]);
    expect(statuses(book, { "Stock Record": STOCK_RECORD })).toEqual([
      "SO-000001 valid",
      "SO-000002 valid",
    ]);
  });

  it("refuses a reviewer who is the preparer, however the name is typed", () => {
    const book = prepare(EMPTY, "Stock Record", STOCK_RECORD, "J. Accountant");
    for (const name of ["J. Accountant", "  j. accountant ", "J.  ACCOUNTANT"]) {
      expect(
        refusedCodes(
          book,
          { role: "reviewer", scope: "stock record", name, at: "2026-11-05T10:00:00-05:00" },
          STOCK_RECORD,
        ),
      ).toEqual(["reviewer_must_not_be_preparer"]);
    }
    expect(nameKey(" J.  Accountant ")).toBe("j. accountant");
  });

  it("refuses a reviewer who prepared an earlier version in the same round", () => {
    const changed = STOCK_RECORD.map((row, i) => (i === 1 ? ["037833100", "DTC", 900] : row));
    const book = prepare(
      prepare(EMPTY, "Stock Record", STOCK_RECORD, "A. One"),
      "Stock Record",
      changed,
      "B. Two",
    );
    expect(
      refusedCodes(
        book,
        { role: "reviewer", scope: "Stock Record", name: "a. one", at: "2026-11-05T10:00:00Z" },
        changed,
      ),
    ).toEqual(["reviewer_must_not_be_preparer"]);
  });

  it("needs a preparation to review, of the same data, at a later time", () => {
    const reviewing = (at: string): Request => ({
      role: "reviewer",
      scope: "Stock Record",
      name: "M. Supervisor",
      at,
    });
    expect(refusedCodes(EMPTY, reviewing("2026-11-05T10:00:00Z"), STOCK_RECORD)).toEqual([
      "review_needs_a_prepared_signoff",
    ]);
    const book = prepare(EMPTY, "Stock Record", STOCK_RECORD);
    expect(refusedCodes(book, reviewing("2026-11-05T10:00:00Z"), BREAKS)).toEqual([
      "review_must_be_of_prepared_data",
    ]);
    // Prepared at 17:30 New York time (22:30Z); 23:00 in Paris is 22:00Z, half an hour before.
    expect(refusedCodes(book, reviewing("2026-11-04T23:00:00+01:00"), STOCK_RECORD)).toEqual([
      "review_must_follow_preparation",
    ]);
  });

  it("needs a name", () => {
    expect(
      refusedCodes(
        EMPTY,
        { role: "preparer", scope: "Breaks", name: " ", at: "2026-11-05T10:00:00Z" },
        BREAKS,
      ),
    ).toEqual(["signer_name_is_required"]);
  });
});

describe("locking and unlocking", () => {
  const reviewed = review(
    prepare(EMPTY, "Stock Record", STOCK_RECORD),
    "Stock Record",
    STOCK_RECORD,
  );
  const unlock = (book: Book, reason: string, name = "M. Supervisor") =>
    unlockPeriod(
      book.signoffs,
      {
        period: OCTOBER,
        scope: "Stock Record",
        name,
        reason,
        timestamp: at("2026-11-06T09:00:00-05:00"),
      },
      canonicalHash(STOCK_RECORD),
    );

  it("locks a reviewed period, for that period and scope only", () => {
    expect(isPeriodLocked(reviewed.signoffs, OCTOBER, "Stock Record")).toBe(true);
    expect(isPeriodLocked(reviewed.signoffs, OCTOBER, "STOCK RECORD")).toBe(true);
    expect(isPeriodLocked(reviewed.signoffs, parsePeriod("2026-11")!, "Stock Record")).toBe(false);
    expect(isPeriodLocked(reviewed.signoffs, OCTOBER, "Breaks")).toBe(false);
    expect(isPeriodLocked(prepare(EMPTY, "Breaks", BREAKS).signoffs, OCTOBER, "Breaks")).toBe(
      false,
    );
    expect(
      refusedCodes(
        reviewed,
        {
          role: "preparer",
          scope: "Stock Record",
          name: "J. Accountant",
          at: "2026-11-06T09:00:00Z",
        },
        STOCK_RECORD,
      ),
    ).toEqual(["signed_period_must_be_unlocked"]);
  });

  it("needs a reason to unlock, and a locked period", () => {
    const refused = unlock(reviewed, "  ");
    expect(refused.ok ? [] : refused.issues.map((i) => i.code)).toEqual([
      "unlock_reason_is_required",
    ]);
    const notLocked = unlock(prepare(EMPTY, "Stock Record", STOCK_RECORD), "late adjustment");
    expect(notLocked.ok ? [] : notLocked.issues.map((i) => i.code)).toEqual([
      "period_must_be_locked_to_unlock",
    ]);
  });

  it("records an unlock with its reason, and a new round supersedes the old sign-offs", () => {
    const outcome = unlock(reviewed, "Late DTC adjustment, ticket 4711");
    if (!outcome.ok) throw new Error("refused");
    expect(outcome.signoff).toMatchObject({
      id: "SO-000003",
      role: "unlock",
      comment: "Late DTC adjustment, ticket 4711",
    });
    expect(outcome.audit).toMatchObject({
      action: "unlock",
      details: "SO-000003 Unlock 2026-10: Late DTC adjustment, ticket 4711",
    });
    const unlocked: Book = {
      signoffs: [...reviewed.signoffs, outcome.signoff],
      audit: [...reviewed.audit, appendAudit(reviewed.audit, outcome.audit)],
    };
    expect(isPeriodLocked(unlocked.signoffs, OCTOBER, "Stock Record")).toBe(false);
    const changed = STOCK_RECORD.map((row, i) => (i === 2 ? ["594918104", "DTC", 250] : row));
    const again = review(prepare(unlocked, "Stock Record", changed), "Stock Record", changed);
    expect(statuses(again, { "Stock Record": changed })).toEqual([
      "SO-000001 superseded",
      "SO-000002 superseded",
      "SO-000003 recorded",
      "SO-000004 valid",
      "SO-000005 valid",
    ]);
    expect(checkSignoffs(again.signoffs, hashesOf({ "Stock Record": changed })).issues).toEqual([]);
  });

  it("lets the preparer prepare again before review; the earlier preparation is superseded", () => {
    const changed = [...BREAKS, ["594918104", 5]];
    const book = prepare(prepare(EMPTY, "Breaks", BREAKS), "Breaks", changed);
    const { checks, issues } = checkSignoffs(book.signoffs, hashesOf({ Breaks: changed }));
    expect(checks.map((c) => [c.status, c.supersededBy])).toEqual([
      ["superseded", "SO-000002"],
      ["valid", null],
    ]);
    expect(issues).toEqual([]);
  });
});

describe("checkSignoffs", () => {
  const signedThree = [
    ["Stock Record", STOCK_RECORD],
    ["Breaks", BREAKS],
    ["Difference Account", LEDGER],
  ] as const;
  const book = signedThree.reduce<Book>((b, [scope, rows]) => prepare(b, scope, rows), EMPTY);

  it("breaks exactly the sign-off whose data changed in one cell, keeping its row", () => {
    const changed = STOCK_RECORD.map((row, i) => (i === 2 ? ["594918104", "DTC", 250.25] : row));
    const { checks, issues } = checkSignoffs(
      book.signoffs,
      hashesOf({ "Stock Record": changed, Breaks: BREAKS, "Difference Account": LEDGER }),
    );
    expect(checks.map((c) => c.status)).toEqual(["broken", "valid", "valid"]);
    expect(checks[0]!.signoff).toBe(book.signoffs[0]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: "signed_data_must_not_change",
      where: { sheet: "Sign-offs", row: 2, column: "H" },
    });
    expect(issues[0]!.message).toContain(
      'Sign-off SO-000001 (Preparer J. Accountant, 2026-10, "Stock Record"',
    );
  });

  it("breaks a sign-off whose sheet is gone", () => {
    const { issues } = checkSignoffs(
      book.signoffs,
      hashesOf({ "Stock Record": STOCK_RECORD, Breaks: null, "Difference Account": LEDGER }),
    );
    expect(issues.map((i) => [i.code, i.where.row])).toEqual([
      ["signed_scope_must_still_exist", 3],
    ]);
  });

  it("breaks exactly one sign-off for any single changed cell (property)", () => {
    const value: fc.Arbitrary<CellValue> = fc.oneof(
      fc.string({ maxLength: 5 }),
      fc.integer(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.nat({ max: 4 }),
        fc.nat({ max: 3 }),
        value,
        (which, row, column, cell) => {
          const [scope, rows] = signedThree[which]!;
          const before = rows[row]?.[column] ?? null;
          fc.pre(JSON.stringify(before ?? null) !== JSON.stringify(cell === "" ? null : cell));
          const edited = Array.from({ length: Math.max(rows.length, row + 1) }, (_, r) => {
            const cells = [...(rows[r] ?? [])];
            if (r === row) {
              while (cells.length <= column) cells.push(null);
              cells[column] = cell;
            }
            return cells;
          });
          const sheets = Object.fromEntries(signedThree.map(([s, r]) => [s, r as readonly Row[]]));
          const { checks } = checkSignoffs(book.signoffs, hashesOf({ ...sheets, [scope]: edited }));
          expect(checks.filter((c) => c.status === "broken").map((c) => c.signoff.scope)).toEqual([
            scope,
          ]);
        },
      ),
    );
  });
});

describe("the Sign-offs sheet against the audit log", () => {
  const book = review(prepare(EMPTY, "Stock Record", STOCK_RECORD), "Stock Record", STOCK_RECORD);
  const checkedAt = at("2026-11-05T10:00:00-05:00");
  const sheet: Row[] = [
    [...SIGNOFF_HEADERS],
    ...checkSignoffs(book.signoffs, hashesOf({ "Stock Record": STOCK_RECORD })).checks.map((c) =>
      signoffRow(c, checkedAt),
    ),
  ];

  it("reads back what it writes", () => {
    expect(sheet[1]!.slice(8)).toEqual(["Valid", "2026-11-05T10:00:00-05:00"]);
    expect(readSignoffs(sheet)).toEqual({ signoffs: book.signoffs, issues: [] });
    expect(checkAgainstAuditLog(book.signoffs, book.audit)).toEqual([]);
  });

  it("finds a sign-off row edited after it was written", () => {
    const edited = sheet.map((row, i) =>
      i === 2 ? row.map((c, j) => (j === 4 ? "A. Forger" : c)) : row,
    );
    const issues = checkAgainstAuditLog(readSignoffs(edited).signoffs, book.audit);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "signoff_must_match_audit_log", where: { row: 3 } });
    expect(issues[0]!.message).toContain('Name "A. Forger" here, "M. Supervisor" in the log');
  });

  it("finds a sign-off row added by hand, and one deleted", () => {
    const forged = sheet.map((row, i) =>
      i === 2 ? row.map((c, j) => (j === 0 ? "SO-000009" : c)) : row,
    );
    expect(
      checkAgainstAuditLog(readSignoffs(forged).signoffs, book.audit).map((i) => [
        i.code,
        i.where.sheet,
        i.where.row,
      ]),
    ).toEqual([
      ["signoff_must_match_audit_log", "Sign-offs", 3],
      ["signoff_must_stay_in_sheet", "Audit Log", 3],
    ]);
  });

  it("reads strictly", () => {
    const bad = (column: number, value: CellValue) =>
      readSignoffs(
        sheet.map((row, i) => (i === 1 ? row.map((c, j) => (j === column ? value : c)) : row)),
      ).issues;
    expect(bad(1, "Oct 2026")[0]).toMatchObject({
      code: "signoff_row_must_be_readable",
      where: { row: 2, column: "B" },
    });
    expect(bad(3, "Approver")[0]!.message).toContain('the role "Approver"');
    expect(bad(7, "changed")[0]!.where.column).toBe("H");
    expect(readSignoffs([[...sheet[0]!], sheet[1]!, sheet[1]!]).issues[0]).toMatchObject({
      code: "signoff_id_must_be_unique",
      where: { row: 3 },
    });
    expect(readSignoffs([["Sign-off ID", "Name"]]).issues[0]!.code).toBe(
      "signoff_columns_must_be_intact",
    );
  });
});

describe("scopes", () => {
  const sheets = ["Stock Record", "Breaks", "Sign-offs", "Audit Log", "Q3!Notes"];
  const scope = (text: string) => parseScope(text, sheets);

  it("names a whole sheet, ignoring case, or a range of one", () => {
    expect(scope("stock record")).toEqual({
      ok: true,
      scope: { sheet: "Stock Record", range: null, text: "Stock Record" },
    });
    expect(scope("'Stock Record'!$c$3:A1")).toEqual({
      ok: true,
      scope: {
        sheet: "Stock Record",
        range: { firstRow: 1, firstColumn: 1, lastRow: 3, lastColumn: 3 },
        text: "Stock Record!A1:C3",
      },
    });
    expect(scope("Q3!Notes")).toMatchObject({ ok: true, scope: { text: "Q3!Notes" } });
  });

  it("refuses what it cannot sign", () => {
    const code = (text: string) => {
      const parsed = scope(text);
      return parsed.ok ? "ok" : parsed.issue.code;
    };
    expect(code("Stok Record")).toBe("scope_sheet_must_exist");
    expect(code("Stok Record!A1:B2")).toBe("scope_sheet_must_exist");
    expect(code("Breaks!StockRecBreaks")).toBe("scope_range_must_be_a1");
    expect(code("Audit Log")).toBe("scope_must_not_be_a_log_sheet");
    expect(code("sign-offs!A1:B2")).toBe("scope_must_not_be_a_log_sheet");
  });

  it("cuts a range out of the sheet's rows", () => {
    const parsed = scope("Stock Record!B2:C9");
    if (!parsed.ok) throw new Error("not a scope");
    expect(scopeRows(STOCK_RECORD, parsed.scope)).toEqual([
      ["DTC", 1000],
      ["DTC", 250.5],
    ]);
  });
});

describe("a sign-off of the append-only Difference Account covers its period", () => {
  const header: Row = ["Entry ID", "Security ID", "Quantity", "Long/Short", "Count Date"];
  const october: Row[] = [
    header,
    ["DA-000001", "037833100", 100, "Short", "2026-09-30"],
    ["DA-000002", "594918104", 25, "Long", "2026-10-30"],
  ];
  const november: Row = ["DA-000003", "037833100", 40, "Long", "2026-11-30"];
  const scope = (text: string) => {
    const parsed = parseScope(text, ["Difference Account", "Breaks"]);
    if (!parsed.ok) throw new Error(parsed.issue.message);
    return parsed.scope;
  };
  const whole = scope("Difference Account");
  const hash = (rows: readonly Row[]) => canonicalHash(signedRows(rows, whole, OCTOBER));

  it("ends a period on its last calendar day", () => {
    expect(periodEnd(parsePeriod("2026-02")!)).toBe("2026-02-28");
    expect(periodEnd(parsePeriod("2028-02")!)).toBe("2028-02-29");
    expect(periodEnd(parsePeriod("2026-12")!)).toBe("2026-12-31");
    expect(periodEnd(OCTOBER)).toBe("2026-10-31");
  });

  it("is not broken by next month's entries appended below", () => {
    expect(hash([...october, november])).toBe(hash(october));
    expect(signedRows([...october, november], whole, OCTOBER)).toEqual(october);
  });

  it("is broken by a changed covered entry, or one whose count date moves out of the period", () => {
    const edited = october.map((row, i) =>
      i === 1 ? [...row.slice(0, 2), 90, ...row.slice(3)] : row,
    );
    expect(hash(edited)).not.toBe(hash(october));
    const moved = october.map((row, i) => (i === 2 ? [...row.slice(0, 4), "2026-11-02"] : row));
    expect(hash(moved)).not.toBe(hash(october));
    expect(hash(october.slice(0, 2))).not.toBe(hash(october));
  });

  it("covers a row whose count date cannot be read", () => {
    const unreadable: Row = ["DA-000004", "037833100", 5, "Short", "someday"];
    expect(signedRows([...october, unreadable], whole, OCTOBER)).toHaveLength(4);
  });

  it("keys the ledger's hashes by period, every other scope by sheet only", () => {
    expect(signedDataKey({ scope: "Difference Account", period: OCTOBER })).toBe(
      "difference account|2026-10",
    );
    expect(signedDataKey({ scope: "Breaks", period: OCTOBER })).toBe("breaks");
    const range = scope("Difference Account!A1:E2");
    expect(signedRows([...october, november], range, OCTOBER)).toEqual(october.slice(0, 2));
    expect(signedRows([...october, november], scope("Breaks"), OCTOBER)).toHaveLength(4);
  });
});
