import { describe, expect, it } from "vitest";
import {
  applyStatusChange,
  canChangeStatus,
  carryForward,
  countDateOfLifecycle,
  lifecycleId,
  markPosted,
  noLongerShownIssues,
  openStatus,
  readStatusesFromBreaksSheet,
  type BreakStatus,
  type BreakStatusRecord,
  type StatusChange,
} from "../../src/domain/breakStatus";
import { excelSerialFromIsoDate, parseIsoDate, type IsoDate } from "../../src/domain/isoDate";
import type { Issue } from "../../src/domain/issues";
import type { Row } from "../../src/domain/sheet";

const date = (text: string): IsoDate => parseIsoDate(text)!;
const COUNT = date("2026-10-30");
const TODAY = date("2026-11-04");
const APPLE = lifecycleId({ id: "037833100@DTC" }, COUNT);

function record(overrides: Partial<BreakStatusRecord> = {}): BreakStatusRecord {
  return { ...openStatus(APPLE), ...overrides };
}

const REPORTED = record({ status: "reported", reportedOn: date("2026-11-02") });
const POSTED = record({ status: "posted", postedOn: date("2026-11-03") });
const RESOLVED = record({
  status: "resolved",
  resolvedOn: date("2026-11-03"),
  resolution: "timing",
});

function refusedCode(current: BreakStatusRecord, change: StatusChange, today = TODAY): string {
  const outcome = applyStatusChange(current, change, today);
  if (outcome.ok) throw new Error(`expected ${change.to} to be refused`);
  return outcome.issue.code;
}

function applied(current: BreakStatusRecord, change: StatusChange): BreakStatusRecord {
  const outcome = applyStatusChange(current, change, TODAY);
  if (!outcome.ok) throw new Error(outcome.issue.message);
  return outcome.record;
}

describe("lifecycle ids", () => {
  it("is the break id at the count date, and gives the count date back", () => {
    expect(APPLE).toBe("037833100@DTC@2026-10-30");
    expect(countDateOfLifecycle(APPLE)).toBe("2026-10-30");
    expect(countDateOfLifecycle("037833100@DTC")).toBeNull();
  });
});

