/**
 * `stockrec evidence <workbook.xlsx> --period YYYY-MM --out DIR`: a read-only snapshot of the
 * workbook for the firm's six-year archive (FINRA 4523, SEA 17a-4), with a manifest of hashes:
 * the file's SHA-256, each sheet's canonical data hash, the audit log's head and the period's
 * sign-offs with their status. Anyone can later recompute the hashes to show nothing changed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { parsePeriod } from "../domain/signoff";
import { XlsxWorkbook } from "../xlsx/xlsxWorkbook";
import { parse, UsageError } from "./args";
import type { CommandIo } from "./io";
import { issueJson } from "./reconcileCommand";
import { systemNow } from "./signoffCommand";
import { buildEvidencePack, manifestText } from "../workbook/evidencePack";

export const EVIDENCE_HELP = `Usage: stockrec evidence <workbook.xlsx> --period YYYY-MM --out DIR [--json]

Writes the evidence pack of a period into DIR, for the firm's six-year archive:
  <workbook>-<period>-evidence.xlsx   a copy of the workbook with every sheet protected
  <workbook>-<period>-manifest.json   SHA-256 of the input and of the snapshot, the canonical
                                      hash of every sheet's data, the Audit Log's head hash,
                                      and the period's sign-offs with their status
Store both files on WORM storage (SEA 17a-4(f)); sheet protection alone is a deterrent.

Exit status: 0 written and everything verifies; 1 written, but the audit log or a sign-off is
broken (the manifest records it); 2 nothing written (bad usage, unreadable workbook).
`;

const OPTIONS = {
  period: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export async function evidenceCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help === true) {
    io.out(EVIDENCE_HELP);
    return 0;
  }
  const input = positionals[0];
  if (positionals.length !== 1 || input === undefined) throw new UsageError("Name one workbook.");
  if (!existsSync(input)) throw new UsageError(`There is no file "${input}".`);
  const period = parsePeriod(String(values.period ?? ""));
  if (period === null) throw new UsageError("Give the period with --period YYYY-MM.");
  const dir = values.out as string | undefined;
  if (dir === undefined)
    throw new UsageError("Name the folder for the evidence pack with --out DIR.");
  const bytes = readFileSync(input);
  const workbook = await XlsxWorkbook.fromBuffer(bytes);
  const pack = await buildEvidencePack(workbook, bytes, {
    period,
    stem: basename(input, extname(input)),
    inputFile: basename(input),
    now: systemNow(),
    issueJson,
  });
  const { manifest, verification } = pack;
  const sheets = manifest.sheets;
  mkdirSync(dir, { recursive: true });
  const snapshotPath = join(dir, pack.snapshotName);
  writeFileSync(snapshotPath, pack.snapshot);
  const manifestPath = join(dir, pack.manifestName);
  writeFileSync(manifestPath, manifestText(manifest));
  if (values.json === true)
    io.out(JSON.stringify({ ...manifest, snapshotPath, manifestPath }, null, 2) + "\n");
  else {
    io.out(
      [
        `Evidence pack of ${period}:`,
        `  ${snapshotPath}  sha256 ${manifest.snapshot.sha256}`,
        `  ${manifestPath}`,
        `  ${sheets.length} sheets hashed; audit log ${manifest.auditLog.intact ? `intact (${manifest.auditLog.rows} rows, head ${manifest.auditLog.head})` : "BROKEN"}; ${manifest.signoffs.length} sign-offs of the period`,
        ...verification.issues
          .slice(0, 10)
          .map(
            (i) =>
              `  ${i.severity} ${i.where.sheet}${i.where.row ? ` › row ${i.where.row}` : ""}: ${i.message}`,
          ),
        "",
      ].join("\n"),
    );
  }
  return verification.issues.some((i) => i.severity === "error") ? 1 : 0;
}
