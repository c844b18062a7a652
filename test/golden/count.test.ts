/**
 * Golden workbooks of the 17a-13 quarterly security count through the CLI (STYLE.md §9): each
 * case's input workbook (scripts/make-golden-inputs.ts) is generated, its scanner file recorded,
 * compared, posted, and posted again, as people would; what each step printed (JSON, and the
 * posting run's human summary), its exit code and the Difference Account written must equal
 * test/golden/<case>/expected.json. The second --post must post nothing: every difference lands
 * in the Difference account exactly once. Rewrite with UPDATE_GOLDEN=1 and review the diff.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";

interface CountCase {
  readonly name: string;
  readonly input: string;
  readonly counts: string;
  readonly countedBy: string;
  readonly supervisedBy: string;
}

const CLEAN = "test/golden/count-clean/input.xlsx";
const CASES: readonly CountCase[] = [
  {
    name: "count-clean",
    input: CLEAN,
    counts: "count-clean",
    countedBy: "A. Auditor",
    supervisedBy: "M. Chen",
  },
  {
    name: "count-differences",
    input: CLEAN,
    counts: "count-differences",
    countedBy: "A. Auditor",
    supervisedBy: "M. Chen",
  },
  {
    name: "count-unverified",
    input: CLEAN,
    counts: "count-unverified",
    countedBy: "A. Auditor",
    supervisedBy: "M. Chen",
  },
  // The vault's custodian counted, the stock record's keeper supervised: neither is independent.
  {
    name: "count-custodian",
    input: CLEAN,
    counts: "count-clean",
    countedBy: "V. Keeper",
    supervisedBy: "R. Books",
  },
  {
    name: "count-too-soon",
    input: "test/golden/count-too-soon/input.xlsx",
    counts: "count-clean",
    countedBy: "A. Auditor",
    supervisedBy: "M. Chen",
  },
  {
    name: "count-too-late",
    input: "test/golden/count-too-late/input.xlsx",
    counts: "count-clean",
    countedBy: "A. Auditor",
    supervisedBy: "M. Chen",
  },
];

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const scratch = mkdtempSync(join(tmpdir(), "stockrec-count-golden-"));
const DATE = ["--count-date", "2026-12-31"];
const PEOPLE = ["--custodian", "V. Keeper=VAULT-A,BOX-12", "--record-keeper", "R. Books"];

async function step(args: readonly string[]) {
  let stdout = "";
  let stderr = "";
  const exitCode = await main(args, {
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
  });
  return { exitCode, stdout: stdout.split(scratch).join("<scratch>"), stderr };
}

/** What a JSON step shows that does not depend on where the files are. */
function jsonView(run: { exitCode: number; stdout: string; stderr: string }) {
  const json = JSON.parse(run.stdout) as Record<string, unknown>;
  const issues = (json.issues as { code: string; severity: string; where: unknown }[]) ?? [];
  return {
    exitCode: run.exitCode,
    stderr: run.stderr,
    tally: json.tally,
    differences: json.differences,
    clock: json.clock,
    postings: json.postings,
    plannedPostings: json.plannedPostings,
    proposedResolutions: json.proposedResolutions,
    independence: json.independence,
    spacings: (json.schedule as { spacings: unknown } | undefined)?.spacings,
    nextWindow: (json.schedule as { nextWindow: unknown } | undefined)?.nextWindow,
    cycleIssues: json.cycleIssues,
    issues: issues.map((i) => ({ code: i.code, severity: i.severity, where: i.where })),
  };
}

async function runCase(c: CountCase): Promise<Record<string, unknown>> {
  const file = (stage: string) => join(scratch, `${c.name}.${stage}.xlsx`);
  const generate = await step([
    "count",
    "generate",
    c.input,
    ...DATE,
    ...PEOPLE,
    "--today",
    "2026-12-31",
    "--out",
    file("generated"),
    "--json",
  ]);
  const record = await step([
    "count",
    "record",
    file("generated"),
    ...DATE,
    "--counts",
    `test/golden/${c.counts}/counts.csv`,
    "--counted-by",
    c.countedBy,
    "--supervised-by",
    c.supervisedBy,
    "--today",
    "2027-01-04",
    "--out",
    file("recorded"),
    "--json",
  ]);
  const post = ["--post", "--actor", "J. Accountant"];
  const posted = await step([
    "count",
    "compare",
    file("recorded"),
    ...DATE,
    "--today",
    "2027-01-05",
    ...post,
    "--out",
    file("posted"),
  ]);
  const again = await step([
    "count",
    "compare",
    file("posted"),
    ...DATE,
    "--today",
    "2027-01-06",
    ...post,
    "--out",
    file("again"),
    "--json",
  ]);
  const workbook = await XlsxWorkbook.fromBuffer(readFileSync(file("again")));
  const names = (await workbook.listSheets()).map((s) => s.name);
  const ledger = names.includes("Difference Account")
    ? (await workbook.readSheet("Difference Account")).rows
    : [];
  const count = (await workbook.readSheet("Count 2026-12-31")).rows;
  const header = count[0]!.map(String);
  const column = (name: string) => header.indexOf(name);
  return {
    generate: {
      ...jsonView(generate),
      lines: (JSON.parse(generate.stdout) as { lines: unknown }).lines,
    },
    record: jsonView(record),
    "compare --post (printed)": { exitCode: posted.exitCode, stdout: posted.stdout.split("\n") },
    "compare --post again": jsonView(again),
    countSheet: count
      .slice(1)
      .map((row) =>
        ["Line ID", "Counted Quantity", "Counted By", "Outcome", "Difference", "Long/Short"].map(
          (h) => row[column(h)],
        ),
      ),
    differenceAccount: ledger,
    sheets: names,
  };
}

describe("golden security counts", () => {
  for (const c of CASES) {
    it(`${c.name}: generate, record, compare --post twice`, async () => {
      const actual = await runCase(c);
      const expectedPath = `test/golden/${c.name}/expected.json`;
      if (UPDATE) {
        mkdirSync(`test/golden/${c.name}`, { recursive: true });
        writeFileSync(expectedPath, JSON.stringify(actual, null, 2) + "\n");
        return;
      }
      if (!existsSync(expectedPath))
        throw new Error(
          `${expectedPath} is missing: run UPDATE_GOLDEN=1 npx vitest run test/golden/count.test.ts`,
        );
      expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, "utf8")));
      // Whatever the case, the second --post adds nothing to the Difference account.
      expect((actual["compare --post again"] as { postings: unknown[] }).postings).toEqual([]);
    });
  }
});
