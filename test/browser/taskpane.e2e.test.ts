/**
 * The built task pane (dist/) in a real browser, in plain-browser mode: open the sample
 * month-end workbook, detect its sheets, look at a statement's column mapping, reconcile, check
 * the posting clock and the securities and cash breaks against the CLI's golden figures, go to an
 * issue's cell, download the updated workbook and check its Breaks, Money Breaks and settings
 * sheets with ExcelJS, post the count's differences to the Difference account and check the
 * downloaded ledger and aging, then import a CSV statement through the file picker and find it in
 * the sheet form.
 *
 * The pane's date is fixed with its plain-browser test and demo hook (`?today=`), so the clock of
 * the sample's count reads the same on any day.
 *
 * Debian's chromium is driven by playwright-core. office.js is served from the npm package in
 * place of Microsoft's CDN, and every other request that is not to our local server is aborted:
 * the test runs offline and proves the pane needs nothing else.
 */
import ExcelJS from "exceljs";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeServer,
  horizontalOverflow,
  launch,
  PANE_WIDTH,
  ROOT,
  routeOffline,
  SAMPLE,
  SCREENSHOTS,
  serveDist,
} from "./harness";

const EXPECTED = join(ROOT, "test/golden/sample/expected.json");
const RESULTS = join(ROOT, "test-results");
/** The as-of date of the sample (assets/samples/PLANTED.md), typed in if detection finds none. */
const SAMPLE_AS_OF = "2026-10-30";
/** The pane lists at most this many breaks (src/taskpane/components/Results/resultsModel.ts). */
const BREAKS_SHOWN = 200;
/** The day the test runs the close on: three business days after the sample's count. */
const TODAY = "2026-11-04";
/** `stockrec close` of the sample on that day (the demo, `npm run demo`) says the same. */
const SAMPLE_HEADLINE =
  "14 differences unresolved — post by Tue 10 Nov 2026 (4 business days left)";
const SAMPLE_DIFFERENCES = 14;

interface ExpectedBreak {
  readonly securityId: string;
  readonly contra: string;
  readonly differenceQuantity: string;
  readonly direction: string;
}

interface ExpectedMoneyBreak {
  readonly account: string;
  readonly contra: string;
  readonly currency: string;
  readonly differenceAmount: string;
  readonly direction: string;
}

interface ExpectedIssue {
  readonly code: string;
  readonly severity: "error" | "warning" | "info";
  readonly sheet: string;
  readonly row: number | null;
  readonly column: string | null;
}

interface Expected {
  readonly breakCount: number;
  readonly breaks: readonly ExpectedBreak[];
  readonly moneyBreaks: readonly ExpectedMoneyBreak[];
  readonly issues: readonly ExpectedIssue[];
}

/**
 * The CLI's figures for the sample, from the golden test's expected.json when it exists. That file
 * holds `breakCount` and the CLI's --json output, whose `breaks` sit under `json`.
 */
function readExpected(): Expected {
  if (!existsSync(EXPECTED)) {
    throw new Error(`${EXPECTED} is missing: the golden test writes it (see test/golden).`);
  }
  const data = JSON.parse(readFileSync(EXPECTED, "utf8")) as {
    breakCount?: unknown;
    breaks?: unknown;
    json?: { breaks?: unknown; moneyBreaks?: unknown; issues?: unknown };
  };
  const breaks = data.breaks ?? data.json?.breaks;
  const moneyBreaks = data.json?.moneyBreaks;
  const issues = data.json?.issues;
  if (typeof data.breakCount !== "number" || !Array.isArray(breaks)) {
    throw new Error(`${EXPECTED} has no breakCount and breaks[]: the test needs both.`);
  }
  if (!Array.isArray(moneyBreaks) || !Array.isArray(issues)) {
    throw new Error(
      `${EXPECTED} has no json.moneyBreaks[] and json.issues[]: the test needs both.`,
    );
  }
  return {
    breakCount: data.breakCount,
    breaks: breaks as ExpectedBreak[],
    moneyBreaks: moneyBreaks as ExpectedMoneyBreak[],
    issues: issues as ExpectedIssue[],
  };
}

