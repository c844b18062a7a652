/**
 * The month-end close's actions in the pane, after Reconcile has shown its preview: change a
 * break's status, confirm a vanished difference resolved, post to the Difference account, write
 * the notices. Each reads `today` when it starts and runs as one task of the flow (progress,
 * cancel, a notice of how it ended).
 */
import { useCallback, useState, type Dispatch, type SetStateAction } from "react";
import type { Timestamp } from "../../../domain/auditLog";
import { applyStatusChange, STATUS_LABELS, type StatusChange } from "../../../domain/breakStatus";
import type { IsoDate } from "../../../domain/isoDate";
import type { Issue } from "../../../domain/issues";
import { BREAKS_SHEET, type RunPlan } from "../../../workbook/monthEnd";
import { writeClose, type CloseResult } from "../../../workbook/monthEndClose";
import type { EngineClient } from "../../engine/engine";
import { countOf } from "../../format";
import type { OpenedWorkbook } from "../../host";
import { logEvents, statusChangeDetails } from "../../paneAudit";
import {
  breaksSheetError,
  CloseNotWrittenError,
  mergeIssues,
  noticesClose,
  postingClose,
  previewClose,
  samePostings,
  saveBreakStatus,
  statusesByBreak,
  withStatuses,
  type CloseRun,
} from "./closeRun";
import { writeCloseSummary, type SummaryRegisters } from "./closeSummary";
import {
  FAILURE_TITLES,
  type Notice,
  type RunOutcome,
  type Task,
  type Work,
} from "./useReconciliationFlow";

/** The outcome of a run of the close, its Breaks sheet not written yet. */
export function outcomeOf(
  plan: RunPlan,
  run: CloseRun,
  confirmed: ReadonlySet<string>,
): RunOutcome {
  return {
    plan,
    result: run.result?.reconciliation ?? null,
    close: run.result,
    ledgerRows: run.ledgerRows,
    issues: run.issues,
    breaksSheet: null,
    moneyBreaksSheet: null,
    statuses: null,
    sheetIssues: [],
    closeWritten: false,
    knownResolutions: run.result?.plan?.proposedResolutions ?? [],
    confirmed,
  };
}

/** `outcome` with the close worked out again (the same count, the same Breaks sheet). */
function withClose(outcome: RunOutcome, run: CloseRun, closeWritten: boolean): RunOutcome {
  const close = run.result;
  if (close === null) return { ...outcome, issues: mergeIssues(run.issues, outcome.sheetIssues) };
  return {
    ...outcome,
    result: close.reconciliation,
    close,
    ledgerRows: run.ledgerRows,
    issues: mergeIssues(run.issues, outcome.sheetIssues),
    statuses:
      outcome.statuses === null ? null : statusesByBreak(close.reconciliation, close.statuses),
    closeWritten: outcome.closeWritten || closeWritten,
  };
}

/** Why a Post appended nothing, in the words the user can act on. */
function whyNothingPosted(run: CloseRun, previewedCount: number): string {
  const blocked = run.issues.find((issue) => issue.code === "ledger_must_be_readable_to_post");
  if (blocked !== undefined) return `${blocked.message} ${blocked.hint}`;
  if (run.result === null) {
    return "The workbook could not be reconciled: see the issues at the end of the pane.";
  }
  if (previewedCount === 0 && run.result.posted.length === 0) {
    return "Nothing to post: the Difference account already holds every difference of this count.";
  }
  return "The entries to post changed since they were shown (the workbook or the date changed). Check the entries below and post again.";
}

function entryRange(run: CloseResult): string {
  const ids = run.posted.map((entry) => entry.entryId);
  return ids.length === 1 ? ids[0]! : `${ids[0]} to ${ids[ids.length - 1]}`;
}

export interface CloseActionsInput {
  readonly workbook: OpenedWorkbook | null;
  readonly outcome: RunOutcome | null;
  readonly setOutcome: Dispatch<SetStateAction<RunOutcome | null>>;
  readonly perform: (task: Task, cancellable: boolean, work: Work) => Promise<void>;
  readonly setNotice: (notice: Notice) => void;
  readonly today: () => IsoDate;
  /** The time of an event, for the Audit Log. */
  readonly now: () => Timestamp;
  /** Where the close is worked out (a Web Worker in the browser build). */
  readonly engine: EngineClient;
  /** The 4523 registers as the pane has them now, for the Close Summary sheet. */
  readonly registers: () => SummaryRegisters;
}

export interface CloseActions {
  /** Checks a status change with the domain's rules; saves it, or returns the rule it breaks. */
  readonly changeStatus: (breakId: string, change: StatusChange) => Issue | null;
  /** Who posts: typed, recorded on every entry. */
  readonly actor: string;
  readonly setActor: (actor: string) => void;
  readonly confirmResolution: (securityKey: string, confirmed: boolean) => void;
  readonly post: () => void;
  readonly writeNotices: (markReported: boolean) => void;
}

