/** Command-line parsing for `stockrec`: node's parseArgs, with usage errors as values. */
import { extname } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type Options = ParseArgsConfig["options"];

export function parse(
  args: readonly string[],
  options: NonNullable<Options>,
): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, unknown>, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The one workbook a command works on: an .xlsx file, named once. */
export function workbookOperand(positionals: readonly string[], what: string): string {
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? `Name the workbook to ${what}.`
        : `Expected one workbook, got: ${positionals.join(" ")}`,
    );
  }
  const input = positionals[0]!;
  if (extname(input).toLowerCase() !== ".xlsx") {
    throw new UsageError(
      `"${input}" is not an .xlsx workbook. Save it from Excel as .xlsx (Excel Workbook) and try again.`,
    );
  }
  return input;
}
