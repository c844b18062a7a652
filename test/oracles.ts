/**
 * The oracle files live beside the repository, in ../shared/oracles (see its PROVENANCE.md); tests
 * read them there and never copy them in. A missing folder is a failure, never a silent skip.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));
export const oraclesDir = join(repoRoot, "..", "shared", "oracles");
export const statementsDir = join(oraclesDir, "statements");

function missing(path: string): Error {
  return new Error(
    `Oracle file missing: ${path}. The tests read ../shared/oracles beside the repository root ` +
      `(shared/oracles/PROVENANCE.md); check out the shared folder next to the repository, do not copy the files in.`,
  );
}

/** A statement sample as text (PROVENANCE.md section B). */
export function readSample(folder: string, file: string): string {
  return readFileSync(samplePath(folder, file), "utf8");
}

export function samplePath(folder: string, file: string): string {
  const path = join(statementsDir, folder, file);
  if (!existsSync(path)) throw missing(path);
  return path;
}

/** An oracle file's path (e.g. calendars/nyse-holidays.csv), or a failure naming it. */
export function oraclePath(relative: string): string {
  const path = join(oraclesDir, relative);
  if (!existsSync(path)) throw missing(path);
  return path;
}
