import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  appendAudit,
  AUDIT_HEADERS,
  auditHead,
  auditRow,
  auditRowHash,
  GENESIS,
  instantSeconds,
  parseTimestamp,
  readAuditLog,
  verifyAuditLog,
  type AuditEvent,
  type AuditRecord,
} from "../../src/domain/auditLog";
import { sha256Hex } from "../../src/domain/canonical";
import type { CellValue, Row } from "../../src/domain/sheet";

const at = (text: string) => parseTimestamp(text)!;

const EVENTS: readonly AuditEvent[] = [
  {
    timestamp: at("2026-11-03T18:02:11-05:00"),
    actor: "J. Accountant",
    action: "run",
    scope: "2026-10-30",
    details: "Monthly reconciliation: 2 breaks",
    dataHash: sha256Hex("breaks"),
  },
  {
    timestamp: at("2026-11-04T09:15:00-05:00"),
    actor: "J. Accountant",
    action: "posting",
    scope: "Difference Account",
    details: "DA-000001 Short 100 037833100",
    dataHash: "",
  },
  {
    timestamp: at("2026-11-04T17:30:00-05:00"),
    actor: "J. Accountant",
    action: "signoff",
    scope: "Difference Account",
    details: "SO-000001 Preparer 2026-10",
    dataHash: sha256Hex("ledger"),
  },
  {
    timestamp: at("2026-11-05T10:00:00-05:00"),
    actor: "M. Supervisor",
    action: "signoff",
    scope: "Difference Account",
    details: "SO-000002 Reviewer 2026-10: agreed to DTC",
    dataHash: sha256Hex("ledger"),
  },
  {
    timestamp: at("2026-11-06T08:00:00Z"),
    actor: "M. Supervisor",
    action: "settings",
    scope: "",
    details: "calendar: nyse",
    dataHash: "",
  },
];

function logOf(events: readonly AuditEvent[]): AuditRecord[] {
  return events.reduce<AuditRecord[]>((log, event) => [...log, appendAudit(log, event)], []);
}

function sheetOf(records: readonly AuditRecord[]): Row[] {
  return [[...AUDIT_HEADERS], ...records.map(auditRow)];
}

const LOG = logOf(EVENTS);
const SHEET = sheetOf(LOG);

function editCell(rows: readonly Row[], row: number, column: number, value: CellValue): Row[] {
  return rows.map((cells, index) =>
    index === row - 1 ? cells.map((cell, c) => (c === column - 1 ? value : cell)) : cells,
  );
}

