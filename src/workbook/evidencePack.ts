/**
 * The evidence pack of a period, over any host that can hand over the workbook's bytes: a copy of
 * the workbook with every sheet protected, and a manifest of hashes (the input's and the
 * snapshot's SHA-256, each sheet's canonical data hash, the Audit Log's head, the period's
 * sign-offs with their status). Anyone can later recompute the hashes to show nothing changed.
 * Used by `stockrec evidence` and the task pane; the clock is a parameter.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { auditHead, type Timestamp } from "../domain/auditLog";
import { canonicalHash } from "../domain/canonical";
import type { Issue } from "../domain/issues";
import type { Period } from "../domain/signoff";
import type { WorkbookPort } from "./port";
import { verifyWorkbook, type Verification } from "./verifyRun";

/** A workbook opened from bytes that can protect its sheets and be saved again (src/xlsx). */
export interface SnapshotWorkbook extends WorkbookPort {
  protectAllSheets(password: string): Promise<void>;
  toBuffer(): Promise<Uint8Array>;
}

export interface EvidenceRequest {
  readonly period: Period;
  /** The workbook's file name without .xlsx: the pack's files are named after it. */
  readonly stem: string;
  /** The input file's name as the manifest records it. */
  readonly inputFile: string;
  readonly now: Timestamp;
  /** How an issue is written in the manifest. */
  readonly issueJson: (issue: Issue) => unknown;
}

export interface EvidencePack {
  readonly snapshotName: string;
  readonly snapshot: Uint8Array;
  readonly manifestName: string;
  readonly manifest: EvidenceManifest;
  readonly verification: Verification;
}

export interface EvidenceManifest {
  readonly kind: "stockrec-evidence/1";
  readonly period: Period;
  readonly createdAt: Timestamp;
  readonly input: { readonly file: string; readonly sha256: string };
  readonly snapshot: { readonly file: string; readonly sha256: string };
  readonly sheets: readonly {
    readonly name: string;
    readonly visible: boolean;
    readonly rows: number;
    readonly canonicalSha256: string;
  }[];
  readonly auditLog: {
    readonly rows: number;
    readonly intact: boolean;
    readonly head: string | null;
  };
  readonly signoffs: readonly Record<string, unknown>[];
  readonly issues: readonly unknown[];
  readonly note: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

/** The manifest as written to its .json file. */
export function manifestText(manifest: EvidenceManifest): string {
  return JSON.stringify(manifest, null, 2) + "\n";
}

/**
 * Builds the pack from `workbook`, opened from `inputBytes`: verifies it, hashes every sheet,
 * protects every sheet and saves the snapshot. `workbook` is changed (protected); the input
 * bytes are not.
 */
export async function buildEvidencePack(
  workbook: SnapshotWorkbook,
  inputBytes: Uint8Array,
  request: EvidenceRequest,
): Promise<EvidencePack> {
  const verification = await verifyWorkbook(workbook);
  const sheets = [];
  for (const info of await workbook.listSheets()) {
    const rows = (await workbook.readSheet(info.name)).rows;
    sheets.push({
      name: info.name,
      visible: info.visible,
      rows: rows.length,
      canonicalSha256: canonicalHash(rows),
    });
  }
  await workbook.protectAllSheets(`stockrec-evidence-${request.period}`);
  const snapshot = await workbook.toBuffer();
  const stem = `${request.stem}-${request.period}`;
  const snapshotName = `${stem}-evidence.xlsx`;
  const audit = verification.evidence.audit;
  const manifest: EvidenceManifest = {
    kind: "stockrec-evidence/1",
    period: request.period,
    createdAt: request.now,
    input: { file: request.inputFile, sha256: sha256Hex(inputBytes) },
    snapshot: { file: snapshotName, sha256: sha256Hex(snapshot) },
    sheets,
    auditLog: {
      rows: audit.records.length,
      intact: audit.issues.length === 0,
      head: audit.issues.length === 0 ? auditHead(audit.records) : null,
    },
    signoffs: verification.checks
      .filter((check) => check.signoff.period === request.period)
      .map((check) => ({
        id: check.signoff.id,
        role: check.signoff.role,
        name: check.signoff.name,
        scope: check.signoff.scope,
        timestamp: check.signoff.timestamp,
        dataHash: check.signoff.dataHash,
        status: check.status,
      })),
    issues: verification.issues.map(request.issueJson),
    note: "Names are as typed: Excel gives an add-in no verified identity.",
  };
  return {
    snapshotName,
    snapshot,
    manifestName: `${stem}-manifest.json`,
    manifest,
    verification,
  };
}
