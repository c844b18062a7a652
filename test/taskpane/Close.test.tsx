// @vitest-environment jsdom
/**
 * The month-end close in the pane, over a fake workbook: the posting clock after Reconcile, the
 * breaks' status changes and their persistence on the Breaks sheet, the preview of the entries to
 * post and the Post itself, the aging of the Difference account, and the notices. `today` is
 * injected, as index.tsx does from the host's clock.
 */
import "./domShims";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { IsoDate } from "../../src/domain/isoDate";
import { LEDGER_SHEET } from "../../src/domain/ledgerSheet";
import type { CellValue } from "../../src/workbook/port";
import { monthEndSheets, type FakeWorkbook } from "./fakeWorkbook";
import {
  choose,
  detectAndReconcile,
  reconcile,
  renderInExcel,
  renderOver,
  nameOf,
} from "./renderApp";

afterEach(cleanup);

/** The three differences of monthEndSheets(): Long 2,000 AMZN, Short 300 TSLA, Short 50 MSFT. */
const HEADLINE_ON_TIME =
  "3 differences unresolved — post by Tue 10 Nov 2026 (4 business days left)";

function clock(): HTMLElement {
  return screen.getByRole("status", { name: "Posting deadline" });
}

function postingSection(): HTMLElement {
  return screen.getByRole("region", { name: "Post to Difference account" });
}

function postButton(): HTMLElement {
  return within(postingSection()).getByRole("button", { name: "Post to Difference account" });
}

function isDisabled(button: HTMLElement): boolean {
  return button.getAttribute("aria-disabled") === "true" || (button as HTMLButtonElement).disabled;
}

/** The rows of a sheet as the port holds them now, below the header. */
async function sheetRows(port: FakeWorkbook, name: string): Promise<CellValue[][]> {
  const snapshot = await port.readSheet(name);
  return snapshot.rows.slice(1).map((row) => [...row]);
}

async function headerOf(port: FakeWorkbook, name: string): Promise<string[]> {
  const snapshot = await port.readSheet(name);
  return (snapshot.rows[0] ?? []).map((cell) => String(cell));
}

/** Each entry row of a table as its cells' text. */
function tableRows(name: string): string[][] {
  const table = screen.getByRole("table", { name });
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole("cell")
        .map((cell) => cell.textContent ?? ""),
    );
}

async function post(name: string): Promise<void> {
  fireEvent.change(within(postingSection()).getByRole("textbox", { name: /^Posted by/ }), {
    target: { value: name },
  });
  fireEvent.click(postButton());
  await screen.findByText("Posted to the Difference account", undefined, { timeout: 5000 });
}

function breakButton(securityId: string): HTMLElement {
  const list = screen.getByRole("list", { name: "Breaks" });
  return within(list).getByRole("button", { name: new RegExp(`^${securityId} at `) });
}

