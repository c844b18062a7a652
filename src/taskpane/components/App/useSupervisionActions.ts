/**
 * The FINRA Rule 4523 steps in the pane, after the close: review the GL accounts register, age
 * the suspense items, sign off (preparer, then a reviewer who is not the preparer), unlock with a
 * reason, verify the Audit Log and the sign-offs, and download the evidence pack. Each runs as a
 * task of the flow over the host-neutral functions of src/workbook; every change to the workbook
 * is logged to the Audit Log. The clock and the names are parameters, read at the edge.
 */
import { useCallback, useEffect, useState } from "react";
import type { Timestamp } from "../../../domain/auditLog";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import type { IsoDate } from "../../../domain/isoDate";
import { formatWhere, type Issue } from "../../../domain/issues";
import { SETTINGS_SHEET, type SameOwnerSupervisorReason } from "../../../domain/settings";
import type { Period, SignoffRole } from "../../../domain/signoff";
import { ROLE_WORDS } from "../../../domain/signoff";
import { buildEvidencePack, manifestText } from "../../../workbook/evidencePack";
import { GL_REVIEW_SHEET } from "../../../workbook/glReviewSheet";
import { runGlReview, type GlReviewRun } from "../../../workbook/glReviewRun";
import { loadSettings, saveSettings } from "../../../workbook/settingsStore";
import { recordSignoff } from "../../../workbook/signoffRun";
import { SUSPENSE_AGING_SHEET } from "../../../workbook/suspenseAgingSheet";
import { runSuspenseAging, type SuspenseRun } from "../../../workbook/suspenseRun";
import type { WorkbookPort } from "../../../workbook/port";
import { verifyWorkbook, type Verification } from "../../../workbook/verifyRun";
import { openSnapshotWorkbook } from "../../browserWorkbook";
import { downloadBytes, JSON_MEDIA_TYPE } from "../../download";
import { countOf, errorMessage } from "../../format";
import type { OpenedWorkbook } from "../../host";
import { logEvents } from "../../paneAudit";
import type { Notice, Work, Task } from "./useReconciliationFlow";

export type ReviewedGl = Extract<GlReviewRun, { ok: true }>;
export type AgedSuspense = Extract<SuspenseRun, { ok: true }>;

export interface SignoffAsk {
  readonly role: SignoffRole;
  readonly period: Period;
  readonly scope: string;
  /** Typed by the signer; not verified. */
  readonly name: string;
  /** The comment; for an unlock, the reason. */
  readonly comment: string;
}

export interface SupervisionInput {
  readonly workbook: OpenedWorkbook | null;
  readonly perform: (task: Task, cancellable: boolean, work: Work) => Promise<void>;
  readonly setNotice: (notice: Notice) => void;
  readonly now: () => Timestamp;
  /** The name typed in the pane, for the Audit Log. */
  readonly actor: string;
}

export interface Supervision {
  /** The workbook's sheets, for the sign-off's scope. */
  readonly sheets: readonly string[];
  readonly glReview: ReviewedGl | null;
  readonly suspense: AgedSuspense | null;
  /** The log and every sign-off, as last checked (after each step, and by Verify). */
  readonly verification: Verification | null;
  /** True once the user asked to verify: the pane then shows the whole report. */
  readonly verified: boolean;
  readonly sameOwnerReason: SameOwnerSupervisorReason | null;
  /** True when the pane can hand over the workbook's file (for the evidence pack). */
  readonly canPackEvidence: boolean;
  readonly reviewGl: (asOf: IsoDate) => void;
  readonly saveSameOwnerReason: (reason: string, recordedBy: string) => void;
  readonly ageSuspense: (asOf: IsoDate) => void;
  readonly signOff: (ask: SignoffAsk) => void;
  readonly verify: () => void;
  readonly packEvidence: (period: Period) => void;
}

function refusalMessage(issues: readonly Issue[]): string {
  return issues.map((issue) => `${issue.message} ${issue.hint}`).join(" ");
}

function stemOf(fileName: string | null): string {
  const stem = (fileName ?? "").replace(/\.xlsx$/i, "");
  return stem === "" ? "workbook" : stem;
}

/** "Audit Log › row 5: …" for the first broken row or sign-off; null when everything holds. */
export function firstBroken(verification: Verification): string | null {
  const first = verification.issues[0];
  return first === undefined ? null : `${formatWhere(first.where)}: ${first.message}`;
}

interface Shown {
  readonly sheets: readonly string[];
  readonly sameOwnerReason: SameOwnerSupervisorReason | null;
  readonly verification: Verification;
}

