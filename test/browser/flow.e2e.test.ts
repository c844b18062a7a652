/**
 * The whole month-end flow in Debian's chromium at Excel's default pane width, step by step:
 * sources → mapping → reconcile → post to the Difference account → notices → quarterly count →
 * GL review → suspense → sign-off → Close Summary → verify → evidence. Each step is checked with
 * axe-core (no violations) and photographed for the README (docs/screenshots/flow-NN-*.png).
 *
 * Twice: (a) in plain-browser mode on the bundled sample .xlsx, and (b) "in Excel": the Excel
 * stand-in (test/fakes/excelStandIn.ts, bundled by esbuild) is window.Excel before the pane
 * loads, holding the sample's sheets; office.js is a stub that reports the Excel host, so the
 * pane goes through the real Office.js adapter (src/excel) and the stand-in enforces Excel's
 * limits. Both prove the reconciliation runs in the engine's Web Worker: the page sees the worker
 * start, and the worker's run is marked in the page's performance timeline.
 */
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { Browser, BrowserContext, Page, Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CellValue } from "../../src/workbook/port";
import {
  PANE_WIDTH,
  SAMPLE,
  SCREENSHOTS,
  backgroundLuminance,
  closeServer,
  expectNoAxeViolations,
  horizontalOverflow,
  launch,
  officeStub,
  routeOffline,
  serveDist,
  standInScript,
  stepScreenshot,
  workbookValues,
} from "./harness";

const TODAY = "2026-11-04";
const SAMPLE_AS_OF = "2026-10-30";
const SAMPLE_HEADLINE =
  "14 differences unresolved — post by Tue 10 Nov 2026 (4 business days left)";
const WORKER_MARK = "stockrec:engine:worker:started";

function step(page: Page, id: string) {
  return page.locator(`#stockrec-step-${id}`);
}

function glance(page: Page) {
  return page.getByRole("navigation", { name: "The month at a glance" });
}

/** The description of a glance entry: "Done: As of …". */
async function glanceEntry(page: Page, title: string): Promise<string> {
  const link = glance(page).getByRole("button", { name: new RegExp(`^\\d+\\. ${title}$`) });
  const id = await link.getAttribute("aria-describedby");
  return (await page.locator(`[id="${id}"]`).textContent()) ?? "";
}

/** The worker's start as the page's timeline recorded it (null: it did not run in a worker). */
async function workerMark(page: Page): Promise<{ scope: string } | null> {
  return page.evaluate((name) => {
    const marks = performance.getEntriesByName(name) as PerformanceMark[];
    return (marks.at(-1)?.detail as { scope: string } | undefined) ?? null;
  }, WORKER_MARK);
}

interface Walk {
  readonly page: Page;
  readonly prefix: string;
  readonly workers: Worker[];
}

async function check(walk: Walk, name: string, id: string): Promise<void> {
  expect(await horizontalOverflow(walk.page)).toBeLessThanOrEqual(PANE_WIDTH);
  await expectNoAxeViolations(walk.page, `${walk.prefix} ${name}`);
  await stepScreenshot(walk.page, `${walk.prefix}-${name}.png`, step(walk.page, id));
}

async function mapAndReconcile(walk: Walk): Promise<void> {
  const { page } = walk;
  const reconcile = page.getByRole("button", { name: "Reconcile" });
  await reconcile.waitFor({ timeout: 60_000 });
  const asOf = page.getByRole("textbox", { name: /^As of/ });
  if ((await asOf.inputValue()) === "") await asOf.fill(SAMPLE_AS_OF);
  const dtc = page.getByRole("region", { name: "Sheets" }).getByRole("group", { name: "DTC" });
  await dtc.getByRole("button", { name: /^Columns/ }).click();
  await dtc.getByRole("combobox", { name: /^Quantity column/ }).waitFor();
  await check(walk, "02-mapping", "mapping");

  await reconcile.click();
  await page
    .getByRole("status", { name: "Posting deadline" })
    .getByText(SAMPLE_HEADLINE, { exact: true })
    .waitFor({ timeout: 120_000 });
  await page.getByText(/written to the Breaks sheet/).waitFor({ timeout: 120_000 });
  // The matching ran in the engine's worker, not on the pane's thread.
  expect(walk.workers.map((w) => w.url()).some((url) => /stockrec-engine/.test(url))).toBe(true);
  // Its run is in the page's timeline too (Playwright's fixed clock, used for the Excel run,
  // replaces the performance timeline, so there the worker's start is the proof).
  if (walk.prefix === "flow") {
    expect(await workerMark(page)).toEqual(
      expect.objectContaining({ scope: "DedicatedWorkerGlobalScope" }),
    );
  }
  expect(await glanceEntry(page, "Reconciliation")).toMatch(
    /^Done: As of 2026-10-30: \d+ breaks, \d+ open\.$/,
  );
  expect(await glanceEntry(page, "Difference account")).toBe(`Due: ${SAMPLE_HEADLINE}`);
  await check(walk, "03-reconcile", "reconcile");
}

