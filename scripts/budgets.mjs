/**
 * `npm run budgets`: what the task pane costs, measured, against budgets. Prints "budget X,
 * measured Y" lines; exits 1 only when the initial bundle is over its size budget (sizes are
 * deterministic; times and memory depend on the machine and are reported, never enforced).
 *
 * 1. Initial bundle: the local JS and CSS that dist/taskpane.html loads up front (its <script>
 *    and <link rel=stylesheet> tags), gzipped, apart from the chunks loaded later on demand.
 * 2. Load to interactive in Debian chromium (playwright-core): dist/ served on 127.0.0.1,
 *    office.js from node_modules/@microsoft/office-js/dist, every other request aborted; the
 *    time from navigation start (performance.now() in the page) until the pane's first button
 *    is enabled, the median of several loads, in plain-browser mode (no Office host).
 * 3. Memory for a 1M-row run in the page: after the pane loads, the engine (scripts/
 *    budgets.engine.ts, bundled by esbuild) reconciles 1,000,000 books rows against 1,000,000
 *    statement rows over an in-memory workbook in that page, as the pane's reconcile does (no
 *    Excel host and no UI involved); the JS heap (CDP Performance.getMetrics) is read before,
 *    right after (garbage included) and after a forced garbage collection (what stays).
 * 4. For reference, the peak RSS of the same run in Node (/usr/bin/time).
 *
 * Reuses dist/ when dist/taskpane.html exists (run `npm run build` first for fresh numbers);
 * `--build` rebuilds with `npx webpack --mode production`. BUDGET_ROWS=1000000 BUDGET_LOADS=5.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";

/* global document, window, performance, MutationObserver -- the functions passed to the page run there */

const ROOT = resolve(import.meta.dirname, "..");
const DIST = join(ROOT, "dist");
const OFFICE_JS = join(ROOT, "node_modules/@microsoft/office-js/dist");
const OFFICE_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/";
const CHROMIUM = "/usr/bin/chromium";
const ROWS = Number(process.env.BUDGET_ROWS ?? 1_000_000);
const LOADS = Number(process.env.BUDGET_LOADS ?? 5);

/** The budgets. Size is enforced; the others are targets reported next to what was measured. */
const BUDGETS = {
  initialGzipBytes: 300_000,
  interactiveMs: 1_500,
  pageHeapAfterRunBytes: 1_500_000_000,
  nodePeakRssBytes: 3_000_000_000,
};

const MEDIA_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".xml": "application/xml",
};
const mediaType = (path) => MEDIA_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";

