/**
 * What the browser end-to-end tests share: dist/ served over plain HTTP, Debian's chromium at
 * the pane's width, office.js from the npm package (or the Excel stand-in's stub of it), every
 * other request refused, axe-core injected into the page, and screenshots of one step at a time.
 */
import ExcelJS from "exceljs";
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from "playwright-core";
import { expect } from "vitest";
import type { CellValue } from "../../src/workbook/port";

export const ROOT = resolve(__dirname, "../..");
export const DIST = join(ROOT, "dist");
export const SAMPLE = join(ROOT, "assets/samples/month-end-sample.xlsx");
export const SCREENSHOTS = join(ROOT, "docs/screenshots");
export const PANE_WIDTH = 350;
const OFFICE_JS = join(ROOT, "node_modules/@microsoft/office-js/dist");
const OFFICE_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/";
const AXE = join(ROOT, "node_modules/axe-core/axe.min.js");

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".png": "image/png",
  ".xml": "application/xml",
};

function mediaType(path: string): string {
  return MEDIA_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

function fileUnder(root: string, urlPath: string): string | null {
  const path = normalize(join(root, decodeURIComponent(urlPath)));
  return path === root || path.startsWith(root + sep) ? path : null;
}

export async function serveDist(): Promise<{ server: Server; origin: string }> {
  if (!existsSync(join(DIST, "taskpane.html"))) {
    throw new Error(
      "dist/taskpane.html is missing: run `npm run build` (npm run test:browser does).",
    );
  }
  const server = createServer((request, response) => {
    const path = fileUnder(DIST, new URL(request.url ?? "/", "http://localhost").pathname);
    if (path === null) {
      response.writeHead(403).end();
      return;
    }
    readFile(path).then(
      (body) => response.writeHead(200, { "Content-Type": mediaType(path) }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function closeServer(server: Server | undefined): Promise<void> {
  return new Promise((done) => (server ? server.close(() => done()) : done()));
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-quic",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

/**
 * office.js from the npm package, or `officeStub` in its place (the stand-in run); every other
 * request that is not to our server is refused: the pane needs nothing else.
 */
export async function routeOffline(context: BrowserContext, officeStub?: string): Promise<void> {
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith(OFFICE_CDN)) {
      if (officeStub !== undefined) {
        await route.fulfill({ body: officeStub, contentType: mediaType(".js") });
        return;
      }
      const path = fileUnder(OFFICE_JS, new URL(url).pathname.slice("/lib/1/hosted".length));
      if (path !== null && existsSync(path)) {
        await route.fulfill({ body: await readFile(path), contentType: mediaType(path) });
      } else {
        await route.fulfill({ status: 404, body: "" });
      }
      return;
    }
    const host = new URL(url).hostname;
    if (host === "127.0.0.1" || host === "localhost") await route.continue();
    else await route.abort("blockedbyclient");
  });
}

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

/** Runs axe-core over the whole page and fails naming every violation found. */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  // The pointer rests where the last click left it: check the pane at rest, not a hovered button.
  await page.mouse.move(0, 0);
  await settle(page);
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: string[]; html: string; failureSummary?: string }[];
            }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(" ")}: ${n.html.slice(0, 160)} — ${n.failureSummary ?? ""}`),
    }));
  });
  expect(violations as AxeViolation[], `axe-core violations at ${where}`).toEqual([]);
}

export async function settle(page: Page): Promise<void> {
  // Fluent animates opening sections: photograph them open, not half-way.
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== "running"),
  );
}

/** The pane's whole width, from the top of `part` to the bottom of `last`, however tall. */
export async function stepScreenshot(
  page: Page,
  name: string,
  part: Locator,
  last: Locator = part,
): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await settle(page);
  const box = await part.boundingBox();
  const end = await last.boundingBox();
  if (box === null || end === null) throw new Error(`Nothing to photograph for ${name}.`);
  const margin = 8;
  const top = Math.max(0, box.y - margin);
  await page.screenshot({
    path: join(SCREENSHOTS, name),
    fullPage: true,
    clip: {
      x: 0,
      y: top,
      width: PANE_WIDTH,
      height: Math.min(end.y + end.height + margin - top, 2400),
    },
  });
}

export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** Days from 1899-12-30, as Excel stores a date. */
function excelSerial(date: Date): number {
  return (date.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
}

function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return excelSerial(value);
  if (typeof value === "object") {
    if ("result" in value) return cellValue(value.result as ExcelJS.CellValue);
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("text" in value) return String(value.text);
    if ("error" in value) return String(value.error);
    return null;
  }
  return value;
}

/** The sample's sheets as Excel would hand their values to an add-in: dates as serial numbers. */
export async function workbookValues(path: string): Promise<Record<string, CellValue[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheets: Record<string, CellValue[][]> = {};
  workbook.eachSheet((sheet) => {
    const rows: CellValue[][] = [];
    for (let r = 1; r <= sheet.rowCount; r += 1) {
      const row = sheet.getRow(r);
      const cells: CellValue[] = [];
      for (let c = 1; c <= sheet.columnCount; c += 1) cells.push(cellValue(row.getCell(c).value));
      rows.push(cells);
    }
    sheets[sheet.name] = rows;
  });
  return sheets;
}

/**
 * The stand-in measures payloads with Node's `Buffer.byteLength`; the page has no Buffer. This
 * shim counts UTF-8 bytes the same way (the test harness works around it, since the stand-in is
 * not ours to change).
 */
const BUFFER_SHIM =
  "var Buffer = { byteLength: function (text) { return new TextEncoder().encode(String(text)).length; } };";

/** The Excel stand-in bundled for the page: an IIFE that sets window.Excel. */
export async function standInScript(): Promise<string> {
  const built = await build({
    entryPoints: [join(ROOT, "test/browser/standInPage.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "chrome110",
    write: false,
    logLevel: "silent",
    banner: { js: BUFFER_SHIM },
  });
  const file = built.outputFiles[0];
  if (file === undefined) throw new Error("esbuild produced no stand-in bundle.");
  return file.text;
}

export async function officeStub(): Promise<string> {
  return readFile(join(ROOT, "test/browser/officeStub.js"), "utf8");
}

/** The pane's background, computed: a dark theme draws it dark. */
export async function backgroundLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const provider = document.querySelector(".fui-FluentProvider") ?? document.body;
    const [r = 0, g = 0, b = 0] = (
      getComputedStyle(provider).backgroundColor.match(/\d+/g) ?? []
    ).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
}