async function postAndNotices(walk: Walk): Promise<void> {
  const { page } = walk;
  // From the glance: the entry moves focus to its step.
  await glance(page)
    .getByRole("button", { name: /^\d+\. Difference account$/ })
    .click();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("stockrec-step-posting");
  const posting = page.getByRole("region", { name: "Post to Difference account" });
  await posting.getByRole("textbox", { name: /^Posted by/ }).fill("E2E Preparer");
  await posting.getByRole("button", { name: "Post to Difference account" }).click();
  await posting.getByText("Posted to the Difference account").waitFor({ timeout: 120_000 });
  expect(await glanceEntry(page, "Difference account")).toMatch(/^Done: 14 entries posted/);
  await check(walk, "04-posting", "posting");

  const notices = page.getByRole("region", { name: "Difference notices" });
  await notices.getByRole("button", { name: "Write notices" }).click();
  await notices.getByText("Notices written").waitFor({ timeout: 120_000 });
  await check(walk, "05-notices", "notices");
}

async function countStep(walk: Walk): Promise<void> {
  const count = walk.page.getByRole("region", {
    name: "Quarterly security count (SEA Rule 17a-13)",
  });
  const generate = count.getByRole("group", { name: "Generate the count sheet" });
  await generate.getByLabel(/^Count date/).fill(SAMPLE_AS_OF);
  await generate.getByRole("button", { name: "Generate count sheet" }).click();
  await generate.getByText("Count sheet written").waitFor({ timeout: 60_000 });
  await count
    .getByRole("status", { name: "Count schedule" })
    .getByText("2026-10-30", { exact: true })
    .waitFor();
  expect(await glanceEntry(walk.page, "Quarterly count")).toMatch(/Last count 2026-10-30/);
  await check(walk, "06-count", "count");
}

async function supervisionSteps(walk: Walk): Promise<void> {
  const { page } = walk;
  const gl = page.getByRole("region", { name: "GL account review (FINRA 4523)" });
  await gl.getByLabel(/^Review as of/).fill(SAMPLE_AS_OF);
  await gl.getByRole("button", { name: "Review GL accounts" }).click();
  await gl.getByText("GL Review written").waitFor({ timeout: 60_000 });
  expect(await glanceEntry(page, "GL review")).toMatch(/accounts? as of 2026-10-30/);
  await check(walk, "07-gl-review", "glReview");

  const suspense = page.getByRole("region", { name: "Suspense aging" });
  await suspense.getByLabel(/^Age as of/).fill(SAMPLE_AS_OF);
  await suspense.getByRole("button", { name: "Age suspense items" }).click();
  await suspense.getByText("Suspense Aging written").waitFor({ timeout: 60_000 });
  await check(walk, "08-suspense", "suspense");

  const signoff = page.getByRole("region", { name: "Sign-off" });
  const form = signoff.getByRole("form", { name: "Sign off" });
  const sign = async (role: "Preparer" | "Reviewer", name: string) => {
    await form.getByRole("textbox", { name: /^Period/ }).fill("2026-10");
    await form.getByRole("combobox", { name: /^Sheet signed/ }).click();
    await page.getByRole("option", { name: "GL Review" }).click();
    await form.getByRole("radio", { name: role }).check();
    await form.getByRole("textbox", { name: /^Your name/ }).fill(name);
    await form.getByRole("button", { name: "Sign off" }).click();
    await signoff.getByText("Signed off").waitFor({ timeout: 60_000 });
  };
  await sign("Preparer", "E2E Preparer");
  await sign("Reviewer", "E2E Reviewer");
  expect(await glanceEntry(page, "Sign-offs")).toBe("Done: 2 intact, 0 broken.");
  await check(walk, "09-signoff", "signoff");

  const summary = page.getByRole("region", { name: "Close Summary" });
  await summary.getByRole("button", { name: "Write Close Summary" }).click();
  await summary.getByText("Close Summary written").waitFor({ timeout: 60_000 });
  await check(walk, "10-summary", "summary");

  const verify = page.getByRole("region", { name: "Verify" });
  await verify.getByRole("button", { name: "Verify" }).click();
  const report = verify.getByRole("status", { name: "Verification" });
  await report.waitFor({ timeout: 60_000 });
  expect(await report.textContent()).toMatch(/chain intact.*2 intact, 0 broken.*Everything holds/);
  expect(await glanceEntry(page, "Verify")).toBe("Done: Audit Log and sign-offs hold.");
  await check(walk, "11-verify", "verify");
}

