// `npm test`: every check a change must pass, in order, stopping at the first failure:
// lint and formatting, types, unit/property/golden/host tests, the production build, and the
// browser end-to-end test in Debian chromium. Ends with one "N passed, N failed" line.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";

mkdirSync("test-results", { recursive: true });
const steps = [
  ["lint", "npx", ["eslint", "."]],
  ["format", "npx", ["prettier", "--check", "."]],
  ["types", "npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]],
  ["chromium", "node", ["scripts/ensure-chromium.mjs"]],
  [
    "unit",
    "npx",
    [
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      "--outputFile.json=test-results/unit.json",
    ],
  ],
  ["build", "npx", ["webpack", "--mode", "production"]],
  [
    "browser",
    "npx",
    [
      "vitest",
      "run",
      "--config",
      "vitest.browser.config.mts",
      "--reporter=default",
      "--reporter=json",
      "--outputFile.json=test-results/browser.json",
    ],
  ],
];

function counts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0 };
  const report = JSON.parse(readFileSync(file, "utf8"));
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0),
  };
}

let failedStep = null;
for (const [name, command, args] of steps) {
  console.log(`\n=== ${name}: ${command} ${args.join(" ")}`);
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { stdio: "inherit", env: process.env });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `=== ${name}: ${run.status === 0 ? "ok" : `FAILED (exit ${run.status})`} in ${seconds.toFixed(1)} s`,
  );
  if (run.status !== 0) {
    failedStep = name;
    break;
  }
}
const unit = counts("test-results/unit.json");
const browser = counts("test-results/browser.json");
const passed = unit.passed + browser.passed;
const failed =
  unit.failed +
  browser.failed +
  (failedStep !== null && unit.failed + browser.failed === 0 ? 1 : 0);
if (failedStep !== null) console.log(`\nThe "${failedStep}" step failed; later steps did not run.`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failedStep === null ? 0 : 1);
