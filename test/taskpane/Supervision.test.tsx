// @vitest-environment jsdom
/**
 * The FINRA 4523 steps in the pane over a fake workbook holding the GL accounts and suspense
 * registers: review, aging, sign-off as preparer then reviewer, the refusal of the same person,
 * a broken sign-off after a cell changes, the unlock's reason, the Audit Log rows of a status
 * change and a settings change, and the evidence pack's two downloads.
 */
import "./domShims";
import { readFileSync } from "node:fs";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readAuditLog, AUDIT_SHEET, type Timestamp } from "../../src/domain/auditLog";
import type { IsoDate } from "../../src/domain/isoDate";
import { App } from "../../src/taskpane/components/App/App";
import type { TaskpaneHost } from "../../src/taskpane/host";
import type { CellValue } from "../../src/workbook/port";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { FakeWorkbook, monthEndSheets } from "./fakeWorkbook";
import { choose, detectAndReconcile, TEST_TODAY } from "./renderApp";

const downloads = vi.hoisted(() => [] as { name: string; bytes: Uint8Array; type?: string }[]);
vi.mock("../../src/taskpane/download", async (original) => ({
  ...(await original<typeof import("../../src/taskpane/download")>()),
  downloadBytes: (bytes: Uint8Array, name: string, type?: string) =>
    downloads.push({ name, bytes, ...(type === undefined ? {} : { type }) }),
}));

afterEach(cleanup);

const NOW = "2026-11-04T09:30:00-05:00" as Timestamp;

function registers(): Record<string, CellValue[][]> {
  return {
    ...monthEndSheets(),
    "GL Accounts": [
      [
        "Account Number",
        "Account Name",
        "Primary Owner",
        "Supervisor",
        "Review Frequency",
        "Last Reviewed On",
      ],
      ["1010-100", "Cash at DTC", "A. Ortiz", "M. Chen", "Monthly", "2026-10-30"],
      ["1020-100", "OCC margin", "A. Ortiz", "A. Ortiz", "Monthly", "2026-10-29"],
      ["1030-100", "Suspense - DK fails", "", "M. Chen", "Monthly", "2026-08-01"],
    ],
    "Suspense Items": [
      ["Item ID", "GL Account", "Type", "Opened On", "Amount", "Debit/Credit", "Owner"],
      ["S-1", "1030-100", "DK fail", "2026-09-01", 1000, "Credit", "A. Ortiz"],
      ["S-2", "1030-100", "Other", "2026-10-28", 250, "Debit", ""],
    ],
  };
}

function renderPane(port: FakeWorkbook | XlsxWorkbook, fileBytes?: () => Promise<Uint8Array>) {
  const host: TaskpaneHost = {
    kind: "excel",
    workbook: { port, fileName: "close.xlsx", toBytes: null, ...(fileBytes ? { fileBytes } : {}) },
  };
  render(
    <FluentProvider theme={webLightTheme}>
      <App host={host} today={() => TEST_TODAY as IsoDate} now={() => NOW} />
    </FluentProvider>,
  );
}

function region(name: string): HTMLElement {
  return screen.getByRole("region", { name });
}

async function auditActions(port: FakeWorkbook | XlsxWorkbook): Promise<string[]> {
  const read = readAuditLog((await port.readSheet(AUDIT_SHEET)).rows);
  expect(read.issues).toEqual([]);
  return read.records.map((r) => `${r.action} ${r.scope} by ${r.actor}: ${r.details}`);
}

async function signOff(period: string, sheet: string, role: "Preparer" | "Reviewer", name: string) {
  const form = within(region("Sign-off")).getByRole("form", { name: "Sign off" });
  fireEvent.change(within(form).getByLabelText(/^Period/), { target: { value: period } });
  choose(within(form).getByRole("combobox", { name: /Sheet signed/ }), sheet);
  fireEvent.click(within(form).getByRole("radio", { name: role }));
  fireEvent.change(within(form).getByRole("textbox", { name: /Your name/ }), {
    target: { value: name },
  });
  fireEvent.click(within(form).getByRole("button", { name: "Sign off" }));
}

