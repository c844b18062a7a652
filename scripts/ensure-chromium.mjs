// Makes sure Debian's chromium is installed for the browser end-to-end test (playwright-core
// drives it; no browser is downloaded by npm). Exit 0 when it is there, 1 when it cannot be.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";

if (existsSync(CHROMIUM)) {
  console.log(`chromium: found ${CHROMIUM}`);
  process.exit(0);
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot) {
  console.error(
    `chromium: ${CHROMIUM} is missing. Install it with \`sudo apt-get install -y chromium\` ` +
      "(Debian/Ubuntu), then run the browser tests again.",
  );
  process.exit(1);
}

for (const args of [["update"], ["install", "-y", "chromium"]]) {
  console.log(`chromium: running apt-get ${args.join(" ")}`);
  const run = spawnSync("apt-get", args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (run.status !== 0) {
    console.error(`chromium: apt-get ${args.join(" ")} failed (exit ${run.status ?? run.signal}).`);
    process.exit(1);
  }
}

if (!existsSync(CHROMIUM)) {
  console.error(`chromium: installed, but ${CHROMIUM} is still missing.`);
  process.exit(1);
}
console.log(`chromium: installed ${CHROMIUM}`);