/** What the 4523 steps show of the workbook: its sheets, the recorded reason, the sign-offs. */
async function readShown(port: WorkbookPort): Promise<Shown> {
  const sheets = (await port.listSheets()).map((sheet) => sheet.name);
  const sameOwnerReason = (await loadSettings(port)).settings.sameOwnerSupervisorReason;
  return { sheets, sameOwnerReason, verification: await verifyWorkbook(port) };
}

export function useSupervisionActions(input: SupervisionInput): Supervision {
  const { workbook, perform, setNotice, now, actor } = input;
  const [sheets, setSheets] = useState<readonly string[]>([]);
  const [glReview, setGlReview] = useState<ReviewedGl | null>(null);
  const [suspense, setSuspense] = useState<AgedSuspense | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verified, setVerified] = useState(false);
  const [sameOwnerReason, setSameOwnerReason] = useState<SameOwnerSupervisorReason | null>(null);

  const show = useCallback((shown: Shown) => {
    setSheets(shown.sheets);
    setSameOwnerReason(shown.sameOwnerReason);
    setVerification(shown.verification);
  }, []);
  const refresh = useCallback(
    async (opened: OpenedWorkbook) => show(await readShown(opened.port)),
    [show],
  );

  // Another workbook opened: what was shown belongs to the last one (reset while rendering).
  const [shownFor, setShownFor] = useState(workbook);
  if (shownFor !== workbook) {
    setShownFor(workbook);
    setGlReview(null);
    setSuspense(null);
    setVerified(false);
  }

  useEffect(() => {
    if (workbook === null) return;
    let live = true;
    readShown(workbook.port).then(
      (shown) => live && show(shown),
      (error: unknown) =>
        setNotice({
          task: "verifying",
          intent: "error",
          title: "Could not read the sign-offs",
          message: errorMessage(error),
        }),
    );
    return () => {
      live = false;
    };
  }, [workbook, show, setNotice]);

  const reviewGl = useCallback(
    (asOf: IsoDate) => {
      if (workbook === null) return;
      void perform("reviewingGl", false, async () => {
        const run = await runGlReview(workbook.port, { asOf, sheet: null, allowedReason: null });
        if (!run.ok)
          throw new Error(refusalMessage(run.issues.filter((i) => i.severity === "error")));
        const flagged = run.review.accounts.filter((a) => a.flags.length > 0).length;
        const allowed =
          run.allowed === null ? "" : `; same owner and supervisor allowed: ${run.allowed.reason}`;
        await logEvents(
          workbook.port,
          [
            {
              action: "run",
              scope: GL_REVIEW_SHEET,
              details: `GL review as of ${asOf}: ${countOf(run.review.accounts.length, "account", "accounts")}, ${flagged} flagged${allowed} (task pane)`,
            },
          ],
          { actor, timestamp: now() },
          "The GL review",
        );
        setGlReview(run);
        await refresh(workbook);
        setNotice({
          task: "reviewingGl",
          intent: flagged > 0 ? "info" : "success",
          title: "GL Review written",
          message: `${countOf(run.review.accounts.length, "account", "accounts")} reviewed as of ${asOf}, ${countOf(flagged, "account", "accounts")} flagged, on the ${GL_REVIEW_SHEET} sheet.`,
        });
      });
    },
    [workbook, perform, setNotice, now, actor, refresh],
  );

  const saveSameOwnerReason = useCallback(
    (reason: string, recordedBy: string) => {
      if (workbook === null || reason.trim() === "" || recordedBy.trim() === "") return;
      void perform("savingReason", false, async () => {
        const timestamp = now();
        const loaded = await loadSettings(workbook.port);
        const recorded = {
          reason: reason.trim(),
          recordedBy: recordedBy.trim(),
          recordedAt: timestamp,
        };
        await saveSettings(workbook.port, {
          ...loaded.settings,
          sameOwnerSupervisorReason: recorded,
        });
        await logEvents(
          workbook.port,
          [
            {
              action: "settings",
              scope: SETTINGS_SHEET,
              details: `Same owner and supervisor allowed, because: ${recorded.reason} (recorded by ${recorded.recordedBy}, task pane)`,
            },
          ],
          { actor: recorded.recordedBy, timestamp },
          "The reason",
        );
        setSameOwnerReason(recorded);
        setNotice({
          task: "savingReason",
          intent: "success",
          title: "Reason recorded",
          message: `Recorded by ${recorded.recordedBy} at ${timestamp} and logged; the next GL review notes the overlap instead of flagging it.`,
        });
      });
    },
    [workbook, perform, setNotice, now],
  );

  const ageSuspense = useCallback(
    (asOf: IsoDate) => {
      if (workbook === null) return;
      void perform("agingSuspense", false, async () => {
        const run = await runSuspenseAging(workbook.port, { asOf, sheet: null, calendar: null });
        if (!run.ok) {
          if (!run.lookup.found) {
            throw new Error(
              'No suspense register was found: no sheet is named "Suspense Items" or headed Item ID, GL Account, Type and Opened On.',
            );
          }
          throw new Error(refusalMessage(run.issues.filter((i) => i.severity === "error")));
        }
        const flagged = run.aging.items.filter((item) => item.flags.length > 0).length;
        await logEvents(
          workbook.port,
          [
            {
              action: "run",
              scope: SUSPENSE_AGING_SHEET,
              details: `Suspense aging as of ${asOf}: ${countOf(run.aging.items.length, "item", "items")} open, ${flagged} flagged (task pane)`,
            },
          ],
          { actor, timestamp: now() },
          "The suspense aging",
        );
        setSuspense(run);
        await refresh(workbook);
        setNotice({
          task: "agingSuspense",
          intent: run.needsAction ? "info" : "success",
          title: "Suspense Aging written",
          message: `${countOf(run.aging.items.length, "item", "items")} open as of ${asOf}, on the Suspense Aging and Suspense Buckets sheets.`,
        });
      });
    },
    [workbook, perform, setNotice, now, actor, refresh],
  );

  const signOff = useCallback(
    (ask: SignoffAsk) => {
      if (workbook === null) return;
      void perform("signingOff", false, async () => {
        const run = await recordSignoff(workbook.port, {
          actor: ask.name,
          role: ask.role,
          period: ask.period,
          scope: ask.scope,
          comment: ask.comment,
          now: now(),
        });
        if (!run.ok) throw new Error(refusalMessage(run.issues));
        await refresh(workbook);
        const s = run.signoff;
        const done =
          s.role === "unlock"
            ? `Unlocked "${s.scope}" for ${s.period}: ${s.name}, because: ${s.comment}.`
            : `"${s.scope}" for ${s.period} signed by ${s.name} as ${ROLE_WORDS[s.role]} (${s.id}).`;
        const broken =
          run.broken.length === 0
            ? ""
            : ` ${countOf(run.broken.length, "earlier sign-off is", "earlier sign-offs are")} broken: see below.`;
        setNotice({
          task: "signingOff",
          intent: run.broken.length === 0 ? "success" : "info",
          title: s.role === "unlock" ? "Unlocked" : "Signed off",
          message: `${done} Logged as Audit Log Seq ${run.audit.seq}.${broken}`,
        });
      });
    },
    [workbook, perform, setNotice, now, refresh],
  );

  const verify = useCallback(() => {
    if (workbook === null) return;
    void perform("verifying", false, async () => {
      const checked = await verifyWorkbook(workbook.port);
      setVerification(checked);
      setVerified(true);
    });
  }, [workbook, perform]);

  const fileBytes = workbook?.fileBytes;
  const packEvidence = useCallback(
    (period: Period) => {
      if (workbook === null || fileBytes === undefined) return;
      void perform("packingEvidence", false, async () => {
        const bytes = await fileBytes();
        const snapshot = await openSnapshotWorkbook(bytes);
        const pack = await buildEvidencePack(snapshot, bytes, {
          period,
          stem: stemOf(workbook.fileName),
          inputFile: workbook.fileName ?? "workbook.xlsx",
          now: now(),
          issueJson: (issue) => issue,
        });
        downloadBytes(pack.snapshot, pack.snapshotName);
        downloadBytes(utf8ToBytes(manifestText(pack.manifest)), pack.manifestName, JSON_MEDIA_TYPE);
        const broken = firstBroken(pack.verification);
        setNotice({
          task: "packingEvidence",
          intent: broken === null ? "success" : "info",
          title: "Evidence pack downloaded",
          message: `${pack.snapshotName} (every sheet protected) and ${pack.manifestName}. Store both on WORM storage (SEA 17a-4(f)).${broken === null ? "" : ` The manifest records that something is broken: ${broken}`}`,
        });
      });
    },
    [workbook, fileBytes, perform, setNotice, now],
  );

  return {
    sheets,
    glReview,
    suspense,
    verification,
    verified,
    sameOwnerReason,
    canPackEvidence: fileBytes !== undefined,
    reviewGl,
    saveSameOwnerReason,
    ageSuspense,
    signOff,
    verify,
    packEvidence,
  };
}
