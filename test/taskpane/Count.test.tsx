// @vitest-environment jsdom
/**
 * The SEA Rule 17a-13 quarterly count in the pane over a fake workbook: generate the count sheet,
 * refuse to overwrite one with entries and rebuild it keeping them, fill in who counted and
 * supervised, check the entries (an unverified item flagged), compare (a Short and a Long
 * difference, the 7-business-day clock), post once (the second post posts nothing), and the
 * schedule's window, missed quarter and overdue count. Every change is in the Audit Log.
 */
import "./domShims";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { afterEach, describe, expect, it } from "vitest";
import { readAuditLog, AUDIT_SHEET, type Timestamp } from "../../src/domain/auditLog";
import type { IsoDate } from "../../src/domain/isoDate";
import { readLedger, LEDGER_SHEET } from "../../src/domain/ledgerSheet";
import { App } from "../../src/taskpane/components/App/App";
import type { TaskpaneHost } from "../../src/taskpane/host";
import { COUNT_HEADERS } from "../../src/workbook/countSheet";
import type { CellValue } from "../../src/workbook/port";
import { FakeWorkbook } from "./fakeWorkbook";
import { TEST_TODAY, nameOf } from "./renderApp";

afterEach(cleanup);

const NOW = "2026-11-04T09:30:00-05:00" as Timestamp;
const COUNT_DATE = "2026-10-30";
const SHEET = `Count ${COUNT_DATE}`;

/**
 * Two securities in the vault (to count), one in transfer for 59 days (to verify), one pledged
 * for 10 days (accounted for), one at DTC (verified by the monthly reconciliation).
 */
function countSheets(extra: Record<string, CellValue[][]> = {}): Record<string, CellValue[][]> {
  return {
    "Stock Record": [
      ["CUSIP", "Description", "Location", "Quantity", "Status Since"],
      ["037833100", "APPLE INC", "VAULT", 1000, ""],
      ["594918104", "MICROSOFT CORP", "VAULT", 500, ""],
      ["023135106", "AMAZON COM INC", "TRANSFER", 200, "2026-09-01"],
      ["88160R101", "TESLA INC", "PLEDGE-CHASE", 300, "2026-10-20"],
      ["459200101", "IBM", "DTC", 100, ""],
    ],
    Locations: [
      ["Location", "Contra"],
      ["DTC", "DTC"],
    ],
    ...extra,
  };
}

function renderPane(port: FakeWorkbook) {
  const host: TaskpaneHost = { kind: "excel", workbook: { port, fileName: null, toBytes: null } };
  render(
    <FluentProvider theme={webLightTheme}>
      <App host={host} today={() => TEST_TODAY as IsoDate} now={() => NOW} />
    </FluentProvider>,
  );
}

function countRegion(): HTMLElement {
  return screen.getByRole("region", { name: "Quarterly security count (SEA Rule 17a-13)" });
}

function part(name: string): HTMLElement {
  return within(countRegion()).getByRole("group", { name });
}

async function generate(expectTitle = "Count sheet written"): Promise<void> {
  const form = part("Generate the count sheet");
  fireEvent.change(within(form).getByLabelText(/^Count date/), {
    target: { value: COUNT_DATE },
  });
  fireEvent.click(within(form).getByRole("button", { name: "Generate count sheet" }));
  await within(form).findByText(expectTitle, undefined, { timeout: 5000 });
}

/** What people type into the count sheet in Excel, by security and column. */
async function enter(
  port: FakeWorkbook,
  entries: Record<string, Partial<Record<(typeof COUNT_HEADERS)[number], CellValue>>>,
): Promise<void> {
  const rows = (await port.readSheet(SHEET)).rows.map((row) => [...row]);
  const header = rows[0]!.map(String);
  for (const row of rows.slice(1)) {
    const cells = entries[String(row[header.indexOf("Security ID")])];
    for (const [column, value] of Object.entries(cells ?? {})) {
      row[header.indexOf(column)] = value ?? null;
    }
  }
  await port.writeTable({
    sheetName: SHEET,
    tableName: "StockRecCount_20261030",
    columns: header.map((h) => ({ header: h, format: { kind: "general" }, width: 10 })),
    rows: rows.slice(1),
  });
}

