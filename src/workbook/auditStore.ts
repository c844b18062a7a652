/**
 * The Audit Log (very hidden: it cannot be unhidden from Excel's UI) and the Sign-offs sheet
 * (visible: people read it), read and appended through the port. Both are append-only: a write
 * puts back every earlier row exactly as read and adds the new ones after them. The only cells
 * that change are the Sign-offs' "Status at Check" and "Checked At", which are recomputed.
 */
import {
  AUDIT_HEADERS,
  AUDIT_SHEET,
  AUDIT_TABLE,
  auditRow,
  readAuditLog,
  type AuditLogRead,
  type AuditRecord,
} from "../domain/auditLog";
import { canonicalHash } from "../domain/canonical";
import type { Issue } from "../domain/issues";
import {
  parseScope,
  readSignoffs,
  signedDataKey,
  signedRows,
  SIGNOFF_HEADERS,
  SIGNOFF_RECORD_COLUMNS,
  SIGNOFF_SHEET,
  SIGNOFF_TABLE,
  signoffRow,
  statusText,
  type Period,
  type Scope,
  type SignoffCheck,
  type SignoffRecord,
} from "../domain/signoff";
import type { Timestamp } from "../domain/auditLog";
import type { Row, TableColumn, WorkbookPort } from "./port";

export interface EvidenceSheets {
  /** The Audit Log's rows as read, header first; none when there is no such sheet. */
  readonly auditRows: readonly Row[];
  readonly audit: AuditLogRead;
  /** The Sign-offs sheet's rows as read, header first; none when there is no such sheet. */
  readonly signoffRows: readonly Row[];
  readonly signoffs: readonly SignoffRecord[];
  readonly signoffIssues: readonly Issue[];
}

async function rowsOf(port: WorkbookPort, name: string): Promise<readonly Row[]> {
  const sheets = await port.listSheets();
  const sheet = sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (sheet === undefined || sheet.rowCount === 0) return [];
  return (await port.readSheet(sheet.name)).rows;
}

/** Reads both sheets strictly; the audit log's chain is verified as it is read. */
export async function readEvidence(port: WorkbookPort): Promise<EvidenceSheets> {
  const auditRows = await rowsOf(port, AUDIT_SHEET);
  const signoffRows = await rowsOf(port, SIGNOFF_SHEET);
  const read = readSignoffs(signoffRows);
  return {
    auditRows,
    audit: readAuditLog(auditRows),
    signoffRows,
    signoffs: read.signoffs,
    signoffIssues: read.issues,
  };
}

const text = (header: string, width: number): TableColumn => ({
  header,
  format: { kind: "text" },
  width,
});

const AUDIT_COLUMNS: readonly TableColumn[] = AUDIT_HEADERS.map((header) => {
  if (header === "Seq") return { header, format: { kind: "general" }, width: 8 };
  if (header.endsWith("Hash")) return text(header, 66);
  return text(header, header === "Details" ? 60 : 26);
});

const SIGNOFF_COLUMNS: readonly TableColumn[] = SIGNOFF_HEADERS.map((header) =>
  text(header, header === "Data Hash" ? 66 : header === "Comment" ? 48 : 22),
);

/** `rows` without the header, each cut to `width` cells (what lies beyond is blank: read strictly). */
function dataRows(rows: readonly Row[], width: number): Row[] {
  return rows.slice(1).map((row) => row.slice(0, width));
}

/** Rewrites the Audit Log: the rows `read` exactly as they were, then `added`. Very hidden. */
export async function appendAuditRows(
  port: WorkbookPort,
  read: readonly Row[],
  added: readonly AuditRecord[],
): Promise<void> {
  await port.writeTable({
    sheetName: AUDIT_SHEET,
    tableName: AUDIT_TABLE,
    columns: AUDIT_COLUMNS,
    rows: [...dataRows(read, AUDIT_HEADERS.length), ...added.map(auditRow)],
    visibility: "veryHidden",
  });
}

/**
 * Rewrites the Sign-offs sheet: each earlier row's sign-off cells exactly as read, the new
 * sign-offs after them, and every status recomputed from `checks` as of `checkedAt`.
 */
export async function appendSignoffRows(
  port: WorkbookPort,
  read: readonly Row[],
  checks: readonly SignoffCheck[],
  checkedAt: Timestamp,
): Promise<void> {
  const byRow = new Map(checks.map((check) => [check.signoff.row, check]));
  const earlier = dataRows(read, SIGNOFF_HEADERS.length).map((row, index): Row => {
    const check = byRow.get(index + 2);
    if (check === undefined) return row;
    return [...row.slice(0, SIGNOFF_RECORD_COLUMNS), statusText(check), checkedAt];
  });
  const added = checks
    .filter((check) => check.signoff.row > read.length)
    .sort((a, b) => a.signoff.row - b.signoff.row)
    .map((check) => signoffRow(check, checkedAt));
  await port.writeTable({
    sheetName: SIGNOFF_SHEET,
    tableName: SIGNOFF_TABLE,
    columns: SIGNOFF_COLUMNS,
    rows: [...earlier, ...added],
    visibility: "visible",
  });
}

export type ScopeHash =
  | { readonly ok: true; readonly scope: Scope; readonly hash: string }
  | { readonly ok: false; readonly issue: Issue };

/**
 * Resolves `scopeText` among the workbook's sheets and hashes its data canonically. With a
 * `period`, an append-only ledger (the Difference Account) is hashed as that period's sign-off
 * covers it: the entries of counts up to the period's end (signoff.ts `signedRows`).
 */
export async function hashScope(
  port: WorkbookPort,
  scopeText: string,
  period: Period | null = null,
): Promise<ScopeHash> {
  const names = (await port.listSheets()).map((sheet) => sheet.name);
  const parsed = parseScope(scopeText, names);
  if (!parsed.ok) return parsed;
  const sheet = await port.readSheet(parsed.scope.sheet);
  return {
    ok: true,
    scope: parsed.scope,
    hash: canonicalHash(signedRows(sheet.rows, parsed.scope, period)),
  };
}

/**
 * The hash now of the data every sign-off covers, by `signedDataKey`; null when its scope no
 * longer resolves (its sheet was deleted or renamed). Each sheet is read once.
 */
export async function currentHashes(
  port: WorkbookPort,
  signoffs: readonly SignoffRecord[],
): Promise<Map<string, string | null>> {
  const hashes = new Map<string, string | null>();
  for (const signoff of signoffs) {
    const key = signedDataKey(signoff);
    if (hashes.has(key)) continue;
    const hashed = await hashScope(port, signoff.scope, signoff.period);
    hashes.set(key, hashed.ok ? hashed.hash : null);
  }
  return hashes;
}
