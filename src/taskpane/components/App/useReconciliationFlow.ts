/**
 * The task pane's flow as state: open a workbook (plain browser), import statements, detect its
 * sheets, save the confirmed column mappings, reconcile (the month-end close, previewed: the
 * posting clock, the entries to post, the aging), write the Breaks sheets, change a break's
 * status, post to the Difference account, write the notices, go to a break or an issue,
 * download. Every failure becomes a notice the user sees, shown next to the step that failed; a
 * cancelled run says so and is not reported as an error.
 *
 * `today` is the host's clock, read at the start of each action and never inside the rules.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Timestamp } from "../../../domain/auditLog";
import type { BreakStatusRecord, StatusChange } from "../../../domain/breakStatus";
import type { ProposedResolution } from "../../../domain/differenceLedger";
import type { IsoDate } from "../../../domain/isoDate";
import type { Issue } from "../../../domain/issues";
import {
  saveMapping,
  writeBreaksSheet,
  type Detection,
  type ReconciliationResult,
  type RunPlan,
} from "../../../workbook/monthEnd";
import type { CloseResult } from "../../../workbook/monthEndClose";
import { MONEY_BREAKS_SHEET } from "../../../workbook/moneyBreaksSheet";
import type { Progress, ProgressListener, WorkbookPort } from "../../../workbook/port";
import { SETTINGS_SHEET } from "../../../domain/settings";
import { downloadBytes, reconciledFileName } from "../../download";
import { inThreadEngine, type EngineClient } from "../../engine/engine";
import { countOf, errorMessage, isAbortError } from "../../format";
import type { OpenedWorkbook, TaskpaneHost } from "../../host";
import { logEvents } from "../../paneAudit";
import { importStatementFile, type StatementImportOutcome } from "../../statementImport";
import { withSavedMappings, type MappingSave } from "../ColumnMapping/columnMappingModel";
import { collectIssues, type CellTarget, type PaneIssue } from "../IssuesPanel/issueGroups";
import { CLOSE_SUMMARY_SHEET } from "../../../workbook/closeSummarySheet";
import { NO_REGISTERS, writeCloseSummary, type SummaryRegisters } from "./closeSummary";
import { mergeIssues, previewClose, statusesByBreak, type CloseRun } from "./closeRun";
import { outcomeOf, useCloseActions } from "./useCloseActions";
import { useCountActions, type CountActions } from "./useCountActions";
import { useSupervisionActions, type Supervision } from "./useSupervisionActions";

export type Task =
  | "opening"
  | "detecting"
  | "importing"
  | "redetecting"
  | "savingMappings"
  | "reconciling"
  | "writing"
  | "saving"
  | "selecting"
  | "goingToIssue"
  | "savingStatus"
  | "previewing"
  | "posting"
  | "writingClose"
  | "writingNotices"
  | "generatingCount"
  | "selectingCountSheet"
  | "checkingCount"
  | "comparingCount"
  | "postingCount"
  | "reviewingGl"
  | "savingReason"
  | "agingSuspense"
  | "signingOff"
  | "verifying"
  | "packingEvidence"
  | "writingSummary";

/** Where in the pane a task's progress and outcome are shown. */
export type Step =
  | "workbook"
  | "import"
  | "sheets"
  | "results"
  | "posting"
  | "notices"
  | "save"
  | "count"
  | "issues"
  | "glReview"
  | "suspense"
  | "signoff"
  | "verify"
  | "evidence"
  | "summary";

export const STEP_OF_TASK: Readonly<Record<Task, Step>> = {
  opening: "workbook",
  detecting: "workbook",
  importing: "import",
  redetecting: "import",
  savingMappings: "sheets",
  reconciling: "sheets",
  writing: "sheets",
  saving: "save",
  selecting: "results",
  goingToIssue: "issues",
  savingStatus: "results",
  previewing: "posting",
  posting: "posting",
  writingClose: "posting",
  writingNotices: "notices",
  generatingCount: "count",
  selectingCountSheet: "count",
  checkingCount: "count",
  comparingCount: "count",
  postingCount: "count",
  reviewingGl: "glReview",
  savingReason: "glReview",
  agingSuspense: "suspense",
  signingOff: "signoff",
  verifying: "verify",
  packingEvidence: "evidence",
  writingSummary: "summary",
};

