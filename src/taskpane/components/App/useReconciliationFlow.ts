/**
 * The task pane's flow as state: open a workbook (plain browser), detect its sheets, reconcile,
 * write the Breaks sheet, go to a break, download. Every failure becomes a notice the user sees,
 * shown next to the step that failed; a cancelled run says so and is not reported as an error.
 */
import { useCallback, useRef, useState } from "react";
import type { Issue } from "../../../domain/issues";
import {
  detectSheetRoles,
  reconcileWorkbook,
  writeBreaksSheet,
  type Detection,
  type ReconciliationResult,
  type RunPlan,
} from "../../../workbook/monthEnd";
import type { Progress, ProgressListener } from "../../../workbook/port";
import { downloadBytes, reconciledFileName } from "../../download";
import { errorMessage, isAbortError } from "../../format";
import type { OpenedWorkbook, TaskpaneHost } from "../../host";

export type Task = "opening" | "detecting" | "reconciling" | "writing" | "saving" | "selecting";

/** Where in the pane a task's progress and outcome are shown. */
export type Step = "workbook" | "sheets" | "results";

export const STEP_OF_TASK: Readonly<Record<Task, Step>> = {
  opening: "workbook",
  detecting: "workbook",
  reconciling: "sheets",
  writing: "sheets",
  saving: "results",
  selecting: "results",
};

export const TASK_TITLES: Readonly<Record<Task, string>> = {
  opening: "Opening the workbook",
  detecting: "Detecting sheets",
  reconciling: "Reconciling",
  writing: "Writing the Breaks sheet",
  saving: "Preparing the download",
  selecting: "Going to the break",
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

export interface RunOutcome {
  readonly result: ReconciliationResult | null;
  readonly issues: readonly Issue[];
  /** Set once the Breaks sheet is written. */
  readonly breaksSheet: {
    readonly name: string;
    readonly rowOfBreak: ReadonlyMap<string, number>;
  } | null;
}

export interface NumberedDetection {
  readonly detection: Detection;
  /** Changes with every detection, so the form starts afresh from it. */
  readonly number: number;
}

export interface ReconciliationFlow {
  readonly workbook: OpenedWorkbook | null;
  readonly detected: NumberedDetection | null;
  readonly outcome: RunOutcome | null;
  readonly busy: Busy | null;
  readonly notice: Notice | null;
  readonly openFile: (file: File) => void;
  readonly detect: () => void;
  readonly reconcile: (plan: RunPlan) => void;
  readonly selectBreak: (breakId: string) => void;
  readonly download: () => void;
  readonly cancel: () => void;
  readonly dismissNotice: () => void;
}

const FAILURE_TITLES: Readonly<Record<Task, string>> = {
  opening: "Could not open the workbook",
  detecting: "Could not read the sheets",
  reconciling: "Could not reconcile",
  writing: "Could not write the Breaks sheet",
  saving: "Could not save the workbook",
  selecting: "Could not go to the break",
};

const CANCEL_MESSAGES: Readonly<Record<Task, string>> = {
  opening: "Nothing was opened.",
  detecting: "Sheet detection stopped; nothing was changed.",
  reconciling: "The reconciliation stopped before writing anything.",
  writing:
    "Cancelled while writing the Breaks sheet: reconcile again before relying on that sheet.",
  saving: "Nothing was saved.",
  selecting: "",
};

type Work = (
  signal: AbortSignal,
  onProgress: ProgressListener,
  setTask: (task: Task) => void,
) => Promise<void>;

export function useReconciliationFlow(host: TaskpaneHost): ReconciliationFlow {
  const [workbook, setWorkbook] = useState<OpenedWorkbook | null>(
    host.kind === "excel" ? host.workbook : null,
  );
  const [detected, setDetected] = useState<NumberedDetection | null>(null);
  const [outcome, setOutcome] = useState<RunOutcome | null>(null);
  const [busy, setBusy] = useState<Busy | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const running = useRef<AbortController | null>(null);

  /** Runs one task: shows its progress, and turns what it throws into a notice. */
  const perform = useCallback(async (task: Task, cancellable: boolean, work: Work) => {
    const controller = new AbortController();
    running.current = controller;
    let current = task;
    setBusy({ task, progress: null, cancellable });
    setNotice(null);
    const setTask = (next: Task) => {
      current = next;
      setBusy({ task: next, progress: null, cancellable });
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
        setNotice({
          task: current,
          intent: "error",
          title: FAILURE_TITLES[current],
          message: errorMessage(error),
        });
      }
    } finally {
      running.current = null;
      setBusy(null);
    }
  }, []);

  const openFile = useCallback(
    (file: File) => {
      if (host.kind !== "browser") return;
      void perform("opening", false, async () => {
        const opened = await host.openFile(file);
        setWorkbook(opened);
        setDetected(null);
        setOutcome(null);
      });
    },
    [host, perform],
  );

  const detect = useCallback(() => {
    if (workbook === null) return;
    void perform("detecting", true, async (signal, onProgress) => {
      const detection = await detectSheetRoles(workbook.port, { signal, onProgress });
      setDetected((previous) => ({ detection, number: (previous?.number ?? 0) + 1 }));
      setOutcome(null);
    });
  }, [workbook, perform]);

  const reconcile = useCallback(
    (plan: RunPlan) => {
      if (workbook === null) return;
      setOutcome(null);
      void perform("reconciling", true, async (signal, onProgress, setTask) => {
        const { result, issues } = await reconcileWorkbook(workbook.port, plan, {
          signal,
          onProgress,
        });
        // Show the results at once; the break buttons come alive when the sheet is written.
        setOutcome({ result, issues, breaksSheet: null });
        if (result === null) return;
        setTask("writing");
        const written = await writeBreaksSheet(workbook.port, result, { signal, onProgress });
        setOutcome({
          result,
          issues,
          breaksSheet: { name: written.sheetName, rowOfBreak: written.rowOfBreak },
        });
      });
    },
    [workbook, perform],
  );

  const selectBreak = useCallback(
    (breakId: string) => {
      const sheet = outcome?.breaksSheet;
      const row = sheet?.rowOfBreak.get(breakId);
      if (workbook === null || !sheet || row === undefined) return;
      // Quick and frequent: no progress bar, but a failure is still shown.
      workbook.port.selectCell(sheet.name, row, 1).catch((error: unknown) => {
        setNotice({
          task: "selecting",
          intent: "error",
          title: FAILURE_TITLES.selecting,
          message: errorMessage(error),
        });
      });
    },
    [workbook, outcome],
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

  const cancel = useCallback(() => running.current?.abort(), []);
  const dismissNotice = useCallback(() => setNotice(null), []);

  return {
    workbook,
    detected,
    outcome,
    busy,
    notice,
    openFile,
    detect,
    reconcile,
    selectBreak,
    download,
    cancel,
    dismissNotice,
  };
}
