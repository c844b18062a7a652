#!/usr/bin/env node
// The CLI is bundled from src/cli by scripts/build-cli.mjs (run by `npm ci` through `prepare`).
require("../lib/stockrec.cjs");