function fileUnder(root, urlPath) {
  const path = normalize(join(root, decodeURIComponent(urlPath)));
  return path === root || path.startsWith(root + sep) ? path : null;
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const MB = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const ms = (value) => `${value.toFixed(0)} ms`;

function line(name, budget, measured, ok) {
  const verdict = ok === null ? "" : ok ? "  ok" : "  OVER";
  console.log(`${name.padEnd(44)} budget ${budget.padStart(9)}, measured ${measured}${verdict}`);
}

function ensureBuild() {
  const html = join(DIST, "taskpane.html");
  if (process.argv.includes("--build") || !existsSync(html)) {
    console.log("Building: npx webpack --mode production");
    execFileSync("npx", ["webpack", "--mode", "production"], { cwd: ROOT, stdio: "inherit" });
  } else {
    const age = (Date.now() - statSync(html).mtimeMs) / 60_000;
    console.log(`Reusing dist/ (built ${age.toFixed(0)} min ago; --build to rebuild)`);
  }
}

/** Local scripts and stylesheets taskpane.html loads up front, and every other JS/CSS in dist. */
function bundleSizes() {
  const html = readFileSync(join(DIST, "taskpane.html"), "utf8");
  const referenced = [
    ...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"' >]+)/g),
    ...html.matchAll(/<link\b[^>]*\bhref=["']?([^"' >]+\.css)/g),
  ]
    .map((match) => match[1])
    .filter((src) => !/^https?:/.test(src));
  const size = (file) => {
    const bytes = readFileSync(join(DIST, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const initial = referenced.map(size);
  const lazy = readdirSync(DIST)
    .filter((file) => /\.(js|css)$/.test(file) && !referenced.includes(file))
    .map(size);
  return { initial, lazy };
}

async function serveDist() {
  const server = createServer((request, response) => {
    const path = fileUnder(DIST, new URL(request.url ?? "/", "http://localhost").pathname);
    if (path === null) return void response.writeHead(403).end();
    readFile(path).then(
      (body) => response.writeHead(200, { "Content-Type": mediaType(path) }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return server;
}

async function routeOffline(context) {
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith(OFFICE_CDN)) {
      const path = fileUnder(OFFICE_JS, new URL(url).pathname.slice("/lib/1/hosted".length));
      if (path !== null && existsSync(path))
        await route.fulfill({ body: await readFile(path), contentType: mediaType(path) });
      else await route.fulfill({ status: 404, body: "" });
      return;
    }
    const host = new URL(url).hostname;
    if (host === "127.0.0.1" || host === "localhost") await route.continue();
    else await route.abort("blockedbyclient");
  });
}

/** Records performance.now() when the pane's first button is first enabled. */
function watchInteractive() {
  const check = () => {
    const button = document.querySelector("button");
    if (!button || button.disabled || button.getAttribute("aria-disabled") === "true") return;
    window.__interactiveAt = performance.now();
    observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true });
}

async function engineBundle() {
  const built = await esbuild.build({
    entryPoints: [join(ROOT, "scripts/budgets.engine.ts")],
    bundle: true,
    write: false,
    format: "iife",
    globalName: "stockrecBudget",
    platform: "browser",
    target: "es2022",
    logLevel: "error",
  });
  return built.outputFiles[0].text;
}

async function heap(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return metrics.find((m) => m.name === "JSHeapUsedSize").value;
}

async function measureBrowser(url, engine) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 350, height: 900 } });
    await routeOffline(context);
    await context.addInitScript(watchInteractive);
    const times = [];
    let page = null;
    for (let i = 0; i < LOADS; i++) {
      await page?.close();
      page = await context.newPage();
      await page.goto(`${url}/taskpane.html`);
      await page.waitForFunction(() => window.__interactiveAt !== undefined, null, {
        timeout: 60_000,
      });
      times.push(await page.evaluate(() => window.__interactiveAt));
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await cdp.send("HeapProfiler.collectGarbage");
    const before = await heap(cdp);
    await page.addScriptTag({ content: engine });
    const run = await page.evaluate((rows) => window.stockrecBudget.reconcilePositions(rows), ROWS);
    const after = await heap(cdp);
    await cdp.send("HeapProfiler.collectGarbage");
    const retained = await heap(cdp);
    return { times, before, after, retained, run };
  } finally {
    await browser.close();
  }
}

function measureNode() {
  const report = join(tmpdir(), `stockrec-budgets-${process.pid}.txt`);
  const tsx = join(ROOT, "node_modules/.bin/tsx");
  const result = spawnSync(
    "/usr/bin/time",
    ["-f", "%M", "-o", report, tsx, "scripts/budgets.engine.ts", String(ROWS)],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`Node run failed: ${result.stderr}`);
  return {
    peakRssBytes: Number(readFileSync(report, "utf8").trim().split("\n").at(-1)) * 1024,
    run: JSON.parse(result.stdout.trim().split("\n").at(-1)),
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  ensureBuild();
  const { initial, lazy } = bundleSizes();
  const initialGzip = initial.reduce((sum, f) => sum + f.gzip, 0);
  console.log("");
  console.log("Initial bundle (loaded by taskpane.html up front; office.js is Microsoft's CDN):");
  for (const f of initial)
    console.log(`  ${f.file.padEnd(36)} ${kB(f.raw).padStart(10)} raw, ${kB(f.gzip)} gzip`);
  console.log("Other JS and CSS in dist (chunks loaded on demand, commands.html; not counted):");
  for (const f of lazy)
    console.log(`  ${f.file.padEnd(36)} ${kB(f.raw).padStart(10)} raw, ${kB(f.gzip)} gzip`);
  console.log("");

  const server = await serveDist();
  const url = `http://127.0.0.1:${server.address().port}`;
  let browser;
  try {
    browser = await measureBrowser(url, await engineBundle());
  } finally {
    server.close();
  }
  const node = measureNode();

  const sizeOk = initialGzip <= BUDGETS.initialGzipBytes;
  line("Initial JS+CSS, gzipped", kB(BUDGETS.initialGzipBytes), kB(initialGzip), sizeOk);
  const tti = median(browser.times);
  line(
    `Load to interactive, chromium (median of ${LOADS})`,
    ms(BUDGETS.interactiveMs),
    `${ms(tti)} (runs: ${browser.times.map((t) => t.toFixed(0)).join(", ")})`,
    tti <= BUDGETS.interactiveMs,
  );
  const rows = ROWS.toLocaleString("en-US");
  line(
    `JS heap after a ${rows}-row run, in the page`,
    MB(BUDGETS.pageHeapAfterRunBytes),
    `${MB(browser.after)} (before ${MB(browser.before)}, retained after GC ${MB(browser.retained)}; ` +
      `${browser.run.breaks} breaks in ${(browser.run.milliseconds / 1000).toFixed(1)} s)`,
    browser.after <= BUDGETS.pageHeapAfterRunBytes,
  );
  line(
    `Peak RSS of the ${rows}-row run in Node`,
    MB(BUDGETS.nodePeakRssBytes),
    `${MB(node.peakRssBytes)} (${node.run.breaks} breaks in ${(node.run.milliseconds / 1000).toFixed(1)} s)`,
    node.peakRssBytes <= BUDGETS.nodePeakRssBytes,
  );
  console.log("");
  console.log(
    "Only the bundle size is enforced (exit 1 when over); times and memory are reported.",
  );
  if (!sizeOk) process.exitCode = 1;
}

await main();