export function useCloseActions(input: CloseActionsInput): CloseActions {
  const { workbook, outcome, setOutcome, perform, setNotice, today, now, engine, registers } =
    input;
  const [actor, setActor] = useState("");

  const changeStatus = useCallback(
    (breakId: string, change: StatusChange): Issue | null => {
      const shown = outcome;
      const record = shown?.statuses?.get(breakId);
      if (workbook === null || shown === null || shown.result === null || record === undefined) {
        return null;
      }
      const result = shown.result;
      const day = today();
      const checked = applyStatusChange(record, change, day);
      if (!checked.ok) return checked.issue;
      void perform("savingStatus", false, async (signal, onProgress) => {
        const saved = await saveBreakStatus(workbook.port, result, breakId, change, day, {
          signal,
          onProgress,
        });
        setOutcome((current) =>
          current === null || current.result !== result
            ? current
            : {
                ...current,
                statuses: saved.statuses,
                close:
                  current.close === null ? null : withStatuses(current.close, saved.records, day),
              },
        );
        // Logged like the CLI's runs: who changed which break's status, when, and why.
        const details = statusChangeDetails(breakId, STATUS_LABELS[record.status], change);
        await logEvents(
          workbook.port,
          [{ action: "status_change", scope: BREAKS_SHEET, details }],
          { actor, timestamp: now() },
          "The status change",
        );
      });
      return null;
    },
    [workbook, outcome, setOutcome, perform, today, now, actor],
  );

  const confirmResolution = useCallback(
    (securityKey: string, confirm: boolean) => {
      const shown = outcome;
      if (workbook === null || shown === null) return;
      const confirmed = new Set(shown.confirmed);
      if (confirm) confirmed.add(securityKey);
      else confirmed.delete(securityKey);
      void perform("previewing", true, async (signal, onProgress) => {
        const run = await previewClose(workbook.port, shown.plan, {
          engine,
          today: today(),
          confirmed,
          signal,
          onProgress,
        });
        setOutcome({ ...withClose(shown, run, false), confirmed });
      });
    },
    [workbook, outcome, setOutcome, perform, today, engine],
  );

  const post = useCallback(() => {
    const shown = outcome;
    const name = actor.trim();
    if (workbook === null || shown === null || shown.close === null || name === "") return;
    const previewed = shown.close.posted.length > 0 ? [] : (shown.close.plan?.postings ?? []);
    void perform("posting", true, async (signal, onProgress, setTask) => {
      const request = { engine, today: today(), confirmed: shown.confirmed, signal, onProgress };
      const run = await postingClose(workbook.port, shown.plan, { ...request, actor: name });
      const close = run.result;
      if (close === null || !samePostings(previewed, close.posted) || close.posted.length === 0) {
        // Nothing is written: show the close as the workbook now stands, and say why.
        const fresh = await previewClose(workbook.port, shown.plan, request);
        setOutcome(withClose(shown, fresh, false));
        setNotice({
          task: "posting",
          intent: "error",
          title: FAILURE_TITLES.posting,
          message: whyNothingPosted(run, previewed.length),
        });
        return;
      }
      const unreadable = breaksSheetError(run.issues);
      if (unreadable !== null) {
        setOutcome(withClose(shown, run, false));
        throw new CloseNotWrittenError(unreadable);
      }
      // Written whole: a cancel half-way would leave a ledger that disagrees with the Breaks sheet.
      setTask("writingClose", false);
      await writeClose(workbook.port, close, run.ledgerRows, { onProgress });
      await writeCloseSummary(workbook.port, close, registers());
      setOutcome(withClose(shown, run, true));
      setNotice({
        task: "writingClose",
        intent: "success",
        title: "Posted to the Difference account",
        message: `${countOf(close.posted.length, "entry", "entries")} (${entryRange(close)}) appended to the Difference Account sheet on ${close.posted[0]!.postedOn}, posted by ${name}.`,
      });
    });
  }, [workbook, outcome, actor, setOutcome, setNotice, perform, today, engine, registers]);

  const writeNotices = useCallback(
    (markReported: boolean) => {
      const shown = outcome;
      if (workbook === null || shown === null) return;
      void perform("writingNotices", true, async (signal, onProgress, setTask) => {
        const day = today();
        const run = await noticesClose(workbook.port, shown.plan, {
          engine,
          today: day,
          confirmed: shown.confirmed,
          markReported,
          signal,
          onProgress,
        });
        const close = run.result;
        if (close === null) {
          setOutcome(withClose(shown, run, false));
          throw new Error(
            "The workbook could not be reconciled: see the issues at the end of the pane.",
          );
        }
        const unreadable = breaksSheetError(run.issues);
        if (unreadable !== null) {
          setOutcome(withClose(shown, run, false));
          throw new CloseNotWrittenError(unreadable);
        }
        setTask("writingNotices", false);
        await writeClose(workbook.port, close, run.ledgerRows, { onProgress });
        await writeCloseSummary(workbook.port, close, registers());
        setOutcome(withClose(shown, run, true));
        const lines = close.notices.reduce((total, n) => total + n.lines.length, 0);
        const reported = markReported ? ` The breaks they list are marked Reported on ${day}.` : "";
        setNotice({
          task: "writingNotices",
          intent: "success",
          title: "Notices written",
          message: `${countOf(close.notices.length, "notice", "notices")} with ${countOf(lines, "difference", "differences")} on the Notices sheet.${reported}`,
        });
      });
    },
    [workbook, outcome, setOutcome, setNotice, perform, today, engine, registers],
  );

  return { changeStatus, actor, setActor, confirmResolution, post, writeNotices };
}