export const TASK_TITLES: Readonly<Record<Task, string>> = {
  opening: "Opening the workbook",
  detecting: "Detecting sheets",
  importing: "Importing the statement",
  redetecting: "Detecting sheets",
  savingMappings: "Saving the column mappings",
  reconciling: "Reconciling",
  writing: "Writing the Breaks sheet",
  saving: "Preparing the download",
  selecting: "Going to the break",
  goingToIssue: "Going to the cell",
  savingStatus: "Saving the status on the Breaks sheet",
  previewing: "Working out the entries to post",
  posting: "Posting to the Difference account",
  writingClose:
    "Writing the Difference Account, Breaks, Notices, Difference Aging and Close Summary sheets",
  writingNotices: "Writing the notices",
  generatingCount: "Writing the count sheet",
  selectingCountSheet: "Going to the count sheet",
  checkingCount: "Checking the count entries",
  comparingCount: "Comparing the count with the records",
  postingCount: "Posting the count's differences to the Difference account",
  reviewingGl: "Reviewing the GL accounts",
  savingReason: "Recording the firm's reason",
  agingSuspense: "Aging the suspense items",
  signingOff: "Recording the sign-off",
  verifying: "Verifying the Audit Log and the sign-offs",
  packingEvidence: "Building the evidence pack",
  writingSummary: "Writing the Close Summary sheet",
};

export interface Busy {
  readonly task: Task;
  readonly progress: Progress | null;
  readonly cancellable: boolean;
}

export interface Notice {
  readonly task: Task;
  readonly intent: "error" | "info" | "success";
  readonly title: string;
  readonly message: string;
}

/** A written breaks sheet and the row of each break on it. */
export interface WrittenSheet {
  readonly name: string;
  readonly rowOfBreak: ReadonlyMap<string, number>;
}

export interface RunOutcome {
  /** The plan the run was made with; the close's later steps run it again. */
  readonly plan: RunPlan;
  readonly result: ReconciliationResult | null;
  /** The month-end close of the run: clock, entries to post, aging, notices. */
  readonly close: CloseResult | null;
  /** The Difference Account rows that writing the close writes. */
  readonly ledgerRows: CloseRun["ledgerRows"];
  readonly issues: readonly Issue[];
  /** Set once the Breaks sheet is written. */
  readonly breaksSheet: WrittenSheet | null;
  /** Set once the Money Breaks sheet is written (runs with cash balances only). */
  readonly moneyBreaksSheet: WrittenSheet | null;
  /** Each break's status by break id, as on the Breaks sheet; null until it is written. */
  readonly statuses: ReadonlyMap<string, BreakStatusRecord> | null;
  /** Issues of writing the Breaks sheet, kept when the close is worked out again. */
  readonly sheetIssues: readonly Issue[];
  /** True once the Difference Account, Difference Aging and Notices sheets are written. */
  readonly closeWritten: boolean;
  /** Resolutions the close proposed in this run, kept to show those the user confirmed. */
  readonly knownResolutions: readonly ProposedResolution[];
  /** Securities (by key) the user confirmed resolved. */
  readonly confirmed: ReadonlySet<string>;
}

export interface NumberedDetection {
  readonly detection: Detection;
  /** Changes with every detection, so the form starts afresh from it. */
  readonly number: number;
}

