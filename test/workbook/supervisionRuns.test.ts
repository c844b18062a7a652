/**
 * The host-neutral FINRA 4523 runs over an in-memory workbook: the GL review with the reason from
 * the settings or the run, the suspense aging, sign-off and verify, and the evidence pack.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import type { Timestamp } from "../../src/domain/auditLog";
import type { IsoDate } from "../../src/domain/isoDate";
import { DEFAULT_SETTINGS, parseSettings, settingsRows } from "../../src/domain/settings";
import type { Period } from "../../src/domain/signoff";
import { buildEvidencePack } from "../../src/workbook/evidencePack";
import { runGlReview } from "../../src/workbook/glReviewRun";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import { saveSettings } from "../../src/workbook/settingsStore";
import { recordSignoff } from "../../src/workbook/signoffRun";
import { runSuspenseAging } from "../../src/workbook/suspenseRun";
import { verifyWorkbook } from "../../src/workbook/verifyRun";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";

const AS_OF = "2026-10-31" as IsoDate;
const NOW = "2026-11-04T09:30:00-05:00" as Timestamp;
const PERIOD = "2026-10" as Period;

function workbook(): MemoryWorkbook {
  return new MemoryWorkbook({
    "GL Accounts": [
      ["Account Number", "Account Name", "Primary Owner", "Supervisor", "Last Reviewed On"],
      ["1010-100", "Cash at DTC", "A. Ortiz", "A. Ortiz", "2026-10-30"],
    ],
    "Suspense Items": [
      ["Item ID", "GL Account", "Type", "Opened On", "Amount", "Debit/Credit"],
      ["S-1", "1010-100", "DK fail", "2026-09-01", 1000, "Credit"],
    ],
  });
}

describe("the same-owner reason in the settings", () => {
  it("round-trips, defaults to none, and reports an unreadable entry", () => {
    expect(parseSettings([["Key", "Value"]]).settings.sameOwnerSupervisorReason).toBeNull();
    const recorded = { reason: "One associated person", recordedBy: "M. Chen", recordedAt: NOW };
    const rows = settingsRows({ ...DEFAULT_SETTINGS, sameOwnerSupervisorReason: recorded });
    expect(parseSettings([["Key", "Value"], ...rows]).settings.sameOwnerSupervisorReason).toEqual(
      recorded,
    );
    expect(settingsRows(DEFAULT_SETTINGS).map((r) => r[0])).not.toContain(
      "sameOwnerSupervisorReason",
    );
    const bad = parseSettings([
      ["Key", "Value"],
      [
        "sameOwnerSupervisorReason",
        JSON.stringify({ reason: "x", recordedBy: "M", recordedAt: "yesterday" }),
      ],
    ]);
    expect(bad.settings.sameOwnerSupervisorReason).toBeNull();
    expect(bad.issues.map((i) => [i.code, i.where.row])).toEqual([["setting_must_be_readable", 2]]);
  });
});

describe("runGlReview", () => {
  it("flags one person as owner and supervisor unless a reason is recorded or given", async () => {
    const port = workbook();
    const flagged = await runGlReview(port, { asOf: AS_OF, sheet: null, allowedReason: null });
    expect(flagged.ok && flagged.review.flagCounts.owner_is_supervisor).toBe(1);
    expect(flagged.ok && flagged.allowed).toBeNull();
    await saveSettings(port, {
      ...DEFAULT_SETTINGS,
      sameOwnerSupervisorReason: {
        reason: "Single person",
        recordedBy: "M. Chen",
        recordedAt: NOW,
      },
    });
    const fromSettings = await runGlReview(port, { asOf: AS_OF, sheet: null, allowedReason: null });
    expect(fromSettings.ok && fromSettings.review.flagCounts.owner_is_supervisor).toBe(0);
    expect(fromSettings.ok && fromSettings.allowed).toEqual({
      reason: "Single person",
      from: "settings",
    });
    const fromRun = await runGlReview(port, {
      asOf: AS_OF,
      sheet: null,
      allowedReason: "FINRA approval",
    });
    expect(fromRun.ok && fromRun.allowed).toEqual({ reason: "FINRA approval", from: "run" });
    expect(port.writtenTables.filter((t) => t.sheetName === "GL Review")).toHaveLength(3);
  });

  it("writes nothing when the register is named wrongly", async () => {
    const port = workbook();
    const run = await runGlReview(port, { asOf: AS_OF, sheet: "Nope", allowedReason: null });
    expect(run.ok ? [] : run.issues.map((i) => i.code)).toEqual(["gl_accounts_sheet_must_exist"]);
    expect(port.writtenTables).toEqual([]);
  });
});

describe("runSuspenseAging", () => {
  it("ages the register and writes both sheets; says when there is none", async () => {
    const port = workbook();
    const run = await runSuspenseAging(port, { asOf: AS_OF, sheet: null, calendar: null });
    expect(run.ok && run.aging.items.map((i) => [i.itemId, i.ageCalendarDays])).toEqual([
      ["S-1", 60],
    ]);
    expect(run.ok && run.needsAction).toBe(true);
    expect(port.writtenTables.map((t) => t.sheetName)).toEqual([
      "Suspense Aging",
      "Suspense Buckets",
    ]);
    const none = await runSuspenseAging(new MemoryWorkbook({ A: [["x"]] }), {
      asOf: AS_OF,
      sheet: null,
      calendar: null,
    });
    expect(none.ok ? null : none.lookup).toEqual({
      found: false,
      why: "no_register",
      sheets: ["A"],
    });
  });
});

describe("recordSignoff and verifyWorkbook", () => {
  it("signs, refuses the preparer as reviewer, and finds the sign-off broken after a change", async () => {
    const port = workbook();
    const ask = { period: PERIOD, scope: "GL Accounts", comment: "", now: NOW };
    expect((await recordSignoff(port, { ...ask, role: "preparer", actor: "A. Ortiz" })).ok).toBe(
      true,
    );
    const refused = await recordSignoff(port, { ...ask, role: "reviewer", actor: "a. ortiz" });
    expect(refused.ok).toBe(false);
    expect((await recordSignoff(port, { ...ask, role: "reviewer", actor: "M. Chen" })).ok).toBe(
      true,
    );
    expect((await verifyWorkbook(port)).issues).toEqual([]);
    await port.writeTable({
      sheetName: "GL Accounts",
      tableName: "GL",
      columns: [{ header: "Account Number", format: { kind: "text" }, width: 10 }],
      rows: [["9999"]],
    });
    const verification = await verifyWorkbook(port);
    expect(verification.checks.map((c) => c.status)).toEqual(["broken", "broken"]);
    expect(verification.issues[0]?.code).toBe("signed_data_must_not_change");
  });
});

describe("buildEvidencePack", () => {
  it("hashes the input and the protected snapshot as node's crypto does", async () => {
    const bytes = readFileSync("assets/samples/month-end-sample.xlsx");
    const pack = await buildEvidencePack(await XlsxWorkbook.fromBuffer(bytes), bytes, {
      period: PERIOD,
      stem: "sample",
      inputFile: "sample.xlsx",
      now: NOW,
      issueJson: (issue) => issue,
    });
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    expect(pack.manifest.input.sha256).toBe(sha(bytes));
    expect(pack.manifest.snapshot).toEqual({
      file: "sample-2026-10-evidence.xlsx",
      sha256: sha(pack.snapshot),
    });
    expect(pack.manifestName).toBe("sample-2026-10-manifest.json");
    expect(pack.manifest.createdAt).toBe(NOW);
  });
});