describe("appendAudit", () => {
  it("numbers the rows and chains each to the one before, from GENESIS", () => {
    expect(LOG.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(LOG.map((r) => r.row)).toEqual([2, 3, 4, 5, 6]);
    expect(LOG[0]!.previousHash).toBe(GENESIS);
    for (let i = 1; i < LOG.length; i++) expect(LOG[i]!.previousHash).toBe(LOG[i - 1]!.rowHash);
    expect(auditHead(LOG)).toBe(LOG[4]!.rowHash);
    expect(auditHead([])).toBe(GENESIS);
  });

  it("hashes every cell but the Row Hash, the Previous Hash among them", () => {
    const record = LOG[1]!;
    expect(record.rowHash).toBe(auditRowHash(record));
    expect(auditRowHash({ ...record, previousHash: GENESIS })).not.toBe(record.rowHash);
    expect(auditRowHash({ ...record, details: `${record.details} ` })).not.toBe(record.rowHash);
  });

  it("writes the row in the header's order", () => {
    const record = LOG[0]!;
    expect(auditRow(record)).toEqual([
      1,
      "2026-11-03T18:02:11-05:00",
      "J. Accountant",
      "run",
      "2026-10-30",
      "Monthly reconciliation: 2 breaks",
      sha256Hex("breaks"),
      GENESIS,
      record.rowHash,
    ]);
  });

  it("refuses an event without an actor: the caller must ask who", () => {
    expect(() => appendAudit(LOG, { ...EVENTS[0]!, actor: " " })).toThrow(/actor/);
  });
});

describe("verifyAuditLog", () => {
  it("accepts an untouched log, an empty sheet and no sheet", () => {
    expect(verifyAuditLog(SHEET)).toEqual([]);
    expect(verifyAuditLog([[...AUDIT_HEADERS]])).toEqual([]);
    expect(verifyAuditLog([])).toEqual([]);
    expect(readAuditLog(SHEET).records).toEqual(LOG);
  });

  it("accepts what a host hands back: Seq as text, empty cells as null", () => {
    const hosted = SHEET.map((cells, index) =>
      index === 0 ? cells : cells.map((c, i) => (i === 0 ? String(c) : c === "" ? null : c)),
    );
    expect(verifyAuditLog(hosted)).toEqual([]);
  });

  it("names an edited row: it no longer matches its hash", () => {
    const issues = verifyAuditLog(editCell(SHEET, 4, 3, "A. Nother"));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: "audit_row_must_match_its_hash",
      severity: "error",
      where: { sheet: "Audit Log", row: 4, column: "I" },
    });
    expect(issues[0]!.message).toContain("Audit row 4 (Seq 3, signoff by A. Nother)");
  });

  it("names the row after a deleted one: Seq jumps", () => {
    const issues = verifyAuditLog(SHEET.filter((_, index) => index !== 2));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: "audit_sequence_must_be_continuous",
      where: { sheet: "Audit Log", row: 3, column: "A" },
    });
    expect(issues[0]!.message).toContain("Seq 3 where Seq 2 was expected");
    expect(issues[0]!.message).toContain("missing (deleted)");
  });

  it("names the first of two reordered rows", () => {
    const swapped = [SHEET[0]!, SHEET[1]!, SHEET[3]!, SHEET[2]!, SHEET[4]!, SHEET[5]!];
    const issues = verifyAuditLog(swapped);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: "audit_sequence_must_be_continuous",
      where: { sheet: "Audit Log", row: 3 },
    });
    expect(issues[0]!.message).toContain("out of order");
  });

  it("names the row after a row rewritten with a fresh hash: the chain breaks", () => {
    const forged = { ...LOG[1]!, actor: "Somebody Else" };
    const rows = SHEET.map((cells, index) =>
      index === 2 ? auditRow({ ...forged, rowHash: auditRowHash(forged) }) : cells,
    );
    const issues = verifyAuditLog(rows);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: "audit_chain_must_be_unbroken",
      where: { sheet: "Audit Log", row: 4, column: "H" },
    });
    expect(issues[0]!.message).toContain("row 3 was replaced or rewritten");
  });

  it("notices rows cut from the start", () => {
    const issues = verifyAuditLog([SHEET[0]!, ...SHEET.slice(2)]);
    expect(issues[0]).toMatchObject({
      code: "audit_sequence_must_be_continuous",
      where: { row: 2 },
    });
  });

  it("names a row it cannot read, and a cleared one", () => {
    expect(verifyAuditLog(editCell(SHEET, 3, 2, "4 Nov 2026"))[0]).toMatchObject({
      code: "audit_row_must_be_readable",
      where: { row: 3, column: "B" },
    });
    const cleared = SHEET.map((cells, index) => (index === 3 ? cells.map(() => null) : cells));
    expect(verifyAuditLog(cleared)[0]).toMatchObject({
      code: "audit_row_must_be_readable",
      where: { row: 4, column: "A" },
    });
    expect(verifyAuditLog(editCell(SHEET, 2, 4, "delete"))[0]!.message).toContain(
      'Action "delete"',
    );
  });

  it("refuses a log whose columns were changed", () => {
    const issues = verifyAuditLog([AUDIT_HEADERS.filter((h) => h !== "Actor"), ...SHEET.slice(1)]);
    expect(issues).toEqual([expect.objectContaining({ code: "audit_columns_must_be_intact" })]);
  });

  it("reports only the first broken row but still reads the rest", () => {
    const twice = editCell(editCell(SHEET, 3, 3, "X"), 5, 3, "Y");
    const read = readAuditLog(twice);
    expect(read.issues.map((i) => i.where.row)).toEqual([3]);
    expect(read.records).toHaveLength(5);
  });

  it("finds any single edited cell and names its row", () => {
    const replacement = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.integer({ min: 1, max: 9 }),
      fc.constant(null),
      fc.constant(GENESIS),
      fc.constant(sha256Hex("other")),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: SHEET.length }),
        fc.integer({ min: 1, max: AUDIT_HEADERS.length }),
        replacement,
        (row, column, value) => {
          const before = SHEET[row - 1]![column - 1];
          fc.pre(value !== before && !(value === null && before === ""));
          // Seq is read as a number, so "3" for 3 is the same Seq, not an edit.
          fc.pre(!(column === 1 && String(value).trim() === String(before)));
          const issues = verifyAuditLog(editCell(SHEET, row, column, value));
          expect(issues).toHaveLength(1);
          expect(issues[0]!.where.row).toBe(row);
        },
      ),
    );
  });
});

describe("timestamps", () => {
  it("need a real date, a time and an offset", () => {
    expect(parseTimestamp("2026-11-04T17:30:00-05:00")).toBe("2026-11-04T17:30:00-05:00");
    expect(parseTimestamp(" 2026-11-04T17:30Z ")).toBe("2026-11-04T17:30Z");
    expect(parseTimestamp("2026-11-04T17:30:00.123+01:00")).not.toBeNull();
    expect(parseTimestamp("2026-11-04T17:30:00")).toBeNull();
    expect(parseTimestamp("2026-11-04")).toBeNull();
    expect(parseTimestamp("2026-02-30T10:00:00Z")).toBeNull();
    expect(parseTimestamp("2026-11-04T24:00:00Z")).toBeNull();
  });

  it("order instants written with different offsets", () => {
    expect(instantSeconds(at("2026-11-04T10:00:00-05:00"))).toBe(
      instantSeconds(at("2026-11-04T15:00:00Z")),
    );
    expect(instantSeconds(at("2026-11-04T15:30:00+01:00"))).toBeLessThan(
      instantSeconds(at("2026-11-04T10:00:00-05:00")),
    );
    expect(instantSeconds(at("1970-01-01T00:00:01Z"))).toBe(1);
  });
});