describe("status changes", () => {
  const ALL: BreakStatus[] = ["open", "reported", "resolved", "posted"];
  const allowed = new Set(["open>reported", "open>resolved", "open>posted"]);
  ["reported>resolved", "reported>posted", "posted>resolved"].forEach((t) => allowed.add(t));

  it("allows exactly the forward moves of the lifecycle", () => {
    for (const from of ALL) {
      for (const to of ALL) {
        expect(canChangeStatus(from, to), `${from} → ${to}`).toBe(allowed.has(`${from}>${to}`));
      }
    }
  });

  it("applies every allowed change, dated today unless a date is given", () => {
    expect(applied(record(), { to: "reported" })).toEqual(
      record({ status: "reported", reportedOn: TODAY }),
    );
    expect(applied(record(), { to: "posted", on: date("2026-11-03") })).toEqual(POSTED);
    expect(applied(record(), { to: "resolved", reason: "booking_error" })).toMatchObject({
      status: "resolved",
      resolvedOn: TODAY,
      resolution: "booking_error",
    });
    expect(applied(REPORTED, { to: "posted" })).toEqual({
      ...REPORTED,
      status: "posted",
      postedOn: TODAY,
    });
    expect(
      applied(REPORTED, { to: "resolved", reason: "other", note: "Contra re-sent its file" }),
    ).toEqual({
      ...REPORTED,
      status: "resolved",
      resolvedOn: TODAY,
      resolution: "other",
      note: "Contra re-sent its file",
    });
    // A posted difference is still unresolved: it keeps its posting date when resolved.
    expect(applied(POSTED, { to: "resolved", reason: "contra_error" })).toEqual({
      ...POSTED,
      status: "resolved",
      resolvedOn: TODAY,
      resolution: "contra_error",
    });
  });

  it("refuses every backward or repeated move, naming the lifecycle rule", () => {
    const from: Record<BreakStatus, BreakStatusRecord> = {
      open: record(),
      reported: REPORTED,
      posted: POSTED,
      resolved: RESOLVED,
    };
    const changes: Record<BreakStatus, StatusChange> = {
      open: { to: "open" },
      reported: { to: "reported" },
      posted: { to: "posted" },
      resolved: { to: "resolved", reason: "timing" },
    };
    for (const a of ALL) {
      for (const b of ALL) {
        if (allowed.has(`${a}>${b}`)) continue;
        expect(refusedCode(from[a], changes[b]), `${a} → ${b}`).toBe(
          "status_change_must_follow_lifecycle",
        );
      }
    }
    const outcome = applyStatusChange(RESOLVED, { to: "reported" }, TODAY);
    expect(outcome.ok ? null : outcome.issue).toMatchObject({
      severity: "error",
      where: { sheet: "Breaks" },
      message: "Break 037833100@DTC@2026-10-30 is Resolved; it cannot become Reported.",
    });
  });

  it("requires a reason to resolve, and a note when the reason is Other", () => {
    expect(refusedCode(REPORTED, { to: "resolved", reason: null })).toBe(
      "resolution_reason_is_required",
    );
    expect(refusedCode(REPORTED, { to: "resolved", reason: "other" })).toBe(
      "resolution_note_is_required",
    );
    expect(refusedCode(REPORTED, { to: "resolved", reason: "other", note: "  " })).toBe(
      "resolution_note_is_required",
    );
  });

  it("refuses dates after today, before the count, or a resolution before the report", () => {
    expect(refusedCode(record(), { to: "reported", on: date("2026-11-05") })).toBe(
      "status_date_must_not_be_after_today",
    );
    expect(refusedCode(record(), { to: "posted", on: date("2026-10-29") })).toBe(
      "status_date_must_not_be_before_count_date",
    );
    expect(
      refusedCode(REPORTED, { to: "resolved", on: date("2026-11-01"), reason: "timing" }),
    ).toBe("status_dates_must_be_in_order");
    expect(refusedCode(POSTED, { to: "resolved", on: date("2026-11-02"), reason: "timing" })).toBe(
      "status_dates_must_be_in_order",
    );
  });
});

describe("markPosted", () => {
  const other = openStatus(lifecycleId({ id: "594918104@OCC" }, COUNT));

  it("posts open and reported breaks, keeps a first posting date, refuses resolved ones", () => {
    const at = (security: string, r: BreakStatusRecord): BreakStatusRecord => ({
      ...r,
      lifecycleId: lifecycleId({ id: `${security}@DTC` }, COUNT),
    });
    const statuses = [
      at("037833100", record()),
      other,
      at("00206R102", REPORTED),
      at("88160R101", POSTED),
      at("46625H100", RESOLVED),
    ];
    const ids = statuses.map((s) => s.lifecycleId).filter((id) => id !== other.lifecycleId);
    const posted = markPosted(statuses, ids, date("2026-11-09"));
    expect(posted.statuses.map((s) => [s.status, s.postedOn])).toEqual([
      ["posted", "2026-11-09"],
      ["open", null],
      ["posted", "2026-11-09"],
      ["posted", "2026-11-03"],
      ["resolved", null],
    ]);
    expect(posted.issues.map((i) => i.code)).toEqual(["status_change_must_follow_lifecycle"]);
    expect(posted.issues[0]?.message).toContain("46625H100@DTC@2026-10-30 is Resolved");
  });

  it("says when a lifecycle is not among the statuses", () => {
    const posted = markPosted([record()], ["912828XG0@FICC@2026-10-30"], date("2026-11-09"));
    expect(posted.statuses).toEqual([record()]);
    expect(posted.issues).toMatchObject([
      {
        code: "lifecycle_id_must_be_known",
        message: expect.stringContaining("912828XG0@FICC@2026-10-30"),
      },
    ]);
  });
});

