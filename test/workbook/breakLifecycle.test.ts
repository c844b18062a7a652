/**
 * A break's status across runs, over a workbook: reconcile, write Breaks, a person edits the
 * Status cells, re-run the same count, and the statuses are carried; the next count starts over.
 */
import { describe, expect, it } from "vitest";
import { carryForward, markPosted } from "../../src/domain/breakStatus";
import { excelSerialFromIsoDate, parseIsoDate, type IsoDate } from "../../src/domain/isoDate";
import { buildNotices, markReported } from "../../src/domain/notices";
import type { RunPlan } from "../../src/domain/roles";
import type { CellValue, Row } from "../../src/domain/sheet";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import {
  readBreakStatuses,
  reconcileWorkbook,
  writeBreaksSheet,
  writeNoticesSheet,
  type ReconciliationResult,
} from "../../src/workbook/monthEnd";
import type { WorkbookPort } from "../../src/workbook/port";

const date = (text: string): IsoDate => parseIsoDate(text)!;
const serial = (text: string): number => excelSerialFromIsoDate(date(text));

const SHEETS: Record<string, Row[]> = {
  "Stock Record": [
    ["CUSIP", "Description", "Location", "Contra", "Quantity"],
    ["037833100", "APPLE INC COM", "DTC-FREE", "DTC", 1250],
    ["594918104", "MICROSOFT CORP COM", "OCC-COLL", "OCC", 300],
    ["00206R102", "AT&T INC COM", "DTC-FREE", "DTC", 75],
  ],
  DTC: [
    ["CUSIP", "Quantity"],
    ["037833100", 1200],
    ["00206R102", 80],
  ],
  OCC: [
    ["CUSIP", "Qty"],
    ["594918104", 310],
  ],
};

function plan(asOf: string): RunPlan {
  return {
    books: "Stock Record",
    statements: [
      { sheet: "DTC", contra: "DTC" },
      { sheet: "OCC", contra: "OCC" },
    ],
    asOf: date(asOf),
  };
}

async function reconcile(port: WorkbookPort, asOf = "2026-10-30"): Promise<ReconciliationResult> {
  const { result, issues } = await reconcileWorkbook(port, plan(asOf));
  expect(result, issues.map((i) => i.message).join("\n")).not.toBeNull();
  return result!;
}

async function sheetRows(port: WorkbookPort, name: string): Promise<readonly Row[]> {
  return (await port.readSheet(name)).rows;
}

/** The workbook after a person typed `edits` into the Breaks sheet: [break id, header, value]. */
async function edited(
  port: WorkbookPort,
  edits: readonly (readonly [string, string, CellValue])[],
  otherSheets: Record<string, Row[]> = {},
): Promise<MemoryWorkbook> {
  const breaks = (await sheetRows(port, "Breaks")).map((row) => [...row]);
  const header = breaks[0]!;
  for (const [breakId, column, value] of edits) {
    const row = breaks.find((r) => r[0] === breakId);
    const index = header.indexOf(column);
    if (row === undefined || index < 0) throw new Error(`no cell ${breakId} / ${column}`);
    row[index] = value;
  }
  const entries: [string, readonly Row[]][] = [];
  for (const info of await port.listSheets()) {
    entries.push([
      info.name,
      info.name === "Breaks"
        ? breaks
        : (otherSheets[info.name] ?? (await sheetRows(port, info.name))),
    ]);
  }
  return new MemoryWorkbook(entries);
}

/** The status columns of the written Breaks rows, by break id. */
async function statusColumns(port: WorkbookPort): Promise<Record<string, CellValue[]>> {
  const [header, ...rows] = await sheetRows(port, "Breaks");
  const from = header!.indexOf("Lifecycle ID");
  return Object.fromEntries(rows.map((row) => [row[0] as string, row.slice(from)]));
}