export interface ReconciliationFlow {
  readonly workbook: OpenedWorkbook | null;
  readonly detected: NumberedDetection | null;
  readonly imported: StatementImportOutcome | null;
  readonly outcome: RunOutcome | null;
  /** Every issue of the last detection, import and run. */
  readonly issues: readonly PaneIssue[];
  readonly busy: Busy | null;
  readonly notice: Notice | null;
  readonly openFile: (file: File) => void;
  readonly detect: () => void;
  readonly importFile: (file: File, contra: string) => void;
  readonly reconcile: (plan: RunPlan, saves: readonly MappingSave[]) => void;
  readonly selectBreak: (breakId: string) => void;
  readonly selectMoneyBreak: (breakId: string) => void;
  readonly selectCell: (target: CellTarget) => void;
  /** The day as the host's clock says now. */
  readonly today: () => IsoDate;
  /** Checks a status change with the domain's rules; saves it, or returns the rule it breaks. */
  readonly changeStatus: (breakId: string, change: StatusChange) => Issue | null;
  /** Who posts: typed, recorded on every entry. */
  readonly actor: string;
  readonly setActor: (actor: string) => void;
  readonly confirmResolution: (securityKey: string, confirmed: boolean) => void;
  readonly post: () => void;
  readonly writeNotices: (markReported: boolean) => void;
  readonly download: () => void;
  /** Writes the Close Summary sheet from the close and the 4523 steps done so far. */
  readonly writeSummary: () => void;
  /** Set once the pane wrote the Close Summary sheet: when, and from which close. */
  readonly summaryWritten: { readonly asOf: IsoDate; readonly rows: number } | null;
  /** Where the heavy work runs: "worker" in the browser build. */
  readonly engineThread: EngineClient["thread"];
  /** The SEA Rule 17a-13 quarterly count: generate, record, compare and post. */
  readonly count: CountActions;
  /** The FINRA 4523 steps: GL review, suspense, sign-off, verify, evidence. */
  readonly supervision: Supervision;
  readonly cancel: () => void;
  readonly dismissNotice: () => void;
}

export const FAILURE_TITLES: Readonly<Record<Task, string>> = {
  opening: "Could not open the workbook",
  detecting: "Could not read the sheets",
  importing: "Could not import the statement",
  redetecting: "Could not read the sheets",
  savingMappings: "Could not save the column mappings",
  reconciling: "Could not reconcile",
  writing: "Could not write the Breaks sheet",
  saving: "Could not save the workbook",
  selecting: "Could not go to the break",
  goingToIssue: "Could not go to the cell",
  savingStatus: "The status was not saved",
  previewing: "Could not work out the entries to post",
  posting: "Nothing was posted",
  writingClose: "Could not write every sheet of the close",
  writingNotices: "Could not write the notices",
  generatingCount: "Count sheet not generated",
  selectingCountSheet: "Could not go to the count sheet",
  checkingCount: "Could not check the count entries",
  comparingCount: "Could not compare the count",
  postingCount: "Nothing was posted",
  reviewingGl: "Could not review the GL accounts",
  savingReason: "The reason was not recorded",
  agingSuspense: "Could not age the suspense items",
  signingOff: "Not signed",
  verifying: "Could not verify",
  packingEvidence: "Could not build the evidence pack",
  writingSummary: "Could not write the Close Summary",
};

/** What to do after a failure, where the error itself cannot say. */
const FAILURE_HINTS: Readonly<Partial<Record<Task, string>>> = {
  writingClose:
    "Reconcile again before anything else: the entries to post are then worked out from what the Difference Account sheet now holds, so nothing is posted twice.",
};

const CANCEL_MESSAGES: Readonly<Record<Task, string>> = {
  opening: "Nothing was opened.",
  detecting: "Sheet detection stopped; nothing was changed.",
  importing:
    "The import stopped. Select Detect sheets to see whether the new sheet was written before it stopped.",
  redetecting: "The statement was imported, but sheet detection stopped: select Detect sheets.",
  savingMappings:
    "Stopped while saving the column mappings; those saved before it stopped are kept. Nothing was reconciled.",
  reconciling: "The reconciliation stopped before writing anything.",
  writing:
    "Cancelled while writing the Breaks sheet: reconcile again before relying on that sheet.",
  saving: "Nothing was saved.",
  selecting: "",
  goingToIssue: "",
  savingStatus: "",
  previewing: "The entries to post were not updated.",
  posting: "Nothing was posted.",
  writingClose: "",
  writingNotices: "Nothing was written.",
  generatingCount: "The count sheet was not written.",
  selectingCountSheet: "",
  checkingCount: "The count sheet was not changed.",
  comparingCount: "Nothing was written: the count sheet and schedule are as they were.",
  postingCount: "Nothing was posted.",
  reviewingGl: "",
  savingReason: "",
  agingSuspense: "",
  signingOff: "",
  verifying: "",
  packingEvidence: "Nothing was downloaded.",
  writingSummary: "",
};

