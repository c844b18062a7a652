// ESLint flat config. The per-folder `no-restricted-imports` rules keep the layers of DESIGN.md
// pointing inward; test/architecture.test.ts checks the same so a rule that is checked stays true.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

const hostModules = ["react", "react-dom", "exceljs", "fs", "node:fs", "path", "node:path"];

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "lib/", "out/", "coverage/", "test-results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-template-curly-in-string": "error",
      eqeqeq: ["error", "always"],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: hostModules,
          patterns: [
            "@fluentui/*",
            "../workbook/*",
            "../excel/*",
            "../xlsx/*",
            "../cli/*",
            "../taskpane/*",
          ],
        },
      ],
      "no-restricted-globals": ["error", "Office", "Excel", "window", "document"],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "The clock is a parameter (STYLE.md §8)." },
        { object: "Math", property: "random", message: "Randomness is a parameter." },
      ],
    },
  },
  {
    files: ["src/workbook/**/*.ts", "src/xlsx/**/*.ts", "src/cli/**/*.ts"],
    rules: { "no-restricted-globals": ["error", "Office", "Excel"] },
  },
  {
    files: ["src/taskpane/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "no-restricted-globals": ["error", "Excel"],
    },
  },
  {
    files: ["scripts/**/*.{js,mjs}", "bin/**/*.js", "*.config.{js,mjs}", "webpack.config.js"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
        require: "readonly",
        module: "writable",
        URL: "readonly",
        Buffer: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