/** "-124.5" → "124.50": grouped, the sign dropped (Long/Short says it), cents always shown. */
function moneyText(amount: string): string {
  const [whole = "0", fraction = ""] = amount.replace(/^-/, "").split(".");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction.padEnd(2, "0")}`;
}

/** How the pane writes where an issue is: `DTC › A187`, `DTC › row 22`, `DTC`. */
function issueWhere(issue: ExpectedIssue): string {
  if (issue.row !== null && issue.column !== null) {
    return `${issue.sheet} › ${issue.column}${issue.row}`;
  }
  return issue.row === null ? issue.sheet : `${issue.sheet} › row ${issue.row}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The whole pane's width, from the top of `part` to the bottom of `last` (by default `part`
 * itself), however tall, for the README.
 */
async function paneScreenshot(
  page: Page,
  part: Locator,
  path: string,
  last: Locator = part,
): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  // Fluent animates opening sections: photograph them open, not half-way.
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== "running"),
  );
  const box = await part.boundingBox();
  const end = await last.boundingBox();
  if (box === null || end === null) {
    throw new Error(`Nothing to photograph for ${path}: the part is not shown.`);
  }
  const margin = 12;
  const top = Math.max(0, box.y - margin);
  await page.screenshot({
    path,
    fullPage: true,
    clip: { x: 0, y: top, width: PANE_WIDTH, height: end.y + end.height + margin - top },
  });
}

/** "1,234.5" or "-1,234.5" → 1234.5 (absolute value), for comparing sizes only. */
function magnitude(text: string): number {
  return Math.abs(Number(text.replace(/,/g, "")));
}

