/**
 * A month whose Difference Account a reviewer signed off is protected in every host: the close
 * and the count post nothing into it (the task pane calls the same closeMonth the CLI does),
 * until an unlock with a reason is recorded.
 */
import { describe, expect, it } from "vitest";
import { parseTimestamp } from "../../src/domain/auditLog";
import { parseIsoDate } from "../../src/domain/isoDate";
import { parsePeriod } from "../../src/domain/signoff";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import { closeMonth, writeClose } from "../../src/workbook/monthEndClose";
import { reconcileWorkbook, writeBreaksSheet } from "../../src/workbook/monthEnd";
import { runGlReview } from "../../src/workbook/glReviewRun";
import { generateCountSheet } from "../../src/workbook/countRun";
import { lockedPeriodIssue } from "../../src/workbook/periodLock";
import { recordSignoff } from "../../src/workbook/signoffRun";

const AS_OF = parseIsoDate("2026-10-30")!;
const plan = { books: "Stock Record", statements: [{ sheet: "DTC", contra: null }], asOf: AS_OF };

function workbook(): MemoryWorkbook {
  return new MemoryWorkbook({
    "Stock Record": [
      ["CUSIP", "Location", "Quantity"],
      ["037833100", "DTC", 1000],
      ["594918104", "DTC", 50],
    ],
    DTC: [
      ["CUSIP", "Quantity"],
      ["037833100", 900],
      ["594918104", 50],
    ],
  });
}

async function close(port: MemoryWorkbook, today: string, post: boolean) {
  const run = await closeMonth(port, plan, {
    today: parseIsoDate(today)!,
    actor: "J. Accountant",
    post,
    confirmResolutions: new Set(),
    reportNotices: false,
  });
  await writeClose(port, run.result!, run.ledgerRows);
  return run.result!;
}

async function sign(
  port: MemoryWorkbook,
  actor: string,
  role: "preparer" | "reviewer" | "unlock",
  at: string,
  comment = "",
  scope = "Difference Account",
) {
  const outcome = await recordSignoff(port, {
    actor,
    role,
    period: parsePeriod("2026-10")!,
    scope,
    comment,
    now: parseTimestamp(at)!,
  });
  expect(outcome.ok, outcome.ok ? "" : JSON.stringify(outcome.issues)).toBe(true);
}

/** `scope` for 2026-10, prepared by J. Accountant and reviewed by M. Supervisor. */
async function prepareAndReview(port: MemoryWorkbook, scope: string): Promise<void> {
  await sign(port, "J. Accountant", "preparer", "2026-11-05T09:00:00-05:00", "", scope);
  await sign(port, "M. Supervisor", "reviewer", "2026-11-05T10:00:00-05:00", "", scope);
}

describe("a signed-off month", () => {
  it("refuses postings from the close until it is unlocked with a reason", async () => {
    const port = workbook();
    expect((await close(port, "2026-11-04", true)).posted).toHaveLength(1);
    await sign(port, "J. Accountant", "preparer", "2026-11-05T09:00:00-05:00");
    await sign(port, "M. Supervisor", "reviewer", "2026-11-05T10:00:00-05:00");
    expect(await lockedPeriodIssue(port, AS_OF, "the close")).toMatchObject({
      code: "signed_off_period_must_not_be_posted_to",
    });

    // A late change in the statement: the close would post an adjustment, but the month is signed.
    const dtc = (await port.readSheet("DTC")).rows.map((row, i) =>
      i === 1 ? ["037833100", 950] : row,
    );
    await port.writeTable({
      sheetName: "DTC",
      tableName: "DTC",
      columns: [
        { header: "CUSIP", format: { kind: "text" }, width: 12 },
        { header: "Quantity", format: { kind: "general" }, width: 12 },
      ],
      rows: dtc.slice(1),
    });
    const refused = await close(port, "2026-11-06", true);
    expect(refused.posted).toEqual([]);
    expect(refused.plan?.postings).toHaveLength(1);
    expect(refused.issues.map((i) => i.code)).toContain("signed_off_period_must_not_be_posted_to");
    const ledger = (await port.readSheet("Difference Account")).rows;
    expect(ledger).toHaveLength(2);

    await sign(port, "M. Supervisor", "unlock", "2026-11-06T11:00:00-05:00", "Late DTC adjustment");
    expect(await lockedPeriodIssue(port, AS_OF, "the close")).toBeNull();
    expect((await close(port, "2026-11-06", true)).posted).toHaveLength(1);
  });

  it("keeps every sheet a reviewer signed for the month as signed: close, reconcile, review, count", async () => {
    const port = workbook();
    await close(port, "2026-11-04", false);
    await prepareAndReview(port, "Breaks");
    const before = (await port.readSheet("Breaks")).rows;

    const again = await closeMonth(port, plan, {
      today: parseIsoDate("2026-11-06")!,
      actor: "J. Accountant",
      post: false,
      confirmResolutions: new Set(),
      reportNotices: false,
    });
    expect(again.result).toBeNull();
    expect(again.issues.map((i) => [i.code, i.where.sheet])).toContainEqual([
      "signed_off_sheet_must_not_be_rewritten",
      "Breaks",
    ]);
    const { result } = await reconcileWorkbook(port, plan);
    const written = await writeBreaksSheet(port, result!);
    expect(written.written).toBe(false);
    expect(written.issues.map((i) => i.code)).toEqual(["signed_off_sheet_must_not_be_rewritten"]);
    expect((await port.readSheet("Breaks")).rows).toEqual(before);

    // November's close is another month: it goes through (and October's sign-off then shows broken).
    const november = await closeMonth(
      port,
      { ...plan, asOf: parseIsoDate("2026-11-30")! },
      {
        today: parseIsoDate("2026-12-01")!,
        actor: "J. Accountant",
        post: false,
        confirmResolutions: new Set(),
        reportNotices: false,
      },
    );
    expect(november.result).not.toBeNull();
  });

  it("keeps a signed GL Review and a signed count sheet as signed", async () => {
    const port = new MemoryWorkbook({
      "GL Accounts": [
        ["Account", "Account Name", "Primary Owner", "Supervisor", "Last Reviewed On"],
        ["1010", "Cash", "A. Owner", "B. Boss", "2026-10-15"],
      ],
      "Stock Record": [
        ["CUSIP", "Location", "Quantity"],
        ["037833100", "VAULT", 100],
      ],
    });
    const asOf = parseIsoDate("2026-10-30")!;
    expect((await runGlReview(port, { asOf, sheet: null, allowedReason: null })).ok).toBe(true);
    const generated = await generateCountSheet(
      port,
      { books: "Stock Record", locations: null },
      { countDate: asOf, cycle: null, onlyLocations: null, replace: false },
    );
    expect(generated.written).toBe(true);
    for (const scope of ["GL Review", "Count 2026-10-30"]) await prepareAndReview(port, scope);
    const review = await runGlReview(port, { asOf, sheet: null, allowedReason: null });
    expect(review.ok).toBe(false);
    expect(review.ok ? [] : review.issues.map((i) => i.code)).toEqual([
      "signed_off_sheet_must_not_be_rewritten",
    ]);
    const regenerated = await generateCountSheet(
      port,
      { books: "Stock Record", locations: null },
      { countDate: asOf, cycle: null, onlyLocations: null, replace: true },
    );
    expect(regenerated.written).toBe(false);
    expect(regenerated.issues.map((i) => i.code)).toEqual([
      "signed_off_sheet_must_not_be_rewritten",
    ]);
  });
});