async function cellOf(port: FakeWorkbook, securityId: string, column: string): Promise<CellValue> {
  const rows = (await port.readSheet(SHEET)).rows;
  const header = rows[0]!.map(String);
  const row = rows.find((r) => r[header.indexOf("Security ID")] === securityId);
  return row?.[header.indexOf(column)] ?? null;
}

async function auditLines(port: FakeWorkbook): Promise<string[]> {
  const read = readAuditLog((await port.readSheet(AUDIT_SHEET)).rows);
  expect(read.issues).toEqual([]);
  return read.records.map((r) => `${r.action} ${r.scope} by ${r.actor}: ${r.details}`);
}

async function ledgerEntries(port: FakeWorkbook) {
  const read = readLedger((await port.readSheet(LEDGER_SHEET)).rows);
  expect(read.issues).toEqual([]);
  return read.entries;
}

async function check(countedBy: string, supervisedBy: string): Promise<HTMLElement> {
  const record = part("Record the count");
  fireEvent.change(within(record).getByRole("textbox", { name: /^Counted by/ }), {
    target: { value: countedBy },
  });
  fireEvent.change(within(record).getByRole("textbox", { name: /^Supervised by/ }), {
    target: { value: supervisedBy },
  });
  fireEvent.click(within(record).getByRole("button", { name: "Check entries" }));
  await within(record).findByText("Entries checked");
  return within(record).getByRole("list", { name: "Count lines" });
}

/** Counts the vault short 50 of Apple and long 25 of Microsoft; Amazon is not confirmed. */
async function countWithDifferences(port: FakeWorkbook): Promise<void> {
  await generate();
  await enter(port, {
    "037833100": { "Counted Quantity": 950 },
    "594918104": { "Counted Quantity": 525 },
  });
}

function labelsOf(list: HTMLElement): string[] {
  return within(list)
    .getAllByRole("button")
    .map((button) => nameOf(button) ?? "");
}