describe("carryForward", () => {
  const breaks = [{ id: "037833100@DTC" }, { id: "594918104@OCC" }];

  it("gives each break its earlier record of the same count and new breaks an open one", () => {
    const gone = record({
      lifecycleId: "00206R102@DTC@2026-10-30",
      status: "reported",
      reportedOn: date("2026-11-02"),
    });
    const carried = carryForward(breaks, COUNT, [REPORTED, gone]);
    expect(carried.statuses).toEqual([REPORTED, openStatus("594918104@OCC@2026-10-30")]);
    expect(carried.noLongerShown).toEqual([gone]);
    expect(noLongerShownIssues(carried.noLongerShown, COUNT)).toMatchObject([
      {
        code: "break_status_no_longer_shown",
        severity: "warning",
        message: expect.stringContaining("00206R102@DTC@2026-10-30 was Reported on 2026-11-02"),
      },
    ]);
  });

  it("starts a new count's breaks open and lists the earlier count's statuses once", () => {
    const next = date("2026-11-30");
    const carried = carryForward(breaks, next, [REPORTED, POSTED, RESOLVED]);
    expect(carried.statuses.map((s) => [s.lifecycleId, s.status])).toEqual([
      ["037833100@DTC@2026-11-30", "open"],
      ["594918104@OCC@2026-11-30", "open"],
    ]);
    expect(carried.noLongerShown).toHaveLength(1); // same lifecycle id: the first record wins
    const issues = noLongerShownIssues([REPORTED, RESOLVED], next);
    expect(issues.map((i) => [i.code, i.severity])).toEqual([
      ["earlier_count_statuses_not_carried", "info"],
    ]);
    expect(issues[0]?.message).toContain("count of 2026-10-30");
  });
});

// ---------------------------------------------------------------------------------------------
// Reading the Breaks sheet back

const HEADER: Row = [
  "Break ID",
  "Security ID",
  "As Of",
  "Lifecycle ID",
  "Status",
  "Reported On",
  "Resolved On",
  "Resolution",
  "Note",
  "Posted On",
];
const serial = (text: string): number => excelSerialFromIsoDate(date(text));

function breakRow(id: string, ...status: Row): Row {
  return [id, id.split("@")[0]!, serial("2026-10-30"), `${id}@2026-10-30`, ...status];
}

function where(issues: readonly Issue[]): string[] {
  return issues.map(
    (i) => `${i.code} ${i.where.sheet}!${i.where.column ?? ""}${i.where.row ?? ""}`,
  );
}