describe("break statuses across runs", () => {
  it("writes every new break Open, with its lifecycle id", async () => {
    const port = new MemoryWorkbook(SHEETS);
    const result = await reconcile(port);
    const written = await writeBreaksSheet(port, result);
    expect(written.written).toBe(true);
    expect(written.issues).toEqual([]);
    expect(await statusColumns(port)).toEqual({
      "037833100@DTC": ["037833100@DTC@2026-10-30", "Open", null, null, null, null, null],
      "594918104@OCC": ["594918104@OCC@2026-10-30", "Open", null, null, null, null, null],
      "00206R102@DTC": ["00206R102@DTC@2026-10-30", "Open", null, null, null, null, null],
    });
    const [header] = await sheetRows(port, "Breaks");
    expect(header?.slice(-7)).toEqual([
      "Lifecycle ID",
      "Status",
      "Reported On",
      "Resolved On",
      "Resolution",
      "Note",
      "Posted On",
    ]);
    expect(port.writtenTables[0]?.columns.slice(-7).map((c) => c.format.kind)).toEqual([
      "text",
      "text",
      "date",
      "date",
      "text",
      "text",
      "date",
    ]);
  });

  it("keeps the statuses a person typed when the same count is run again", async () => {
    const first = new MemoryWorkbook(SHEETS);
    await writeBreaksSheet(first, await reconcile(first));
    const port = await edited(first, [
      ["037833100@DTC", "Status", "reported"],
      ["037833100@DTC", "Reported On", "11/2/2026"],
      ["594918104@OCC", "Status", "Resolved"],
      ["594918104@OCC", "Resolved On", serial("2026-11-03")],
      ["594918104@OCC", "Resolution", "timing"],
      ["594918104@OCC", "Note", "Settled T+1"],
    ]);

    const written = await writeBreaksSheet(port, await reconcile(port));
    expect(written.issues).toEqual([]);
    expect(written.statuses.map((s) => s.status)).toEqual(["reported", "resolved", "open"]);
    expect(await statusColumns(port)).toEqual({
      "037833100@DTC": [
        "037833100@DTC@2026-10-30",
        "Reported",
        serial("2026-11-02"),
        null,
        null,
        null,
        null,
      ],
      "594918104@OCC": [
        "594918104@OCC@2026-10-30",
        "Resolved",
        null,
        serial("2026-11-03"),
        "Timing",
        "Settled T+1",
        null,
      ],
      "00206R102@DTC": ["00206R102@DTC@2026-10-30", "Open", null, null, null, null, null],
    });
  });

  it("reports, posts and writes the statuses the caller passes", async () => {
    const port = new MemoryWorkbook(SHEETS);
    const result = await reconcile(port);
    await writeBreaksSheet(port, result);

    const read = await readBreakStatuses(port, result.asOf);
    expect(read.found).toBe(true);
    const current = carryForward(result.breaks, result.asOf, read.statuses).statuses;
    const notices = buildNotices(result, result.asOf, current, date("2026-11-02"));
    expect(notices.map((n) => [n.reference, n.lines.length])).toEqual([
      ["NOTICE-DTC-20261030", 2],
      ["NOTICE-OCC-20261030", 1],
    ]);
    expect((await writeNoticesSheet(port, notices)).rowCount).toBe(3);
    expect((await sheetRows(port, "Notices"))[1]?.slice(4, 10)).toEqual([
      "00206R102",
      "AT&T INC COM",
      75,
      80,
      5,
      "Long",
    ]);

    const reported = markReported(current, notices, date("2026-11-02"));
    const posted = markPosted(reported.statuses, ["037833100@DTC@2026-10-30"], date("2026-11-10"));
    expect([...reported.issues, ...posted.issues]).toEqual([]);
    await writeBreaksSheet(port, result, { statuses: posted.statuses });
    const columns = await statusColumns(port);
    expect(columns["037833100@DTC"]?.slice(1, 3)).toEqual(["Posted", serial("2026-11-02")]);
    expect(columns["037833100@DTC"]?.[6]).toBe(serial("2026-11-10"));
    expect(columns["594918104@OCC"]?.slice(1, 3)).toEqual(["Reported", serial("2026-11-02")]);
  });

  it("gives a new count new lifecycles, all Open, and says the old statuses stay behind", async () => {
    const first = new MemoryWorkbook(SHEETS);
    await writeBreaksSheet(first, await reconcile(first));
    const port = await edited(first, [
      ["037833100@DTC", "Status", "Reported"],
      ["037833100@DTC", "Reported On", "2026-11-02"],
    ]);
    const written = await writeBreaksSheet(port, await reconcile(port, "2026-11-30"));
    expect(written.statuses.map((s) => [s.lifecycleId, s.status])).toEqual([
      ["037833100@DTC@2026-11-30", "open"],
      ["594918104@OCC@2026-11-30", "open"],
      ["00206R102@DTC@2026-11-30", "open"],
    ]);
    expect(written.noLongerShown.map((s) => s.lifecycleId)).toHaveLength(3);
    expect(written.issues.map((i) => [i.code, i.severity])).toEqual([
      ["earlier_count_statuses_not_carried", "info"],
    ]);
  });

  it("warns when a reported break of the same count no longer breaks", async () => {
    const first = new MemoryWorkbook(SHEETS);
    await writeBreaksSheet(first, await reconcile(first));
    const port = await edited(
      first,
      [
        ["037833100@DTC", "Status", "Reported"],
        ["037833100@DTC", "Reported On", "2026-11-02"],
      ],
      {
        DTC: [
          ["CUSIP", "Quantity"],
          ["037833100", 1250],
          ["00206R102", 80],
        ],
      },
    );
    const written = await writeBreaksSheet(port, await reconcile(port));
    expect(written.noLongerShown.map((s) => [s.lifecycleId, s.status])).toEqual([
      ["037833100@DTC@2026-10-30", "reported"],
    ]);
    expect(written.issues).toMatchObject([
      {
        code: "break_status_no_longer_shown",
        severity: "warning",
        where: { sheet: "Breaks" },
        message: expect.stringContaining("037833100@DTC@2026-10-30 was Reported on 2026-11-02"),
      },
    ]);
    expect(Object.keys(await statusColumns(port))).toEqual(["594918104@OCC", "00206R102@DTC"]);
  });

  it("leaves the Breaks sheet as it is when a status cannot be read", async () => {
    const first = new MemoryWorkbook(SHEETS);
    await writeBreaksSheet(first, await reconcile(first));
    const port = await edited(first, [
      ["037833100@DTC", "Status", "Reslved"],
      ["594918104@OCC", "Status", "Resolved"],
      ["594918104@OCC", "Resolved On", "2026-11-03"],
    ]);
    const before = await sheetRows(port, "Breaks");
    const written = await writeBreaksSheet(port, await reconcile(port));
    expect(written.written).toBe(false);
    expect(written.rowOfBreak.size).toBe(0);
    expect(
      written.issues.map((i) => [i.code, i.where.row ?? null, i.where.column ?? null]),
    ).toEqual([
      ["status_must_be_known", 2, "P"],
      ["resolution_reason_is_required", 3, "S"],
      ["break_statuses_must_be_readable", null, null],
    ]);
    expect(written.issues.at(-1)?.message).toContain("(P2, S3)");
    expect(port.writtenTables).toEqual([]);
    expect(await sheetRows(port, "Breaks")).toBe(before);
  });

  it("reads no statuses from a workbook without a Breaks sheet", async () => {
    const read = await readBreakStatuses(new MemoryWorkbook(SHEETS), date("2026-10-30"));
    expect(read).toEqual({ found: false, statuses: [], issues: [], hasStatusColumn: false });
  });
});