export type Work = (
  signal: AbortSignal,
  onProgress: ProgressListener,
  setTask: (task: Task, cancellable?: boolean) => void,
) => Promise<void>;

/**
 * Rows of the Money Breaks sheet: moneyBreaksTable writes one row per break, in the result's
 * order, below its header. (writeBreaksSheet returns this map for the Breaks sheet only.)
 */
function moneyBreakRows(result: ReconciliationResult): ReadonlyMap<string, number> {
  return new Map((result.money?.breaks ?? []).map((item, index) => [item.id, index + 2] as const));
}

/** Saves each mapping as its sheet's profile, one after another (each reads the settings). */
async function saveMappings(
  port: WorkbookPort,
  saves: readonly MappingSave[],
  signal: AbortSignal,
): Promise<void> {
  for (const { sheet, mapping } of saves) {
    signal.throwIfAborted();
    await saveMapping(port, sheet, mapping);
  }
}

export function useReconciliationFlow(
  host: TaskpaneHost,
  today: () => IsoDate,
  now: () => Timestamp,
  engine: EngineClient = inThreadEngine,
): ReconciliationFlow {
  const [workbook, setWorkbook] = useState<OpenedWorkbook | null>(
    host.kind === "excel" ? host.workbook : null,
  );
  const [detected, setDetected] = useState<NumberedDetection | null>(null);
  const [imported, setImported] = useState<StatementImportOutcome | null>(null);
  const [outcome, setOutcome] = useState<RunOutcome | null>(null);
  const [busy, setBusy] = useState<Busy | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const running = useRef<AbortController | null>(null);
  const [summaryWritten, setSummaryWritten] = useState<ReconciliationFlow["summaryWritten"]>(null);
  // The 4523 steps' results, read when the close writes its summary (they come after it here).
  const registersNow = useRef<SummaryRegisters>(NO_REGISTERS);
  const registers = useCallback(() => registersNow.current, []);

  /** Runs one task: shows its progress, and turns what it throws into a notice. */
  const perform = useCallback(async (task: Task, cancellable: boolean, work: Work) => {
    const controller = new AbortController();
    running.current = controller;
    let current = task;
    setBusy({ task, progress: null, cancellable });
    setNotice(null);
    const setTask = (next: Task, nextCancellable = cancellable) => {
      current = next;
      setBusy({ task: next, progress: null, cancellable: nextCancellable });
    };
    const onProgress: ProgressListener = (progress) =>
      setBusy((state) => (state === null ? null : { ...state, progress }));
    try {
      await work(controller.signal, onProgress, setTask);
    } catch (error) {
      if (controller.signal.aborted || isAbortError(error)) {
        setNotice({
          task: current,
          intent: "info",
          title: "Cancelled",
          message: CANCEL_MESSAGES[current],
        });
      } else {
        const hint = FAILURE_HINTS[current];
        setNotice({
          task: current,
          intent: "error",
          title: FAILURE_TITLES[current],
          message: hint === undefined ? errorMessage(error) : `${errorMessage(error)} ${hint}`,
        });
      }
    } finally {
      running.current = null;
      setBusy(null);
    }
  }, []);

  /** Quick and frequent: no progress bar, but a failure is still shown. */
  const goTo = useCallback(
    (task: Task, sheet: string, row: number, column: number) => {
      if (workbook === null) return;
      workbook.port.selectCell(sheet, row, column).catch((error: unknown) => {
        setNotice({
          task,
          intent: "error",
          title: FAILURE_TITLES[task],
          message: errorMessage(error),
        });
      });
    },
    [workbook],
  );

  const showDetection = useCallback((detection: Detection) => {
    setDetected((previous) => ({ detection, number: (previous?.number ?? 0) + 1 }));
    setOutcome(null);
  }, []);

  const openFile = useCallback(
    (file: File) => {
      if (host.kind !== "browser") return;
      void perform("opening", false, async () => {
        const opened = await host.openFile(file);
        setWorkbook(opened);
        setDetected(null);
        setImported(null);
        setOutcome(null);
      });
    },
    [host, perform],
  );

  const detect = useCallback(() => {
    if (workbook === null) return;
    void perform("detecting", true, async (signal, onProgress) => {
      showDetection(await engine.detect(workbook.port, { signal, onProgress }));
    });
  }, [workbook, perform, showDetection, engine]);

  const importFile = useCallback(
    (file: File, contra: string) => {
      if (workbook === null) return;
      setImported(null);
      void perform("importing", true, async (signal, onProgress, setTask) => {
        const result = await importStatementFile(workbook.port, file, contra, {
          signal,
          onProgress,
        });
        setImported(result);
        if (!result.result.imported) return;
        // Detected again so the new sheet appears in the form with the role its headers suggest.
        setTask("redetecting");
        showDetection(await engine.detect(workbook.port, { signal, onProgress }));
      });
    },
    [workbook, perform, showDetection, engine],
  );

  const close = useCloseActions({
    workbook,
    outcome,
    setOutcome,
    perform,
    setNotice,
    today,
    now,
    engine,
    registers,
  });

  const reconcile = useCallback(
    (plan: RunPlan, saves: readonly MappingSave[]) => {
      if (workbook === null) return;
      setOutcome(null);
      const first = saves.length > 0 ? "savingMappings" : "reconciling";
      void perform(first, true, async (signal, onProgress, setTask) => {
        if (saves.length > 0) {
          await saveMappings(workbook.port, saves, signal);
          const sheets = saves.map((save) => save.sheet).join(", ");
          await logEvents(
            workbook.port,
            [
              {
                action: "settings",
                scope: SETTINGS_SHEET,
                details: `Column mappings saved for ${sheets} (task pane)`,
              },
            ],
            { actor: close.actor, timestamp: now() },
            "Saving the column mappings",
          );
          // Same number: the form keeps the user's choices and now sees them as saved.
          setDetected((previous) =>
            previous === null
              ? null
              : { ...previous, detection: withSavedMappings(previous.detection, saves) },
          );
          setTask("reconciling");
        }
        const confirmed = new Set<string>();
        const run = await previewClose(workbook.port, plan, {
          engine,
          today: today(),
          confirmed,
          signal,
          onProgress,
        });
        // Show the clock and the results at once; the break buttons come alive when the sheets
        // are written.
        const shown = outcomeOf(plan, run, confirmed);
        setOutcome(shown);
        const result = shown.result;
        if (result === null) return;
        setTask("writing");
        // The statuses on the sheet are read again here: a sheet whose status entries cannot
        // be read is left as it is, and the issues say where.
        const written = await writeBreaksSheet(workbook.port, result, { signal, onProgress });
        const sheetIssues = written.issues;
        setOutcome({
          ...shown,
          issues: mergeIssues(shown.issues, sheetIssues),
          sheetIssues,
          breaksSheet: written.written
            ? { name: written.sheetName, rowOfBreak: written.rowOfBreak }
            : null,
          moneyBreaksSheet:
            result.money === null || !written.written
              ? null
              : { name: MONEY_BREAKS_SHEET, rowOfBreak: moneyBreakRows(result) },
          statuses: written.written ? statusesByBreak(result, written.statuses) : null,
        });
      });
    },
    [workbook, perform, today, now, close.actor, engine],
  );

  const selectBreak = useCallback(
    (breakId: string) => {
      const sheet = outcome?.breaksSheet;
      const row = sheet?.rowOfBreak.get(breakId);
      if (sheet && row !== undefined) goTo("selecting", sheet.name, row, 1);
    },
    [outcome, goTo],
  );

  const selectMoneyBreak = useCallback(
    (breakId: string) => {
      const sheet = outcome?.moneyBreaksSheet;
      const row = sheet?.rowOfBreak.get(breakId);
      if (sheet && row !== undefined) goTo("selecting", sheet.name, row, 1);
    },
    [outcome, goTo],
  );

  const selectCell = useCallback(
    (target: CellTarget) => goTo("goingToIssue", target.sheet, target.row, target.column),
    [goTo],
  );

  const download = useCallback(() => {
    const toBytes = workbook?.toBytes;
    if (!workbook || !toBytes) return;
    void perform("saving", false, async () => {
      const fileName = reconciledFileName(workbook.fileName ?? "workbook.xlsx");
      downloadBytes(await toBytes(), fileName);
      setNotice({ task: "saving", intent: "success", title: "Downloaded", message: fileName });
    });
  }, [workbook, perform]);

  const supervision = useSupervisionActions({
    workbook,
    perform,
    setNotice,
    now,
    actor: close.actor,
  });

  const glReviewDone = supervision.glReview?.review ?? null;
  const suspenseDone = supervision.suspense?.aging ?? null;
  const signoffChecks = supervision.verification?.checks ?? null;
  useEffect(() => {
    registersNow.current = {
      glReview: glReviewDone,
      suspense: suspenseDone,
      signoffs: signoffChecks,
    };
  }, [glReviewDone, suspenseDone, signoffChecks]);

  const summaryClose = outcome?.close ?? null;
  const writeSummary = useCallback(() => {
    if (workbook === null || summaryClose === null) return;
    void perform("writingSummary", false, async () => {
      const table = await writeCloseSummary(workbook.port, summaryClose, registers());
      await logEvents(
        workbook.port,
        [
          {
            action: "run",
            scope: CLOSE_SUMMARY_SHEET,
            details: `Close Summary of the count of ${summaryClose.reconciliation.asOf}: ${countOf(table.rows.length, "row", "rows")} (task pane)`,
          },
        ],
        { actor: close.actor, timestamp: now() },
        "The Close Summary",
      );
      setSummaryWritten({ asOf: summaryClose.reconciliation.asOf, rows: table.rows.length });
      setNotice({
        task: "writingSummary",
        intent: "success",
        title: "Close Summary written",
        message: `${countOf(table.rows.length, "row", "rows")} on the ${CLOSE_SUMMARY_SHEET} sheet for the count of ${summaryClose.reconciliation.asOf}, with the GL review, suspense aging and sign-offs done so far.`,
      });
    });
  }, [workbook, summaryClose, perform, registers, now, close.actor]);

  const count = useCountActions({
    workbook,
    plan: outcome?.plan ?? detected?.detection.plan ?? null,
    perform,
    setNotice,
    today,
    now,
    actor: close.actor,
    engine,
  });

  const cancel = useCallback(() => running.current?.abort(), []);
  const dismissNotice = useCallback(() => setNotice(null), []);

  const issues = useMemo(
    () =>
      collectIssues([
        { source: "detection", issues: detected?.detection.issues ?? [] },
        { source: "import", issues: imported?.result.issues ?? [] },
        { source: "run", issues: outcome?.issues ?? [] },
        { source: "count", issues: count.issues },
      ]),
    [detected, imported, outcome, count.issues],
  );

  return {
    workbook,
    detected,
    imported,
    outcome,
    issues,
    busy,
    notice,
    openFile,
    detect,
    importFile,
    reconcile,
    selectBreak,
    selectMoneyBreak,
    selectCell,
    today,
    actor: close.actor,
    setActor: close.setActor,
    changeStatus: close.changeStatus,
    confirmResolution: close.confirmResolution,
    post: close.post,
    writeNotices: close.writeNotices,
    download,
    writeSummary,
    summaryWritten,
    engineThread: engine.thread,
    count,
    supervision,
    cancel,
    dismissNotice,
  };
}