describe("the month-end flow in a plain browser", () => {
  let server: Server;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  let walk: Walk;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ({ server, origin } = await serveDist());
    browser = await launch();
    context = await browser.newContext({
      viewport: { width: PANE_WIDTH, height: 900 },
      acceptDownloads: true,
      colorScheme: "light",
    });
    await routeOffline(context);
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const workers: Worker[] = [];
    page.on("worker", (worker) => workers.push(worker));
    walk = { page, prefix: "flow", workers };
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
  });

  it("opens the sample, maps and reconciles it in the worker", async () => {
    const { page } = walk;
    await page.goto(`${origin}/taskpane.html?today=${TODAY}`);
    await glance(page).waitFor();
    await expectNoAxeViolations(page, "the empty pane");
    await page.getByLabel("Workbook file (.xlsx)").setInputFiles(SAMPLE);
    await page.getByText("month-end-sample.xlsx").first().waitFor();
    await page.getByRole("button", { name: "Detect sheets" }).click();
    await page.getByRole("button", { name: "Reconcile" }).waitFor({ timeout: 60_000 });
    expect(await glanceEntry(page, "Sources")).toMatch(
      /^Done: month-end-sample\.xlsx: \d+ sheets found\.$/,
    );
    await check(walk, "01-sources", "sources");
    await stepScreenshot(page, "flow-00-glance.png", glance(page));
    await mapAndReconcile(walk);
  });

  it("posts, writes the notices, generates the count sheet", async () => {
    await postAndNotices(walk);
    await countStep(walk);
  });

  it("reviews GL accounts, ages suspense, signs off, writes the Close Summary, verifies, packs the evidence", async () => {
    await supervisionSteps(walk);
    const { page } = walk;
    const evidence = page.getByRole("region", { name: "Evidence pack" });
    const downloads: string[] = [];
    page.on("download", (download) => downloads.push(download.suggestedFilename()));
    await evidence.getByRole("button", { name: "Download evidence pack" }).click();
    await evidence.getByText("Evidence pack downloaded").waitFor({ timeout: 120_000 });
    expect(downloads.length).toBe(2);
    await check(walk, "12-evidence", "evidence");
    // The state of the month after the whole flow, at the top of the pane.
    await stepScreenshot(page, "flow-13-month-done.png", glance(page));
    expect(pageErrors).toEqual([]);
  });

  it("draws the pane in Fluent's dark theme when the system is dark, without axe violations", async () => {
    const dark = await browser.newContext({
      viewport: { width: PANE_WIDTH, height: 900 },
      colorScheme: "dark",
    });
    await routeOffline(dark);
    const page = await dark.newPage();
    await page.goto(`${origin}/taskpane.html?today=${TODAY}`);
    await page.getByLabel("Workbook file (.xlsx)").setInputFiles(SAMPLE);
    await page.getByRole("button", { name: "Detect sheets" }).click();
    await page.getByRole("button", { name: "Reconcile" }).click({ timeout: 60_000 });
    await page.getByText(/written to the Breaks sheet/).waitFor({ timeout: 120_000 });
    expect(await backgroundLuminance(page)).toBeLessThan(0.25);
    await expectNoAxeViolations(page, "dark theme, after Reconcile");
    await stepScreenshot(page, "flow-dark-reconcile.png", glance(page), step(page, "reconcile"));
    await dark.close();
  });
});

