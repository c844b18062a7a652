/**
 * An order-independent fingerprint of a break list: the count, and a SHA-256 over the sorted
 * lines "security,contra,difference" with the difference in canonical decimal form. StockRec's
 * Breaks CSV and DuckDB's output give the same fingerprint when they found the same breaks.
 */
import { createHash } from "node:crypto";
import { CsvScanner, rowCells, scanCsvFile } from "../../src/cli/csvStream";

export function canonicalDecimal(text: string): string {
  let [whole = "0", fraction = ""] = text.trim().split(".");
  const negative = whole.startsWith("-");
  whole = whole.replace(/^[-+]/, "").replace(/^0+(?=\d)/, "");
  fraction = fraction.replace(/0+$/, "");
  const body = fraction === "" ? whole : `${whole}.${fraction}`;
  return negative && body !== "0" ? `-${body}` : body;
}

export interface Fingerprint {
  readonly count: number;
  readonly sha256: string;
}

export function fingerprintLines(lines: string[]): Fingerprint {
  lines.sort();
  const hash = createHash("sha256");
  for (const line of lines) hash.update(line + "\n");
  return { count: lines.length, sha256: hash.digest("hex").slice(0, 16) };
}

/** The fingerprint of a breaks CSV whose header names the security, contra and difference columns. */
export function fingerprintFile(path: string): Fingerprint {
  const lines: string[] = [];
  let columns: { security: number; contra: number; difference: number } | null = null;
  void CsvScanner;
  scanCsvFile(path, ",", path, (_line, row) => {
    const cells = rowCells(row);
    if (columns === null) {
      const at = (...names: string[]) => cells.findIndex((c) => names.includes(c.toLowerCase()));
      columns = {
        security: at("security id", "security"),
        contra: at("contra"),
        difference: at("difference"),
      };
      return;
    }
    if (cells.length < 3) return;
    lines.push(
      `${cells[columns.security]},${cells[columns.contra]!.toUpperCase()},${canonicalDecimal(cells[columns.difference]!)}`,
    );
  });
  return fingerprintLines(lines);
}
