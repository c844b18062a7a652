import { defineConfig } from "vitest/config";

// The browser end-to-end test: the built pane (dist/) in Debian's chromium. `npm run
// test:browser` builds first. One file, one worker, one browser: nothing to run in parallel.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