describe("the quarterly security count in the pane", () => {
  it("defaults the count date to the end of today's quarter and generates the count sheet", async () => {
    const port = new FakeWorkbook(countSheets());
    renderPane(port);
    const form = part("Generate the count sheet");
    expect((within(form).getByLabelText(/^Count date/) as HTMLInputElement).value).toBe(
      "2026-12-31",
    );
    await generate();
    const lines = within(form).getByRole("list", { name: "Lines on the count sheet" });
    const tally = within(lines)
      .getAllByRole("listitem")
      .map((item) => item.firstElementChild?.textContent);
    expect(tally).toEqual([
      "To count2",
      "To verify1",
      "Accounted for1",
      "Verified by reconciliation1",
    ]);
    const sheet = (await port.readSheet(SHEET)).rows;
    expect(sheet[0]).toEqual([...COUNT_HEADERS]);
    expect(sheet).toHaveLength(6);
    // Generating again a sheet nobody has entered anything on is not refused.
    await generate();
    expect(within(form).queryByRole("button", { name: "Rebuild, keeping entries" })).toBeNull();
    expect((await auditLines(port)).at(-1)).toMatch(
      /^run Count 2026-10-30 by .*: Count sheet for 2026-10-30: 5 lines \(2 to count, 1 to verify, 1 accounted for, 1 verified by reconciliation\)/,
    );

    // The pane's button selects the sheet's first Counted Quantity cell.
    fireEvent.click(
      within(part("Record the count")).getByRole("button", { name: "Go to the count sheet" }),
    );
    await waitFor(() =>
      expect(port.selection).toEqual({
        sheetName: SHEET,
        row: 2,
        column: COUNT_HEADERS.indexOf("Counted Quantity") + 1,
      }),
    );
  });

  it("refuses to overwrite a count sheet with entries, and rebuilds it keeping them", async () => {
    const port = new FakeWorkbook(countSheets());
    renderPane(port);
    await generate();
    await enter(port, { "037833100": { "Counted Quantity": 990, Note: "two certificates torn" } });
    const written = port.writtenTables.length;

    await generate("Count sheet not generated");
    expect(port.writtenTables.length).toBe(written);
    const form = part("Generate the count sheet");
    fireEvent.click(within(form).getByRole("button", { name: "Rebuild, keeping entries" }));
    await within(form).findByText("Count sheet rebuilt");
    expect(await cellOf(port, "037833100", "Counted Quantity")).toBe(990);
    expect(await cellOf(port, "037833100", "Note")).toBe("two certificates torn");
    expect(within(form).queryByRole("button", { name: "Rebuild, keeping entries" })).toBeNull();
    expect((await auditLines(port)).at(-1)).toMatch(/rebuilt keeping the entries of 1 line /);
  });

  it("fills who counted and supervised into the lines with entries, and flags the unverified item", async () => {
    const port = new FakeWorkbook(countSheets());
    renderPane(port);
    await countWithDifferences(port);
    const lines = await check("J. Doe", "M. Chen");

    expect(await cellOf(port, "037833100", "Counted By")).toBe("J. Doe");
    expect(await cellOf(port, "594918104", "Supervised By")).toBe("M. Chen");
    // No entry, no name: the names are not signatures for lines nobody counted.
    expect((await cellOf(port, "88160R101", "Counted By")) ?? "").toBe("");
    expect(
      within(part("Record the count")).getByText(/2 lines name J\. Doe as counter/),
    ).toBeTruthy();

    const labels = labelsOf(lines);
    expect(labels).toContain("023135106 at TRANSFER: Unverified. Go to row 4 of the count sheet.");
    expect(labels).toContain(
      "037833100 at VAULT: Difference, Short 50. Go to row 2 of the count sheet.",
    );
    // Lines accounted for from the records are tallied, not listed.
    expect(labels.some((label) => label.startsWith("88160R101"))).toBe(false);
    expect(labels).toHaveLength(3);
    expect(
      within(part("Record the count")).getByText(
        "Unverified: 1 · Difference: 2 · Accounted for: 1 · Verified by reconciliation: 1",
      ),
    ).toBeTruthy();
    // The unverified item is also an issue that selects its row.
    const issues = screen.getByRole("region", { name: "Issues" });
    const warnings = within(issues).getByRole("button", { name: /^\d+ warnings?$/ });
    if (warnings.getAttribute("aria-expanded") !== "true") fireEvent.click(warnings);
    fireEvent.click(
      await within(issues).findByRole("button", { name: new RegExp(`^${SHEET} › row 4`) }),
    );
    await waitFor(() => expect(port.selection?.row).toBe(4));
    expect(port.selection?.sheetName).toBe(SHEET);
    expect((await auditLines(port)).at(-1)).toMatch(
      /Count entries of 2026-10-30 checked: 5 lines, 3 needing action; names filled where none was entered: counted by J\. Doe, supervised by M\. Chen/,
    );
  });

  it("compares a Short and a Long difference on the posting clock and posts them once", async () => {
    const port = new FakeWorkbook(countSheets());
    renderPane(port);
    await countWithDifferences(port);
    await check("J. Doe", "M. Chen");
    const compare = part("Compare and post");
    expect(
      within(compare).getByText(/The workbook settings name no custodians or record keepers/),
    ).toBeTruthy();
    fireEvent.click(within(compare).getByRole("button", { name: "Compare with records" }));
    await within(compare).findByText("Count compared");
    const clock = within(compare).getByRole("status", { name: "Count posting deadline" });
    expect(clock.textContent).toBe(
      "2 differences unresolved — post by Tue 10 Nov 2026 (4 business days left)",
    );
    const differences = within(within(compare).getByRole("list", { name: "Count differences" }))
      .getAllByRole("listitem")
      .map((item) => item.firstElementChild?.textContent);
    expect(differences).toEqual(["037833100 · VAULTShort 50", "594918104 · VAULTLong 25"]);
    expect(within(compare).getByText("No independence finding.")).toBeTruthy();

    const post = within(compare).getByRole("button", { name: "Post to Difference account" });
    expect(post.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(post);
    expect(port.writtenTables.some((t) => t.sheetName === LEDGER_SHEET)).toBe(false);
    fireEvent.change(within(compare).getByRole("textbox", { name: /^Posted by/ }), {
      target: { value: "E. Poster" },
    });
    fireEvent.click(post);
    await within(compare).findByText("Posted to the Difference account");
    expect(clock.textContent).toBe(
      "2 entries posted to the Difference account; deadline Tue 10 Nov 2026.",
    );
    const entries = await ledgerEntries(port);
    expect(
      entries.map((e) => [e.entryId, e.securityId, e.quantity.units, e.source, e.postedBy]),
    ).toEqual([
      ["DA-000001", "037833100", -50n, "quarterly_count", "E. Poster"],
      ["DA-000002", "594918104", 25n, "quarterly_count", "E. Poster"],
    ]);

    // A second post finds the differences already in the account.
    fireEvent.click(post);
    await within(compare).findByText("Nothing to post");
    expect(
      within(compare).getByRole("status", { name: "Count posting deadline" }).textContent,
    ).toBe("Nothing to post for the count of 2026-10-30; deadline Tue 10 Nov 2026.");
    expect(await ledgerEntries(port)).toHaveLength(2);

    const audit = await auditLines(port);
    expect(audit.filter((line) => line.startsWith("posting "))).toEqual([
      "posting Difference Account by E. Poster: 2 entries (DA-000001, DA-000002) posted from the security count of 2026-10-30, posted by E. Poster (task pane)",
    ]);
    // Compare, post and the second post each rewrote the Count Schedule sheet.
    expect(audit.filter((line) => line.startsWith("run Count Schedule"))).toHaveLength(3);
  });

  it("flags a count entered without anyone named as who counted it", async () => {
    const port = new FakeWorkbook(countSheets());
    renderPane(port);
    await countWithDifferences(port);
    const compare = part("Compare and post");
    fireEvent.click(within(compare).getByRole("button", { name: "Compare with records" }));
    await within(compare).findByText("Count compared");
    const findings = within(compare).getByRole("list", { name: "Independence findings" });
    expect(within(findings).getAllByRole("listitem")).toHaveLength(2);
    expect(findings.textContent).toMatch(
      /037833100 at VAULT has a count or confirmation entered, but names nobody/,
    );
  });

  it("flags a count made and supervised by the vault's custodian and the record keeper", async () => {
    const people = {
      custodians: [{ name: "V. Keeper", locations: ["VAULT"] }],
      recordKeepers: ["R. Books"],
    };
    const port = new FakeWorkbook(
      countSheets({
        "StockRec Settings": [
          ["Key", "Value"],
          ["countPeople", JSON.stringify(people)],
        ],
      }),
    );
    renderPane(port);
    await countWithDifferences(port);
    await check("v. keeper", "R. Books");
    const compare = part("Compare and post");
    expect(
      within(compare).getByText(
        "Independence is checked against 1 custodian — V. Keeper (VAULT) and 1 record keeper — R. Books.",
      ),
    ).toBeTruthy();
    fireEvent.click(within(compare).getByRole("button", { name: "Compare with records" }));
    await within(compare).findByText("Count compared");
    const findings = within(compare).getByRole("list", { name: "Independence findings" });
    expect(within(findings).getAllByRole("listitem")).toHaveLength(2);
    expect(findings.textContent).toContain(
      "037833100 at VAULT was counted by v. keeper (custodian of VAULT) and supervised by R. Books (keeper of the stock record)",
    );
  });

  it("shows the schedule: an overdue count and a missed quarter, then the next window", async () => {
    const port = new FakeWorkbook(countSheets({ "Count 2026-06-30": [[...COUNT_HEADERS]] }));
    renderPane(port);
    const schedule = await within(countRegion()).findByRole("alert", { name: "Count schedule" });
    expect(schedule.textContent).toContain("Last count2026-06-30");
    expect(schedule.textContent).toContain(
      "OVERDUE — window was Sun 30 Aug 2026 – Fri 30 Oct 2026",
    );
    expect(within(schedule).getByText("Missed quarter: 2026-Q3 had no count.")).toBeTruthy();

    await generate();
    const next = await within(countRegion()).findByRole("status", { name: "Count schedule" });
    expect(next.textContent).toContain("Last count2026-10-30");
    expect(next.textContent).toContain("Next countWed 30 Dec 2026 – Sun 28 Feb 2027");
    expect(next.textContent).not.toContain("OVERDUE");
  });

  it("says when the workbook has no count yet", async () => {
    renderPane(new FakeWorkbook(countSheets()));
    const schedule = await within(countRegion()).findByRole("status", { name: "Count schedule" });
    expect(schedule.textContent).toMatch(/No count sheet is in this workbook yet/);
  });
});
