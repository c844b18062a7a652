/** The --mapping file: column mappings per sheet and the money tolerance, as JSON. */
import { existsSync, readFileSync } from "node:fs";
import { isProfile, type SourceProfile } from "../domain/settings";
import { UsageError } from "./args";

export interface MappingFile {
  readonly profiles: Readonly<Record<string, SourceProfile>>;
  readonly moneyTolerance: string | null;
}

export function readMappingFile(path: string): MappingFile {
  if (!existsSync(path)) throw new UsageError(`There is no mapping file "${path}".`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(
      `The mapping file ${path} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const file = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
  const profiles = (file.profiles ?? {}) as Record<string, unknown>;
  if (typeof profiles !== "object" || profiles === null) {
    throw new UsageError(`The mapping file ${path} should have "profiles": {"<sheet>": {...}}.`);
  }
  const checked: Record<string, SourceProfile> = {};
  for (const [sheet, raw] of Object.entries(profiles)) {
    const profile = { negateQuantities: false, quantityUnit: "as_written", ...(raw as object) };
    if (!isProfile(profile)) {
      throw new UsageError(
        `The mapping for "${sheet}" in ${path} should be {"columns": {"securityId": "<header>", "quantity": "<header>", …}, "negateQuantities": true|false, "quantityUnit": "as_written"|"thousands"}.`,
      );
    }
    checked[sheet] = profile;
  }
  const tolerance = file.moneyTolerance;
  if (
    tolerance !== undefined &&
    (typeof tolerance !== "string" || !/^\d+(\.\d+)?$/.test(tolerance))
  ) {
    throw new UsageError(
      `"moneyTolerance" in ${path} should be an amount written as a string, such as "0.01".`,
    );
  }
  return { profiles: checked, moneyTolerance: typeof tolerance === "string" ? tolerance : null };
}
