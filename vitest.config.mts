import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,tsx}", "src/**/*.test.{ts,tsx}"],
    exclude: ["test/browser/**", "node_modules/**"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