describe("the posting clock", () => {
  it("leads with the differences left to post and the deadline, on time", async () => {
    renderInExcel(monthEndSheets(), {}, false, "2026-11-04" as IsoDate);
    await detectAndReconcile();
    expect(within(clock()).getByText(HEADLINE_ON_TIME)).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    // The clock comes before the results.
    const results = screen.getByRole("region", { name: "Results" });
    expect(
      clock().compareDocumentPosition(results) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it("says 1 business day on the day before the deadline, and 0 on the deadline", async () => {
    renderInExcel(monthEndSheets(), {}, false, "2026-11-09" as IsoDate);
    await detectAndReconcile();
    expect(
      within(clock()).getByText(
        "3 differences unresolved — post by Tue 10 Nov 2026 (1 business day left)",
      ),
    ).toBeTruthy();
    cleanup();
    renderInExcel(monthEndSheets(), {}, false, "2026-11-10" as IsoDate);
    await detectAndReconcile();
    expect(within(clock()).getByText(/\(0 business days left\)$/)).toBeTruthy();
    expect(tableRows("Entries to post").every((row) => row[2]?.endsWith("On time"))).toBe(true);
  });

  it("is loud once the deadline has passed: an alert, and each entry late", async () => {
    renderInExcel(monthEndSheets(), {}, false, "2026-11-12" as IsoDate);
    await detectAndReconcile();
    const alert = screen.getByRole("alert", { name: "Posting deadline" });
    expect(
      within(alert).getByText(
        "OVERDUE: 3 differences unresolved — the deadline was Tue 10 Nov 2026 (2 business days ago). Post now.",
      ),
    ).toBeTruthy();
    expect(within(alert).getByText("Deadline passed")).toBeTruthy();
    expect(tableRows("Entries to post").map((row) => row[2])).toEqual([
      "InitialLate by 2 business days",
      "InitialLate by 2 business days",
      "InitialLate by 2 business days",
    ]);
  });

  it("says there is nothing to post when the Difference account already holds the count", async () => {
    const port = renderInExcel();
    await detectAndReconcile();
    await post("A. Preparer");
    cleanup();
    // A later session of the pane, over the same workbook.
    renderOver(port);
    await detectAndReconcile();
    expect(
      within(clock()).getByText(
        "Nothing to post for the count of 2026-10-30; deadline Tue 10 Nov 2026.",
      ),
    ).toBeTruthy();
  });
});

describe("posting to the Difference account", () => {
  it("previews exactly the entries to post, and Post appends exactly those", async () => {
    const port = renderInExcel();
    await detectAndReconcile();

    expect(tableRows("Entries to post")).toEqual([
      ["DA-000001023135106", "2,000Long", "InitialOn time"],
      ["DA-000002594918104", "50Short", "InitialOn time"],
      ["DA-00000388160R101", "300Short", "InitialOn time"],
    ]);
    // Nothing is written before Post: Reconcile writes the Breaks sheet only.
    expect((await port.listSheets()).map((s) => s.name)).not.toContain(LEDGER_SHEET);
    // No name, no Post.
    expect(isDisabled(postButton())).toBe(true);
    expect(within(postingSection()).getByText(/Type your name in Posted by/)).toBeTruthy();
    expect(
      within(postingSection()).getByText(
        "Excel gives add-ins no verified identity; the name you type is recorded.",
      ),
    ).toBeTruthy();

    await post("A. Preparer");

    const header = await headerOf(port, LEDGER_SHEET);
    const column = (name: string) => header.indexOf(name);
    const rows = await sheetRows(port, LEDGER_SHEET);
    expect(
      rows.map((row) => [
        row[column("Entry ID")],
        row[column("Security ID")],
        row[column("Quantity")],
        row[column("Long/Short")],
        row[column("Kind")],
        row[column("Posted By")],
        row[column("On Time")],
      ]),
    ).toEqual([
      ["DA-000001", "023135106", 2000, "Long", "Initial", "A. Preparer", "Yes"],
      ["DA-000002", "594918104", 50, "Short", "Initial", "A. Preparer", "Yes"],
      ["DA-000003", "88160R101", 300, "Short", "Initial", "A. Preparer", "Yes"],
    ]);
    expect(
      within(clock()).getByText(
        "3 entries posted to the Difference account; deadline Tue 10 Nov 2026.",
      ),
    ).toBeTruthy();
    expect(tableRows("Entries posted")).toHaveLength(3);
    // The sheets of the close are written with the ledger.
    const names = (await port.listSheets()).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["Breaks", "Notices", "Difference Aging"]));
    // The posted breaks say so.
    expect(nameOf(breakButton("594918104"))).toContain("Status: Posted on 2026-11-04.");

    // A second Post posts nothing: the button is off, and after a new run still is.
    expect(isDisabled(postButton())).toBe(true);
    fireEvent.click(postButton());
    await reconcile();
    expect(screen.queryByRole("table", { name: "Entries to post" })).toBeNull();
    expect(
      within(postingSection()).getByText(
        "Nothing to post: the Difference account already holds every difference of this count.",
      ),
    ).toBeTruthy();
    expect(isDisabled(postButton())).toBe(true);
    expect(await sheetRows(port, LEDGER_SHEET)).toHaveLength(3);
    expect(port.writtenTables.filter((table) => table.sheetName === LEDGER_SHEET)).toHaveLength(1);
  });

  it("proposes a vanished difference for resolution; confirming it adds the adjustment to post", async () => {
    const port = renderInExcel();
    await detectAndReconcile();
    await post("A. Preparer");

    // Next, the contra's statement agrees on MICROSOFT: its Short 50 is gone.
    await port.writeTable({
      sheetName: "DTC",
      tableName: "DTC",
      columns: ["CUSIP", "Quantity"].map((header) => ({
        header,
        format: { kind: "general" },
        width: 14,
      })),
      rows: [
        ["037833100", 1000],
        ["594918104", 500],
        ["023135106", 2250],
      ],
    });
    await reconcile();
    const checkbox = within(postingSection()).getByRole("checkbox", {
      name: "594918104: Short 50 open — resolved",
    });
    expect((checkbox as HTMLInputElement).checked).toBe(false);
    expect(screen.queryByRole("table", { name: "Entries to post" })).toBeNull();
    expect(isDisabled(postButton())).toBe(true);

    fireEvent.click(checkbox);
    await screen.findByRole("table", { name: "Entries to post" });
    expect(tableRows("Entries to post")).toEqual([
      ["DA-000004594918104", "50Long", "AdjustmentOn time"],
    ]);
    expect(
      (
        within(postingSection()).getByRole("checkbox", {
          name: "594918104: Short 50 open — resolved",
        }) as HTMLInputElement
      ).checked,
    ).toBe(true);
    expect(within(clock()).getByText(/^1 difference unresolved — post by/)).toBeTruthy();

    fireEvent.click(postButton());
    await screen.findByText("Posted to the Difference account", undefined, { timeout: 5000 });
    const rows = await sheetRows(port, LEDGER_SHEET);
    expect(rows.map((row) => row[0])).toEqual(["DA-000001", "DA-000002", "DA-000003", "DA-000004"]);
  });

  it("posts nothing when the entries changed since the preview, and shows them anew", async () => {
    const port = renderInExcel();
    await detectAndReconcile();
    // Someone changes the statement in Excel after the preview.
    await port.writeTable({
      sheetName: "DTC",
      tableName: "DTC",
      columns: ["CUSIP", "Quantity"].map((header) => ({
        header,
        format: { kind: "general" },
        width: 14,
      })),
      rows: [
        ["037833100", 1000],
        ["594918104", 500],
        ["023135106", 2250],
      ],
    });
    fireEvent.change(within(postingSection()).getByRole("textbox", { name: /^Posted by/ }), {
      target: { value: "A. Preparer" },
    });
    fireEvent.click(postButton());
    expect(
      await screen.findByText(/The entries to post changed since they were shown/),
    ).toBeTruthy();
    expect((await port.listSheets()).map((s) => s.name)).not.toContain(LEDGER_SHEET);
    expect(tableRows("Entries to post")).toHaveLength(2);
  });
});

describe("break statuses", () => {
  it("offers the changes valid from each status and records them on the Breaks sheet", async () => {
    const port = renderInExcel();
    await detectAndReconcile();
    const button = breakButton("88160R101");
    expect(nameOf(button)).toContain("Status: Open.");
    expect(within(button).getByText("Open")).toBeTruthy();

    fireEvent.click(button);
    const actions = screen.getByRole("group", { name: "Status of 88160R101 at OCC" });
    expect(
      within(actions)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["Mark reported", "Resolve"]);
    fireEvent.click(within(actions).getByRole("button", { name: "Mark reported" }));
    const form = screen.getByRole("form", { name: "Mark reported: 88160R101 at OCC" });
    const date = within(form).getByLabelText(/^Reported on/) as HTMLInputElement;
    expect(date.value).toBe("2026-11-04");
    fireEvent.change(date, { target: { value: "2026-11-02" } });
    fireEvent.click(within(form).getByRole("button", { name: "Mark reported" }));

    await waitFor(() =>
      expect(nameOf(breakButton("88160R101"))).toContain("Status: Reported on 2026-11-02."),
    );
    const header = await headerOf(port, "Breaks");
    const row = (await sheetRows(port, "Breaks")).find((r) =>
      String(r[header.indexOf("Break ID")]).startsWith("88160R101"),
    );
    expect(row?.[header.indexOf("Status")]).toBe("Reported");
    expect(String(row?.[header.indexOf("Reported On")])).toMatch(/2026-11-02|46328/);

    // From Reported, only Resolve is left.
    const next = screen.getByRole("group", { name: "Status of 88160R101 at OCC" });
    expect(
      within(next)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["Resolve"]);
  });

  it("checks a resolution with the domain's rules: reason, a note for Other, dates", async () => {
    renderInExcel();
    await detectAndReconcile();
    fireEvent.click(breakButton("594918104"));
    const actions = screen.getByRole("group", { name: "Status of 594918104 at DTC" });
    fireEvent.click(within(actions).getByRole("button", { name: "Resolve" }));
    const form = screen.getByRole("form", { name: "Resolve: 594918104 at DTC" });
    const submit = within(form).getByRole("button", { name: "Resolve" });

    fireEvent.click(submit);
    expect(within(form).getByText(/no resolution reason is given/)).toBeTruthy();

    choose(within(form).getByRole("combobox", { name: /^Reason/ }), "Other");
    fireEvent.click(submit);
    expect(within(form).getByText(/resolved as Other, with no note saying how/)).toBeTruthy();

    fireEvent.change(within(form).getByRole("textbox", { name: /^Note/ }), {
      target: { value: "Booked twice by the branch; reversed." },
    });
    const date = within(form).getByLabelText(/^Resolved on/);
    fireEvent.change(date, { target: { value: "2026-11-05" } });
    fireEvent.click(submit);
    expect(within(form).getByText(/that is after today \(2026-11-04\)/)).toBeTruthy();

    fireEvent.change(date, { target: { value: "2026-10-29" } });
    fireEvent.click(submit);
    expect(within(form).getByText(/before the count date 2026-10-30/)).toBeTruthy();

    fireEvent.change(date, { target: { value: "" } });
    fireEvent.click(submit);
    expect(within(form).getByText(/Enter the date as YYYY-MM-DD/)).toBeTruthy();

    fireEvent.change(date, { target: { value: "2026-11-03" } });
    fireEvent.click(submit);
    await waitFor(() =>
      expect(nameOf(breakButton("594918104"))).toContain(
        "Status: Resolved on 2026-11-03 · Other · Booked twice by the branch; reversed..",
      ),
    );
    // Resolved is final: no actions, and the notices leave the break out.
    const done = screen.getByRole("group", { name: "Status of 594918104 at DTC" });
    expect(within(done).queryAllByRole("button")).toEqual([]);
    const notices = screen.getByRole("list", { name: "Notices" });
    expect(within(notices).getByText("DTC").parentElement?.textContent).toContain("1 difference");
  });

  it("keeps the statuses on the next run, and in the next session of the pane", async () => {
    const port = renderInExcel();
    await detectAndReconcile();
    fireEvent.click(breakButton("023135106"));
    fireEvent.click(
      within(screen.getByRole("group", { name: "Status of 023135106 at DTC" })).getByRole(
        "button",
        { name: "Mark reported" },
      ),
    );
    fireEvent.click(
      within(screen.getByRole("form", { name: /^Mark reported: 023135106/ })).getByRole("button", {
        name: "Mark reported",
      }),
    );
    await waitFor(() =>
      expect(nameOf(breakButton("023135106"))).toContain("Status: Reported on 2026-11-04."),
    );

    await reconcile();
    expect(nameOf(breakButton("023135106"))).toContain("Status: Reported on 2026-11-04.");
    expect(nameOf(breakButton("88160R101"))).toContain("Status: Open.");

    cleanup();
    renderOver(port);
    await detectAndReconcile();
    expect(nameOf(breakButton("023135106"))).toContain("Status: Reported on 2026-11-04.");
  });

  it("does not save a change over status entries on the sheet it cannot read", async () => {
    const port = renderInExcel();
    await detectAndReconcile();
    // Someone types a status StockRec does not know into the Breaks sheet.
    const snapshot = await port.readSheet("Breaks");
    const header = snapshot.rows[0]!.map(String);
    const rows = snapshot.rows.map((row, index) =>
      index === 1 ? row.map((cell, c) => (c === header.indexOf("Status") ? "Waiting" : cell)) : row,
    );
    await port.writeTable({
      sheetName: "Breaks",
      tableName: "Breaks",
      columns: header.map((h) => ({ header: h, format: { kind: "general" }, width: 14 })),
      rows: rows.slice(1),
    });
    fireEvent.click(breakButton("88160R101"));
    fireEvent.click(
      within(screen.getByRole("group", { name: "Status of 88160R101 at OCC" })).getByRole(
        "button",
        { name: "Mark reported" },
      ),
    );
    fireEvent.click(
      within(screen.getByRole("form", { name: /^Mark reported: 88160R101/ })).getByRole("button", {
        name: "Mark reported",
      }),
    );
    expect(await screen.findByText("The status was not saved")).toBeTruthy();
    expect(screen.getByText(/status entries StockRec cannot read/)).toBeTruthy();
    const after = await port.readSheet("Breaks");
    expect(after.rows[1]?.[header.indexOf("Status")]).toBe("Waiting");

    // Nor is anything posted: writing the close would rewrite the sheet without the entry.
    fireEvent.change(within(postingSection()).getByRole("textbox", { name: /^Posted by/ }), {
      target: { value: "A. Preparer" },
    });
    fireEvent.click(postButton());
    expect(
      await screen.findByText(/^Nothing was written: the Breaks sheet has an entry/),
    ).toBeTruthy();
    expect((await port.listSheets()).map((s) => s.name)).not.toContain(LEDGER_SHEET);
    expect((await port.readSheet("Breaks")).rows[1]?.[header.indexOf("Status")]).toBe("Waiting");
  });
});

describe("the Difference account's open balances by age", () => {
  /** The same month end, priced, so that short differences have a market value. */
  function pricedSheets(): Record<string, CellValue[][]> {
    const sheets = monthEndSheets();
    sheets["Stock Record"] = [
      ["CUSIP", "Description", "Location", "Quantity", "Price", "As Of"],
      ["037833100", "APPLE INC", "DTC", 1000, 150, "2026-10-30"],
      ["594918104", "MICROSOFT CORP", "DTC", 500, 400, "2026-10-30"],
      ["023135106", "AMAZON COM INC", "DTC", 250, 200, "2026-10-30"],
      ["88160R101", "TESLA INC", "OCC", 300, 250, "2026-10-30"],
    ];
    return sheets;
  }

  it("is empty before anything is posted", async () => {
    renderInExcel();
    await detectAndReconcile();
    const section = screen.getByRole("region", { name: "Difference account open balances by age" });
    expect(within(section).getByText("The Difference account has no open balances.")).toBeTruthy();
  });

  it("lists each open layer oldest first with its age, deduction and the item 7 flag", async () => {
    // Posted late, on 15 Dec: 31 business days and 46 calendar days after the count.
    const port = renderInExcel(pricedSheets(), {}, false, "2026-12-15" as IsoDate);
    await detectAndReconcile();
    expect(tableRows("Entries to post").map((row) => row[2])).toEqual([
      "InitialLate by 24 business days",
      "InitialLate by 24 business days",
      "InitialLate by 24 business days",
    ]);
    await post("A. Preparer");

    const section = screen.getByRole("region", { name: "Difference account open balances by age" });
    const items = within(within(section).getByRole("list", { name: "Open balances by age" }))
      .getAllByRole("listitem")
      .map((item) => item.textContent);
    expect(items).toEqual([
      "023135106Since 2026-10-30 · 31 business daysLong: not deducted2,000Long",
      "594918104Since 2026-10-30 · 31 business daysDeduction 100% · 20,000.00 15c3-3a item 750Short",
      "88160R101Since 2026-10-30 · 31 business daysDeduction 100% · 75,000.00 15c3-3a item 7300Short",
    ]);
    const totals = within(section).getByText("15c3-1 deduction, total").nextElementSibling;
    expect(totals?.textContent).toBe("95,000.00");
    // The same layers are on the Difference Aging sheet.
    expect(await sheetRows(port, "Difference Aging")).toHaveLength(3);
  });
});

describe("difference notices", () => {
  it("writes the Notices sheet and, when asked, marks the listed breaks reported", async () => {
    const port = renderInExcel();
    await detectAndReconcile();
    const section = screen.getByRole("region", { name: "Difference notices" });
    expect(
      within(within(section).getByRole("list", { name: "Notices" }))
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["DTC2 differences · NOTICE-DTC-20261030", "OCC1 difference · NOTICE-OCC-20261030"]);
    fireEvent.click(within(section).getByRole("checkbox", { name: /^Mark as reported/ }));
    fireEvent.click(within(section).getByRole("button", { name: "Write notices" }));
    expect(await within(section).findByText("Notices written")).toBeTruthy();
    expect(await sheetRows(port, "Notices")).toHaveLength(3);
    expect(nameOf(breakButton("88160R101"))).toContain("Status: Reported on 2026-11-04.");
    // Writing notices posts nothing.
    expect(await sheetRows(port, "Difference Aging")).toHaveLength(0);
    expect((await port.listSheets()).map((s) => s.name)).not.toContain(LEDGER_SHEET);
  });
});