describe("task pane in a plain browser", () => {
  let server: Server;
  let origin = "";
  let browser: Browser;
  let page: Page;
  let scratch: string;
  const pageErrors: string[] = [];
  const expected = readExpected();

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    scratch = mkdtempSync(join(tmpdir(), "stockrec-e2e-"));
    ({ server, origin } = await serveDist());
    browser = await launch();
    const context = await browser.newContext({
      viewport: { width: PANE_WIDTH, height: 900 },
      acceptDownloads: true,
    });
    await routeOffline(context);
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    await browser?.close();
    await closeServer(server);
  });

  it("reconciles the sample workbook: securities and cash breaks as the CLI finds them", async () => {
    await page.goto(`${origin}/taskpane.html?today=${TODAY}`);
    await page.getByText(`Date fixed to ${TODAY} by the page address`).waitFor();

    // Plain-browser mode: office.js loaded and reported no host, so the pane offers a file.
    await page.getByRole("button", { name: "Open workbook (.xlsx)" }).waitFor();
    await page.getByLabel("Workbook file (.xlsx)").setInputFiles(SAMPLE);
    await page
      .getByRole("region", { name: "Workbook" })
      .getByText("month-end-sample.xlsx")
      .waitFor();

    await page.getByRole("button", { name: "Detect sheets" }).click();
    const reconcile = page.getByRole("button", { name: "Reconcile" });
    await reconcile.waitFor({ timeout: 60_000 });

    // The proposed roles: exactly one stock record, at least one statement.
    const form = page.getByRole("region", { name: "Sheets" });
    const roles = await form.getByRole("group").evaluateAll((groups) =>
      groups.map((group) => {
        const label = document.getElementById(group.getAttribute("aria-labelledby") ?? "");
        const role = group.querySelector("[role=combobox]");
        return [label?.textContent ?? "", role?.textContent ?? ""] as const;
      }),
    );
    expect(roles.filter(([, role]) => role === "Stock record")).toEqual([
      ["Stock Record", "Stock record"],
    ]);
    expect(roles.filter(([, role]) => role === "Statement").length).toBeGreaterThan(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(PANE_WIDTH);

    // The DTC statement's columns, as detected below its title rows; nothing saved yet.
    const dtc = form.getByRole("group", { name: "DTC" });
    const columns = dtc.getByRole("button", { name: /^Columns/ });
    expect(await columns.textContent()).toBe("Columns");
    await columns.click();
    expect(await dtc.getByRole("combobox", { name: /^Security ID column/ }).textContent()).toBe(
      "A · Security ID",
    );
    expect(await dtc.getByRole("combobox", { name: /^Quantity column/ }).textContent()).toBe(
      "D · Quantity",
    );
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(PANE_WIDTH);
    await paneScreenshot(page, dtc, join(SCREENSHOTS, "taskpane-mapping.png"));
    // The options are the sheet's headers, by column.
    await dtc.getByRole("combobox", { name: /^Quantity column/ }).click();
    await page.getByRole("option", { name: "C · Position Type" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("option", { name: "C · Position Type" }).waitFor({ state: "hidden" });

    const asOf = page.getByRole("textbox", { name: /^As of/ });
    if ((await asOf.inputValue()) === "") await asOf.fill(SAMPLE_AS_OF);
    expect(await asOf.inputValue()).toBe(SAMPLE_AS_OF);

    await reconcile.click();
    const download = page.getByRole("button", { name: "Download updated workbook" });
    await download.waitFor({ timeout: 120_000 });

    // The pane leads with the posting clock of the count, as `stockrec close` words it.
    const clock = page.getByRole("status", { name: "Posting deadline" });
    await clock.getByText(SAMPLE_HEADLINE, { exact: true }).waitFor();

    // The summary's break count is the CLI's.
    const summary = await page.getByText(/^[\d,]+ breaks? across [\d,]+ contras? — /).textContent();
    const shownCount = Number(
      /^([\d,]+) breaks? across/.exec(summary ?? "")?.[1]?.replace(/,/g, ""),
    );
    expect(shownCount).toBe(expected.breakCount);

    const items = page.getByRole("list", { name: "Breaks", exact: true }).getByRole("listitem");
    expect(await items.count()).toBe(Math.min(shownCount, BREAKS_SHOWN));
    // Each break is a button named "<id> at <contra>: <Long|Short> <quantity>. Go to row …".
    const shown = await items.evaluateAll((elements) =>
      elements.map((element) => {
        const button = element.querySelector("button");
        const label =
          button?.getAttribute("aria-label") ??
          button?.querySelector("[data-spoken-name]")?.textContent ??
          "";
        const [, securityId = "", contra = "", direction = "", quantity = ""] =
          /^(.+) at (.+): (\S+) (\S+)\./.exec(label) ?? [];
        return { securityId, contra, direction, quantity, text: button?.textContent ?? "" };
      }),
    );
    expect(shown.some((item) => item.direction === "Long")).toBe(true);
    expect(shown.some((item) => item.direction === "Short")).toBe(true);
    for (const item of shown) {
      expect(item.direction).toMatch(/^(Long|Short)$/);
      expect(item.text).toContain(item.direction);
      expect(item.quantity).toMatch(/^\d[\d,]*(\.\d+)?$/);
    }
    const sizes = shown.map((item) => magnitude(item.quantity));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const key = (item: { securityId: string; contra: string }) =>
      `${item.securityId} @ ${item.contra}`;
    const golden = new Map(expected.breaks.map((item) => [key(item), item]));
    for (const item of shown) {
      const cli = golden.get(key(item));
      expect(cli, `break ${key(item)} is in the CLI's result`).toBeDefined();
      expect(item.direction.toLowerCase()).toBe(cli?.direction.toLowerCase());
      expect(magnitude(item.quantity)).toBe(magnitude(cli?.differenceQuantity ?? ""));
    }

    // Cash balances: the CLI's money breaks, each with its amount in cents and Long or Short.
    const results = page.getByRole("region", { name: "Results" });
    await results.getByRole("heading", { name: "Cash balances" }).waitFor();
    const cashCount = expected.moneyBreaks.length;
    await results
      .getByText(new RegExp(`^${cashCount} cash breaks? · [\\d,]+ balances? matched`))
      .waitFor();
    const cash = await results
      .getByRole("list", { name: "Cash breaks" })
      .getByRole("button")
      .evaluateAll((buttons) =>
        buttons.map(
          (button) =>
            button.getAttribute("aria-label") ??
            button.querySelector("[data-spoken-name]")?.textContent ??
            "",
        ),
      );
    expect(cash.map((label) => label.replace(/ Go to row \d+ .*$/, "")).sort()).toEqual(
      expected.moneyBreaks
        .map((item) => {
          const word = item.direction === "short" ? "Short" : "Long";
          const amount = moneyText(item.differenceAmount);
          return `Account ${item.account} at ${item.contra}: ${word} ${amount} ${item.currency}.`;
        })
        .sort(),
    );
    expect(await results.getByRole("list", { name: "Cash breaks" }).textContent()).not.toMatch(
      /-\d/,
    );

    // The mappings were saved before the run: the form now says so.
    expect(await columns.textContent()).toBe("ColumnsSaved mapping");
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(PANE_WIDTH);
    await page.screenshot({ path: join(RESULTS, "taskpane.png"), fullPage: true });
    // The clock leads, above the results.
    await paneScreenshot(page, clock, join(SCREENSHOTS, "taskpane-results.png"), results);

    // A break opens its status changes, which fit the pane too.
    const first = items.first();
    await first.getByRole("button").first().click();
    const actions = first.getByRole("group", { name: /^Status of / });
    expect(await actions.getByRole("button").allTextContents()).toEqual([
      "Mark reported",
      "Resolve",
    ]);
    await actions.getByRole("button", { name: "Resolve" }).click();
    const resolve = first.getByRole("form", { name: /^Resolve: / });
    await resolve.getByRole("combobox", { name: /^Reason/ }).waitFor();
    expect(await resolve.getByLabel(/^Resolved on/).inputValue()).toBe(TODAY);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(PANE_WIDTH);
    await resolve.getByRole("button", { name: "Cancel" }).click();
    await first.getByRole("button").first().click();
    await actions.waitFor({ state: "detached" });
  });

  /** An issue the CLI reports with a row: the pane lists it as a button that selects its cell. */
  const rowIssue = expected.issues.find((issue) => issue.row !== null);

  it("goes to an issue's cell, and downloads the workbook with both breaks sheets", async () => {
    expect(rowIssue, "the sample's run reports an issue with a row").toBeDefined();
    if (rowIssue === undefined) return;
    const panel = page.getByRole("region", { name: "Issues" });
    await panel.scrollIntoViewIfNeeded();
    const count = expected.issues.filter((issue) => issue.severity === rowIssue.severity).length;
    const words = { error: "error", warning: "warning", info: "note" }[rowIssue.severity];
    const group = panel.getByRole("button", {
      name: `${count.toLocaleString("en-US")} ${words}${count === 1 ? "" : "s"}`,
    });
    if ((await group.getAttribute("aria-expanded")) !== "true") await group.click();
    const where = issueWhere(rowIssue);
    await panel.getByRole("button", { name: new RegExp(`^${escapeRegExp(where)}`) }).click();
    expect(await panel.getByText("Could not go to the cell").count()).toBe(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(PANE_WIDTH);

    const download = page.getByRole("button", { name: "Download updated workbook" });
    const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
    expect(file.suggestedFilename()).toBe("month-end-sample.reconciled.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await file.path());

    const breaks = workbook.getWorksheet("Breaks");
    expect(breaks, "the downloaded workbook has a Breaks sheet").toBeDefined();
    expect(breaks?.getTables().length).toBe(1);
    expect(breaks?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const header = (breaks?.getRow(1).values as unknown[]).map((value) => String(value ?? ""));
    const idColumn = header.indexOf("Security ID");
    expect(idColumn).toBeGreaterThan(0);
    let dataRows = 0;
    breaks?.eachRow((row, rowNumber) => {
      if (rowNumber === 1) return;
      dataRows += 1;
      const id = row.getCell(idColumn);
      expect(typeof id.value, `Breaks › row ${rowNumber} security id is text`).toBe("string");
      expect(id.numFmt).toBe("@");
    });
    expect(dataRows).toBe(expected.breakCount);

    const money = workbook.getWorksheet("Money Breaks");
    expect(money, "the downloaded workbook has a Money Breaks sheet").toBeDefined();
    expect(money?.getTables().length).toBe(1);
    expect((money?.rowCount ?? 0) - 1).toBe(expected.moneyBreaks.length);

    // The confirmed mappings travel with the file, on a sheet people cannot unhide.
    expect(workbook.getWorksheet("StockRec Settings")?.state).toBe("veryHidden");

    // The issue's cell is the selected one of its sheet.
    const sheet = workbook.getWorksheet(rowIssue.sheet);
    expect(sheet?.views[0]?.activeCell).toBe(`${rowIssue.column ?? "A"}${rowIssue.row}`);
  });

  it("posts the count's differences to the Difference account and ages them", async () => {
    const posting = page.getByRole("region", { name: "Post to Difference account" });
    await posting.scrollIntoViewIfNeeded();
    const preview = posting.getByRole("table", { name: "Entries to post" });
    // The preview is exactly the entries the CLI would post: DA-000001 … DA-000014, on time.
    const previewed = await preview
      .getByRole("row")
      .evaluateAll((rows) =>
        rows.slice(1).map((row) => [...row.querySelectorAll("td")].map((c) => c.textContent)),
      );
    expect(previewed).toHaveLength(SAMPLE_DIFFERENCES);
    expect(previewed.map((cells) => cells[0]?.slice(0, 9))).toEqual(
      Array.from({ length: SAMPLE_DIFFERENCES }, (_, i) => `DA-${String(i + 1).padStart(6, "0")}`),
    );
    for (const cells of previewed) expect(cells[2]).toBe("InitialOn time");

    const post = posting.getByRole("button", { name: "Post to Difference account" });
    expect(await post.getAttribute("aria-disabled")).toBe("true");
    await posting.getByRole("textbox", { name: /^Posted by/ }).fill("E2E Preparer");
    await post.click();
    await posting.getByText("Posted to the Difference account").waitFor({ timeout: 120_000 });
    const clock = page.getByRole("status", { name: "Posting deadline" });
    await clock
      .getByText(
        `${SAMPLE_DIFFERENCES} entries posted to the Difference account; deadline Tue 10 Nov 2026.`,
      )
      .waitFor();
    // A second Post has nothing to post.
    expect(await post.getAttribute("aria-disabled")).toBe("true");

    const aging = page.getByRole("region", { name: "Difference account open balances by age" });
    const layers = aging.getByRole("list", { name: "Open balances by age" }).getByRole("listitem");
    expect(await layers.count()).toBe(SAMPLE_DIFFERENCES);
    expect(await layers.first().textContent()).toContain("Since 2026-10-30 · 3 business days");
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(PANE_WIDTH);
    await paneScreenshot(page, posting, join(SCREENSHOTS, "taskpane-close.png"), aging);

    const download = page.getByRole("button", { name: "Download updated workbook" });
    const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await file.path());

    const ledger = workbook.getWorksheet("Difference Account");
    expect(ledger, "the downloaded workbook has a Difference Account sheet").toBeDefined();
    const header = (ledger?.getRow(1).values as unknown[]).map((value) => String(value ?? ""));
    const entries: { id: string; by: string }[] = [];
    ledger?.eachRow((row, rowNumber) => {
      if (rowNumber === 1) return;
      entries.push({
        id: String(row.getCell(header.indexOf("Entry ID")).value),
        by: String(row.getCell(header.indexOf("Posted By")).value),
      });
    });
    expect(entries.map((entry) => entry.id)).toEqual(
      previewed.map((cells) => cells[0]?.slice(0, 9)),
    );
    expect(new Set(entries.map((entry) => entry.by))).toEqual(new Set(["E2E Preparer"]));

    const agingSheet = workbook.getWorksheet("Difference Aging");
    expect(agingSheet, "the downloaded workbook has a Difference Aging sheet").toBeDefined();
    expect((agingSheet?.rowCount ?? 0) - 1).toBe(SAMPLE_DIFFERENCES);
  });

  it("imports a CSV statement through the file picker and shows its sheet in the form", async () => {
    const csv = join(scratch, "nscc.csv");
    writeFileSync(
      csv,
      ["CUSIP,Quantity,As Of", "037833100,1000,2026-10-30", "594918104,450,2026-10-30", ""].join(
        "\r\n",
      ),
    );
    const section = page.getByRole("region", { name: "Import a statement" });
    await section.getByRole("textbox", { name: /^Contra/ }).fill("NSCC");
    await page.getByLabel("Statement file").setInputFiles(csv);
    const title = section.getByText(/^Imported “.+”$/);
    await title.waitFor({ timeout: 60_000 });
    const sheetName = /^Imported “(.+)”$/.exec((await title.textContent()) ?? "")?.[1] ?? "";
    expect(sheetName).toMatch(/^CSV nscc/);
    await section.getByText(/CSV file, 2 rows of positions, from nscc\.csv/).waitFor();

    const form = page.getByRole("region", { name: "Sheets" });
    const group = form.getByRole("group", { name: sheetName });
    await group.waitFor({ timeout: 60_000 });
    expect(await group.getByRole("combobox", { name: "Role" }).textContent()).toBe("Statement");
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(PANE_WIDTH);

    expect(pageErrors).toEqual([]);
  });

  it("walks the FINRA 4523 steps: GL review, suspense, sign-off, verify", async () => {
    const gl = page.getByRole("region", { name: "GL account review (FINRA 4523)" });
    await gl.scrollIntoViewIfNeeded();
    await gl.getByLabel(/^Review as of/).fill("2026-10-30");
    await gl.getByRole("button", { name: "Review GL accounts" }).click();
    await gl.getByText("GL Review written").waitFor({ timeout: 60_000 });
    expect(await gl.getByRole("list", { name: "Reviews by owner" }).count()).toBe(1);

    const suspense = page.getByRole("region", { name: "Suspense aging" });
    await suspense.getByLabel(/^Age as of/).fill("2026-10-30");
    await suspense.getByRole("button", { name: "Age suspense items" }).click();
    await suspense.getByText("Suspense Aging written").waitFor({ timeout: 60_000 });
    await suspense.getByText(/15c3-3a item 8/).waitFor();

    const signoff = page.getByRole("region", { name: "Sign-off" });
    const form = signoff.getByRole("form", { name: "Sign off" });
    const sign = async (role: "Preparer" | "Reviewer", name: string) => {
      await form.getByRole("textbox", { name: /^Period/ }).fill("2026-10");
      await form.getByRole("combobox", { name: /^Sheet signed/ }).click();
      await page.getByRole("option", { name: "GL Review" }).click();
      await form.getByRole("radio", { name: role }).check();
      await form.getByRole("textbox", { name: /^Your name/ }).fill(name);
      await form.getByRole("button", { name: "Sign off" }).click();
    };
    await sign("Preparer", "E2E Preparer");
    await signoff.getByText("Signed off").waitFor({ timeout: 60_000 });
    await sign("Reviewer", "e2e  preparer");
    await signoff.getByText("Not signed").waitFor({ timeout: 60_000 });
    await sign("Reviewer", "E2E Reviewer");
    await signoff.getByText("Signed off").waitFor({ timeout: 60_000 });
    const list = signoff.getByRole("list", { name: "Sign-offs" });
    expect(await list.getByText("Intact", { exact: true }).count()).toBe(2);

    const verify = page.getByRole("region", { name: "Verify" });
    await verify.getByRole("button", { name: "Verify" }).click();
    const report = verify.getByRole("status", { name: "Verification" });
    await report.waitFor({ timeout: 60_000 });
    expect(await report.textContent()).toMatch(
      /chain intact.*2 intact, 0 broken.*Everything holds/,
    );
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(PANE_WIDTH);
    await paneScreenshot(page, signoff, join(SCREENSHOTS, "taskpane-signoff.png"), verify);
    expect(pageErrors).toEqual([]);
  });

  it("walks the quarterly count: generates the count sheet, sees the schedule, refuses to post an incomplete count", async () => {
    const count = page.getByRole("region", { name: "Quarterly security count (SEA Rule 17a-13)" });
    await count.scrollIntoViewIfNeeded();
    const schedule = count.getByRole("status", { name: "Count schedule" });
    await schedule.getByText(/No count sheet is in this workbook yet/).waitFor();

    const generate = count.getByRole("group", { name: "Generate the count sheet" });
    await generate.getByLabel(/^Count date/).fill(SAMPLE_AS_OF);
    await generate.getByRole("button", { name: "Generate count sheet" }).click();
    await generate.getByText("Count sheet written").waitFor({ timeout: 60_000 });
    // The sample's one vault position is to count; every depository position is verified by
    // the monthly reconciliation's statements.
    const lines = generate.getByRole("list", { name: "Lines on the count sheet" });
    const tally = await lines
      .getByRole("listitem")
      .evaluateAll((items) => items.map((item) => item.firstElementChild?.textContent ?? ""));
    expect(tally.slice(0, 3)).toEqual(["To count1", "To verify0", "Accounted for0"]);
    expect(Number(/\d+$/.exec(tally[3] ?? "")?.[0])).toBeGreaterThan(100);

    // The schedule now runs from this count: the next one falls two to four months later.
    await schedule.getByText("2026-10-30", { exact: true }).waitFor();
    await schedule.getByText("Wed 30 Dec 2026 – Sun 28 Feb 2027").waitFor();

    // Nobody can type into the sheet here: the vault line stays not counted.
    const record = count.getByRole("group", { name: "Record the count" });
    await record.getByRole("textbox", { name: /^Counted by/ }).fill("E2E Counter");
    await record.getByRole("button", { name: "Check entries" }).click();
    await record.getByText("Entries checked").waitFor({ timeout: 60_000 });
    await record
      .getByRole("button", { name: /^724302AE4 at VAULT: Not counted\. Go to row \d+ / })
      .waitFor();

    const compare = count.getByRole("group", { name: "Compare and post" });
    await compare.getByRole("button", { name: "Compare with records" }).click();
    await compare.getByText("Count compared").waitFor({ timeout: 60_000 });
    await compare
      .getByRole("status", { name: "Count posting deadline" })
      .getByText(
        "Count not complete: 1 line not counted or entries unreadable, so its differences are not known yet — post by Tue 10 Nov 2026 (4 business days left).",
      )
      .waitFor();
    await compare.getByRole("textbox", { name: /^Posted by/ }).fill("E2E Preparer");
    await compare.getByRole("button", { name: "Post to Difference account" }).click();
    await compare.getByText("Nothing was posted").waitFor({ timeout: 60_000 });
    await compare.getByText(/has lines not counted/).waitFor();

    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(PANE_WIDTH);
    await paneScreenshot(page, count, join(SCREENSHOTS, "taskpane-count.png"));
    expect(pageErrors).toEqual([]);
  });
});