describe("readStatusesFromBreaksSheet", () => {
  it("reads the words Excel shows, in any case, and dates as serials or text", () => {
    const read = readStatusesFromBreaksSheet([
      HEADER,
      breakRow("037833100@DTC", "Open"),
      breakRow("594918104@OCC", "reported", serial("2026-11-02")),
      breakRow("00206R102@DTC", "RESOLVED", "2026-11-02", "11/3/2026", "corporate action"),
      breakRow("88160R101@DTC", " Resolved ", null, 46329, "Other", "Split booked late"),
      breakRow("912828XG0@FICC", "posted", null, null, null, null, "2026-11-09"),
      breakRow("46625H100@DTC"),
    ]);
    expect(read.issues).toEqual([]);
    expect(read.hasStatusColumn).toBe(true);
    expect(read.statuses.map((s) => [s.status, s.reportedOn, s.resolvedOn, s.resolution])).toEqual([
      ["open", null, null, null],
      ["reported", "2026-11-02", null, null],
      ["resolved", "2026-11-02", "2026-11-03", "corporate_action"],
      ["resolved", null, "2026-11-03", "other"],
      ["posted", null, null, null],
      ["open", null, null, null],
    ]);
    expect(read.statuses[4]).toMatchObject({
      lifecycleId: "912828XG0@FICC@2026-10-30",
      postedOn: "2026-11-09",
    });
    expect(read.statuses[3]?.note).toBe("Split booked late");
  });

  it("places each bad entry at its sheet, row and column, and keeps no record for it", () => {
    const read = readStatusesFromBreaksSheet(
      [
        HEADER,
        breakRow("037833100@DTC", "Reslved", "2026-11-02"),
        breakRow("594918104@OCC", "Reported", "31/10/2026"),
        breakRow("00206R102@DTC", "Resolved", null, "2026-11-03"),
        breakRow("88160R101@DTC", "Resolved", null, "2026-11-03", "Other"),
        breakRow("912828XG0@FICC", "Resolved", null, "2026-11-03", "Bad luck"),
        breakRow("46625H100@DTC", "Reported"),
        breakRow("30231G102@DTC", "Resolved", "2026-11-04", "2026-11-03", "Timing"),
        breakRow("17275R102@DTC", "Posted", null, null, null, null, "2026-10-29"),
        breakRow("037833100@DTC", "Open"),
        breakRow("68389X105@DTC", "Open"),
      ],
      { sheet: "Breaks" },
    );
    expect(where(read.issues)).toEqual([
      "status_must_be_known Breaks!E2",
      "date_must_be_a_date Breaks!F3",
      "resolution_reason_is_required Breaks!H4",
      "resolution_note_is_required Breaks!I5",
      "resolution_reason_must_be_known Breaks!H6",
      "status_date_is_required Breaks!F7",
      "status_dates_must_be_in_order Breaks!G8",
      "status_date_must_not_be_before_count_date Breaks!J9",
      "lifecycle_id_must_be_unique Breaks!D10",
    ]);
    expect(read.issues.every((i) => i.severity === "error")).toBe(true);
    expect(read.issues[0]).toMatchObject({
      message: 'The status "Reslved" of break 037833100@DTC@2026-10-30 is not one StockRec knows.',
      hint: "Write one of Open, Reported, Resolved, Posted.",
    });
    expect(read.issues[1]?.message).toBe(
      'Reported On of break 594918104@OCC@2026-10-30: "31/10/2026" is not a date.',
    );
    expect(read.statuses.map((s) => s.lifecycleId)).toEqual(["68389X105@DTC@2026-10-30"]);
  });

  it("finds columns by header wherever people moved them, and skips blank rows", () => {
    const read = readStatusesFromBreaksSheet([
      ["Status", "Note", "Lifecycle ID", "Reported On"],
      ["Reported", "Emailed DTC", "037833100@DTC@2026-10-30", "2026-11-02"],
      [null, null, null, null],
    ]);
    expect(read.issues).toEqual([]);
    expect(read.statuses).toEqual([{ ...REPORTED, note: "Emailed DTC" }]);
  });

  it("rebuilds an emptied Lifecycle ID from the Break ID and As Of, else the count date", () => {
    const rows: Row[] = [
      HEADER,
      ["037833100@DTC", "037833100", serial("2026-10-30"), null, "Reported", "2026-11-02"],
      ["594918104@OCC", "594918104", null, "", "Open"],
    ];
    const withoutCountDate = readStatusesFromBreaksSheet(rows);
    expect(withoutCountDate.statuses.map((s) => s.lifecycleId)).toEqual([
      "037833100@DTC@2026-10-30",
    ]);
    expect(withoutCountDate.issues).toEqual([]); // a row left Open holds nothing to keep
    expect(
      readStatusesFromBreaksSheet(rows, { countDate: date("2026-10-30") }).statuses.map(
        (s) => s.lifecycleId,
      ),
    ).toEqual(["037833100@DTC@2026-10-30", "594918104@OCC@2026-10-30"]);
  });

  it("says when a status names no break", () => {
    const read = readStatusesFromBreaksSheet([
      ["Lifecycle ID", "Status", "Note"],
      [null, "Resolved", "see email"],
    ]);
    expect(where(read.issues)).toEqual(["lifecycle_id_is_required Breaks!A2"]);
    expect(read.issues[0]?.message).toContain("Resolved, see email");
  });

  it("reads nothing from a sheet written before statuses existed", () => {
    const read = readStatusesFromBreaksSheet([
      ["Break ID", "Security ID"],
      ["x@DTC", "x"],
    ]);
    expect(read).toEqual({ statuses: [], issues: [], hasStatusColumn: false });
    expect(readStatusesFromBreaksSheet([]).hasStatusColumn).toBe(false);
  });
});