async function reviewGl(): Promise<void> {
  fireEvent.click(screen.getByRole("button", { name: "Review GL accounts" }));
  await screen.findByText("GL Review written");
}

describe("the FINRA 4523 steps in the pane", () => {
  it("reviews the GL accounts and ages the suspense items, logging both runs", async () => {
    const port = new FakeWorkbook(registers());
    renderPane(port);
    fireEvent.change(
      within(region("GL account review (FINRA 4523)")).getByLabelText(/Review as of/),
      {
        target: { value: "2026-10-31" },
      },
    );
    await reviewGl();
    const flags = within(screen.getByRole("list", { name: "GL review flags" }));
    expect(flags.getByText("No primary owner")).toBeTruthy();
    expect(flags.getByText("Owner is supervisor")).toBeTruthy();
    expect(flags.getByText("Review overdue")).toBeTruthy();
    const owners = within(screen.getByRole("list", { name: "Reviews by owner" }));
    expect(owners.getByText("(no owner)")).toBeTruthy();
    expect(owners.getByText("1 missing")).toBeTruthy();
    expect(port.writtenTables.some((t) => t.sheetName === "GL Review")).toBe(true);

    fireEvent.change(within(region("Suspense aging")).getByLabelText(/Age as of/), {
      target: { value: "2026-10-30" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Age suspense items" }));
    await screen.findByText("Suspense Aging written");
    const buckets = within(screen.getByRole("list", { name: "Suspense by age" }));
    expect(buckets.getByText("0–7")).toBeTruthy();
    expect(screen.getByText(/1,000\.00 USD/)).toBeTruthy();
    const flagged = within(screen.getByRole("list", { name: "Flagged suspense items" }));
    expect(flagged.getByText("S-1")).toBeTruthy();
    expect(await auditActions(port)).toEqual([
      expect.stringMatching(
        /^run GL Review by \(no name typed in the task pane\): GL review as of 2026-10-31: 3 accounts, 2 flagged/,
      ),
      expect.stringMatching(
        /^run Suspense Aging by .*: Suspense aging as of 2026-10-30: 2 items open/,
      ),
    ]);
  });

  it("signs off as preparer then reviewer, refuses the same person, and shows a broken sign-off", async () => {
    const port = new FakeWorkbook(registers());
    renderPane(port);
    await reviewGl();
    await signOff("2026-10", "GL Review", "Preparer", "A. Ortiz");
    await screen.findByText("Signed off");
    await signOff("2026-10", "GL Review", "Reviewer", " a.  ortiz ");
    const refused = await screen.findByText("Not signed");
    expect(refused.parentElement?.textContent).toMatch(/preparer/i);
    await signOff("2026-10", "GL Review", "Reviewer", "M. Chen");
    await waitFor(() => expect(screen.getAllByText("Intact", { exact: true }).length).toBe(2));
    // A cell of the signed sheet changes afterwards.
    const glReview = (await port.readSheet("GL Review")).rows.map((row) => [...row]);
    glReview[1]![1] = "Edited after sign-off";
    await port.writeTable({
      sheetName: "GL Review",
      tableName: "StockRecGLReview",
      columns: glReview[0]!.map((h) => ({
        header: String(h),
        format: { kind: "text" },
        width: 10,
      })),
      rows: glReview.slice(1),
    });
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    const report = await screen.findByRole("status", { name: "Verification" });
    expect(report.textContent).toMatch(/2 broken/);
    expect(report.textContent).toMatch(
      /First broken: Sign-offs › H2: Sign-off SO-000001 .* is broken/,
    );
    expect(
      within(screen.getByRole("list", { name: "Sign-offs" })).getAllByText("Broken").length,
    ).toBe(2);
  });

  it("needs a reason to unlock, and unlocks a reviewed period with one", async () => {
    const port = new FakeWorkbook(registers());
    renderPane(port);
    await reviewGl();
    await signOff("2026-10", "GL Review", "Preparer", "A. Ortiz");
    await screen.findByText("Signed off");
    await signOff("2026-10", "GL Review", "Reviewer", "M. Chen");
    await waitFor(() => expect(screen.getAllByText("Intact").length).toBe(2));
    const unlock = within(screen.getByRole("group", { name: "Unlock a reviewed period" }));
    fireEvent.click(unlock.getByRole("button", { name: "Unlock" }));
    expect(await unlock.findByText(/An unlock needs a reason/)).toBeTruthy();
    expect((await port.readSheet("Sign-offs")).rows.length).toBe(3);
    fireEvent.change(unlock.getByRole("textbox", { name: /Reason to unlock/ }), {
      target: { value: "late DTC adjustment" },
    });
    fireEvent.click(unlock.getByRole("button", { name: "Unlock" }));
    await screen.findByText("Unlocked");
    const list = within(screen.getByRole("list", { name: "Sign-offs" }));
    expect(list.getByText("Unlock recorded")).toBeTruthy();
    expect(list.getByText(/because: late DTC adjustment/)).toBeTruthy();
    expect((await port.readSheet("Sign-offs")).rows.length).toBe(4);
  });

  it("records the same-owner reason in the settings and the Audit Log; the next review notes it", async () => {
    const port = new FakeWorkbook(registers());
    renderPane(port);
    const gl = within(region("GL account review (FINRA 4523)"));
    fireEvent.change(gl.getByRole("textbox", { name: /The firm's reason/ }), {
      target: { value: "One associated person" },
    });
    fireEvent.change(gl.getByRole("textbox", { name: /Recorded by/ }), {
      target: { value: "M. Chen" },
    });
    fireEvent.click(gl.getByRole("button", { name: "Record reason" }));
    await screen.findByText("Reason recorded");
    expect(screen.getByText(/because: One associated person \(recorded by M. Chen/)).toBeTruthy();
    expect(await auditActions(port)).toEqual([
      "settings StockRec Settings by M. Chen: Same owner and supervisor allowed, because: One associated person (recorded by M. Chen, task pane)",
    ]);
    await reviewGl();
    const flags = within(screen.getByRole("list", { name: "GL review flags" }));
    expect(flags.queryByText("Owner is supervisor")).toBeNull();
  });

  it("logs a break's status change and the saved column mappings", async () => {
    const port = new FakeWorkbook(monthEndSheets());
    renderPane(port);
    await detectAndReconcile();
    const before = await auditActions(port);
    expect(before.some((line) => line.startsWith("settings StockRec Settings"))).toBe(true);
    const breaks = screen.getByRole("list", { name: "Breaks" });
    fireEvent.click(within(breaks).getByRole("button", { name: /^88160R101 at / }));
    const group = screen.getByRole("group", { name: "Status of 88160R101 at OCC" });
    fireEvent.click(within(group).getByRole("button", { name: "Mark reported" }));
    const form = await screen.findByRole("form", { name: /^Mark reported/ });
    fireEvent.click(within(form).getByRole("button", { name: "Mark reported" }));
    await waitFor(async () => expect((await auditActions(port)).length).toBe(before.length + 1));
    expect((await auditActions(port)).at(-1)).toMatch(
      /^status_change Breaks by .*: Break .*: Open → Reported on 2026-11-04 \(task pane\)$/,
    );
  });

  it("downloads the evidence pack: the protected snapshot and its manifest", async () => {
    downloads.length = 0;
    const bytes = readFileSync("assets/samples/month-end-sample.xlsx");
    const port = await XlsxWorkbook.fromBuffer(bytes);
    renderPane(port, () => port.toBuffer());
    fireEvent.change(within(region("Evidence pack")).getByLabelText(/^Period/), {
      target: { value: "2026-10" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Download evidence pack" }));
    await screen.findByText("Evidence pack downloaded", undefined, { timeout: 10_000 });
    expect(downloads.map((d) => d.name)).toEqual([
      "close-2026-10-evidence.xlsx",
      "close-2026-10-manifest.json",
    ]);
    const manifest = JSON.parse(new TextDecoder().decode(downloads[1]!.bytes)) as {
      kind: string;
      period: string;
      createdAt: string;
      sheets: { name: string }[];
    };
    expect(manifest).toMatchObject({
      kind: "stockrec-evidence/1",
      period: "2026-10",
      createdAt: NOW,
    });
    expect(manifest.sheets.map((s) => s.name)).toContain("GL Accounts");
    expect(downloads[1]!.type).toBe("application/json");
  });
});