describe("the month-end flow in Excel (the stand-in, through the Office.js adapter)", () => {
  let server: Server;
  let origin: string;
  let browser: Browser;
  let walk: Walk;
  let sheets: Record<string, CellValue[][]>;
  let standIn: string;
  let stub: string;
  const pageErrors: string[] = [];

  async function excelPage(
    theme: "light" | "dark",
  ): Promise<{ context: BrowserContext; page: Page; workers: Worker[] }> {
    const context = await browser.newContext({ viewport: { width: PANE_WIDTH, height: 900 } });
    await routeOffline(context, stub);
    const officeTheme =
      theme === "dark"
        ? { isDarkTheme: true, bodyBackgroundColor: "#262626", bodyForegroundColor: "#ffffff" }
        : { isDarkTheme: false, bodyBackgroundColor: "#ffffff", bodyForegroundColor: "#000000" };
    await context.addInitScript(
      ({ values, theme }) => {
        const page = window as unknown as Record<string, unknown>;
        page.__standInSheets = values;
        page.__officeTheme = theme;
      },
      { values: sheets, theme: officeTheme },
    );
    await context.addInitScript({ content: standIn });
    // In Excel the pane reads the host's clock: fix it to the test's day.
    await context.clock.setFixedTime(new Date(`${TODAY}T12:00:00`));
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const workers: Worker[] = [];
    page.on("worker", (worker) => workers.push(worker));
    await page.goto(`${origin}/taskpane.html`);
    return { context, page, workers };
  }

  beforeAll(async () => {
    [{ server, origin }, sheets, standIn, stub] = await Promise.all([
      serveDist(),
      workbookValues(SAMPLE),
      standInScript(),
      officeStub(),
    ]);
    browser = await launch();
    const { page, workers } = await excelPage("light");
    walk = { page, prefix: "excel", workers };
  });

  afterAll(async () => {
    await browser?.close();
    await closeServer(server);
  });

  it("reconciles the workbook open in Excel, in the worker, and posts through the adapter", async () => {
    const { page } = walk;
    await page.getByText("The workbook open in Excel", { exact: false }).first().waitFor();
    await page.getByRole("button", { name: "Detect sheets" }).click();
    await mapAndReconcile(walk);
    await postAndNotices(walk);
    const written = await page.evaluate(() => {
      const standIn = (
        window as unknown as {
          __standIn: {
            sheetNames(): string[];
            tables(): { name: string; sheet: string }[];
            stats: { syncCount: number; maxRequestBytes: number; maxResponseBytes: number };
          };
        }
      ).__standIn;
      return {
        sheets: standIn.sheetNames(),
        tables: standIn.tables().map((t) => t.sheet),
        stats: { ...standIn.stats, syncs: undefined },
      };
    });
    for (const sheet of [
      "Breaks",
      "Difference Account",
      "Difference Aging",
      "Notices",
      "Close Summary",
    ]) {
      expect(written.sheets, `the stand-in holds ${sheet}`).toContain(sheet);
      expect(written.tables).toContain(sheet);
    }
    expect(written.stats.maxRequestBytes).toBeLessThanOrEqual(5_000_000);
    expect(written.stats.maxResponseBytes).toBeLessThanOrEqual(5_000_000);
  });

  it("counts, reviews, signs off, writes the Close Summary and verifies in Excel", async () => {
    await countStep(walk);
    await supervisionSteps(walk);
    expect(pageErrors).toEqual([]);
  });

  it("follows a dark Office theme with Fluent's dark theme", async () => {
    const { context, page } = await excelPage("dark");
    await page.getByRole("button", { name: "Detect sheets" }).click();
    await page.getByRole("button", { name: "Reconcile" }).click({ timeout: 60_000 });
    await page.getByText(/written to the Breaks sheet/).waitFor({ timeout: 120_000 });
    expect(await backgroundLuminance(page)).toBeLessThan(0.25);
    await expectNoAxeViolations(page, "Excel dark theme");
    await stepScreenshot(page, "excel-dark-reconcile.png", glance(page), step(page, "reconcile"));
    await context.close();
  });
});
