/**
 * The SEA Rule 17a-13 quarterly count in the pane, after the Difference-account posting: generate
 * the `Count <date>` sheet from the stock record, let people enter counts and confirmations in
 * Excel, fill in who counted and supervised, check the entries, compare with the records and post
 * the unresolved differences to the Difference account on the 7-business-day clock. Each runs as
 * a task of the flow over src/workbook/countRun.ts; every change to the workbook is logged to the
 * Audit Log. The clock and the names are parameters, read at the edge.
 */
import { useCallback, useEffect, useState } from "react";
import type { Timestamp } from "../../../domain/auditLog";
import { countSchedule, type CountSchedule } from "../../../domain/countSchedule";
import type { IsoDate } from "../../../domain/isoDate";
import type { Issue } from "../../../domain/issues";
import { LEDGER_SHEET } from "../../../domain/ledgerSheet";
import type { RunPlan } from "../../../domain/roles";
import type { CountComparison } from "../../../domain/securityCount";
import {
  countsHeld,
  type CountGenerated,
  type CountResult,
  type CountSources,
} from "../../../workbook/countRun";
import { COUNT_SCHEDULE_SHEET } from "../../../workbook/countScheduleSheet";
import { COUNT_HEADERS, countSheetName } from "../../../workbook/countSheet";
import type { WorkbookPort } from "../../../workbook/port";
import { loadSettings } from "../../../workbook/settingsStore";
import type { ClockHeadline } from "../../../workbook/clockHeadline";
import type { EngineClient } from "../../engine/engine";
import { writePlanned } from "../../engine/plannedWrites";
import { countOf, errorMessage } from "../../format";
import type { OpenedWorkbook } from "../../host";
import { logEvents } from "../../paneAudit";
import {
  countHeadline,
  countPeopleOf,
  differenceRows,
  outcomeRows,
  tallyLines,
  type CountPeopleShown,
} from "../Count/countModel";
import type { Notice, Task, Work } from "./useReconciliationFlow";

export interface CountAsk {
  readonly countDate: IsoDate;
  /** The cycle this count is a part of; empty for a whole count. */
  readonly cycle: string;
  /** Count only these locations; empty for every location. */
  readonly locations: readonly string[];
}

export interface CountChecked {
  readonly countDate: IsoDate;
  readonly comparison: CountComparison;
  /** Lines that now name the counter typed in the pane. */
  readonly countedByLines: number;
}

export interface CountCompared {
  readonly countDate: IsoDate;
  readonly result: CountResult;
  readonly headline: ClockHeadline;
}

export interface CountActionsInput {
  readonly workbook: OpenedWorkbook | null;
  /** The plan of the last detection or run: its stock record and locations map. */
  readonly plan: RunPlan | null;
  readonly perform: (task: Task, cancellable: boolean, work: Work) => Promise<void>;
  readonly setNotice: (notice: Notice) => void;
  readonly today: () => IsoDate;
  readonly now: () => Timestamp;
  /** The name typed in the pane: the Audit Log's actor and who posts. */
  readonly actor: string;
  /**
   * Works out each step off the UI thread; the step's tables are written here after, so a
   * cancelled step has written nothing.
   */
  readonly engine: EngineClient;
}

export interface CountActions {
  /** As of today, from every `Count <date>` sheet; null until read. */
  readonly schedule: CountSchedule | null;
  readonly people: CountPeopleShown | null;
  readonly generated: (CountGenerated & { readonly countDate: IsoDate }) | null;
  /** The count date whose sheet holds entries and was not rebuilt; null when none was refused. */
  readonly overwriteRefused: IsoDate | null;
  readonly checked: CountChecked | null;
  readonly compared: CountCompared | null;
  /** The issues of the last count action, for the issues panel. */
  readonly issues: readonly Issue[];
  readonly generate: (ask: CountAsk, replace: boolean) => void;
  /** Selects the Counted Quantity cell of `row` (1-based) on the count sheet. */
  readonly selectSheet: (countDate: IsoDate, row: number) => void;
  readonly check: (countDate: IsoDate, countedBy: string, supervisedBy: string) => void;
  readonly compare: (countDate: IsoDate, post: boolean) => void;
}

const COUNTED_QUANTITY_COLUMN = COUNT_HEADERS.indexOf("Counted Quantity") + 1;

/** The stock record and locations map: the run's, else the sheets their usual names say. */
async function countSources(port: WorkbookPort, plan: RunPlan | null): Promise<CountSources> {
  if (plan !== null) return { books: plan.books, locations: plan.locations ?? null };
  const names = (await port.listSheets()).map((sheet) => sheet.name);
  const books = names.find((name) => /stock\s*record/i.test(name));
  if (books === undefined) {
    throw new Error(
      'No stock record was found: no sheet is named "Stock Record". Select Detect sheets and confirm which sheet is the stock record, then generate again.',
    );
  }
  return { books, locations: names.find((name) => /^locations?(\s*map)?$/i.test(name)) ?? null };
}

async function readSchedule(port: WorkbookPort, today: IsoDate): Promise<CountSchedule> {
  return countSchedule((await countsHeld(port)).counts, today);
}

function errorsOf(issues: readonly Issue[]): Issue[] {
  return issues.filter((issue) => issue.severity === "error");
}

function generatedDetails(generated: CountGenerated, ask: CountAsk, replace: boolean): string {
  const tally = tallyLines(generated.lines);
  const cycle = ask.cycle.trim() === "" ? "" : `, cycle ${ask.cycle.trim()}`;
  const where = ask.locations.length === 0 ? "" : `, locations ${ask.locations.join(", ")}`;
  const rebuilt = replace
    ? `; rebuilt keeping the entries of ${countOf(generated.keptEntries, "line", "lines")}`
    : "";
  return `Count sheet for ${ask.countDate}${cycle}${where}: ${countOf(generated.lines.length, "line", "lines")} (${tally.toCount} to count, ${tally.toVerify} to verify, ${tally.accountedFor} accounted for, ${tally.byReconciliation} verified by reconciliation)${rebuilt} (task pane)`;
}

export function useCountActions(input: CountActionsInput): CountActions {
  const { workbook, plan, perform, setNotice, today, now, actor, engine } = input;
  const [schedule, setSchedule] = useState<CountSchedule | null>(null);
  const [people, setPeople] = useState<CountPeopleShown | null>(null);
  const [generated, setGenerated] = useState<CountActions["generated"]>(null);
  const [overwriteRefused, setOverwriteRefused] = useState<IsoDate | null>(null);
  const [checked, setChecked] = useState<CountChecked | null>(null);
  const [compared, setCompared] = useState<CountCompared | null>(null);
  const [issues, setIssues] = useState<readonly Issue[]>([]);

  // Another workbook opened: what was shown belongs to the last one (reset while rendering).
  const [shownFor, setShownFor] = useState(workbook);
  if (shownFor !== workbook) {
    setShownFor(workbook);
    setGenerated(null);
    setOverwriteRefused(null);
    setChecked(null);
    setCompared(null);
    setIssues([]);
  }

  const refresh = useCallback(
    async (port: WorkbookPort) => {
      const loaded = await loadSettings(port);
      setPeople(countPeopleOf(loaded.settings));
      setSchedule(await readSchedule(port, today()));
    },
    [today],
  );

  useEffect(() => {
    if (workbook === null) return;
    let live = true;
    Promise.all([loadSettings(workbook.port), readSchedule(workbook.port, today())]).then(
      ([loaded, read]) => {
        if (!live) return;
        setPeople(countPeopleOf(loaded.settings));
        setSchedule(read);
      },
      (error: unknown) =>
        live &&
        setNotice({
          task: "generatingCount",
          intent: "error",
          title: "Could not read the count schedule",
          message: errorMessage(error),
        }),
    );
    return () => {
      live = false;
    };
  }, [workbook, today, setNotice]);

  const generate = useCallback(
    (ask: CountAsk, replace: boolean) => {
      if (workbook === null) return;
      void perform("generatingCount", true, async (signal, onProgress, setTask) => {
        const port = workbook.port;
        const sources = await countSources(port, plan);
        const options = {
          countDate: ask.countDate,
          cycle: ask.cycle.trim() === "" ? null : ask.cycle.trim(),
          onlyLocations: ask.locations.length === 0 ? null : ask.locations,
          replace,
        };
        const planned = await engine.generateCount(
          port,
          { sources, options },
          { signal, onProgress },
        );
        // Written whole once worked out: a cancel between two tables would leave half a step.
        setTask("generatingCount", false);
        await writePlanned(port, planned.writes);
        const run = planned.outcome;
        setIssues(run.issues);
        if (!run.written) {
          const refusedOverwrite = run.issues.some(
            (i) => i.code === "count_sheet_must_not_be_overwritten",
          );
          setOverwriteRefused(refusedOverwrite ? ask.countDate : null);
          if (refusedOverwrite) {
            throw new Error(
              `${run.sheetName} already holds entries, so it was not generated again. Record and compare the count as it stands, or select "Rebuild, keeping entries": every entry stays on its line.`,
            );
          }
          throw new Error(
            errorsOf(run.issues)
              .map((i) => `${i.message} ${i.hint}`)
              .join(" "),
          );
        }
        await logEvents(
          port,
          [{ action: "run", scope: run.sheetName, details: generatedDetails(run, ask, replace) }],
          { actor, timestamp: now() },
          "The count sheet",
        );
        setOverwriteRefused(null);
        setGenerated({ ...run, countDate: ask.countDate });
        setChecked(null);
        setCompared(null);
        await refresh(port);
        const tally = tallyLines(run.lines);
        const kept = replace
          ? ` ${countOf(run.keptEntries, "line keeps its", "lines keep their")} entries.`
          : "";
        setNotice({
          task: "generatingCount",
          intent: "success",
          title: replace ? "Count sheet rebuilt" : "Count sheet written",
          message: `${run.sheetName}: ${countOf(tally.toCount, "line", "lines")} to count, ${tally.toVerify} to verify.${kept}`,
        });
      });
    },
    [workbook, plan, perform, setNotice, now, actor, refresh, engine],
  );

  const selectSheet = useCallback(
    (countDate: IsoDate, row: number) => {
      if (workbook === null) return;
      void perform("selectingCountSheet", false, async () => {
        await workbook.port.selectCell(countSheetName(countDate), row, COUNTED_QUANTITY_COLUMN);
      });
    },
    [workbook, perform],
  );

  const check = useCallback(
    (countDate: IsoDate, countedBy: string, supervisedBy: string) => {
      if (workbook === null) return;
      const counter = countedBy.trim();
      const supervisor = supervisedBy.trim();
      void perform("checkingCount", true, async (signal, onProgress, setTask) => {
        const port = workbook.port;
        const options = {
          countDate,
          entries: [],
          countedBy: counter === "" ? null : counter,
          supervisedBy: supervisor === "" ? null : supervisor,
        };
        const planned = await engine.recordCount(port, options, { signal, onProgress });
        setTask("checkingCount", false);
        await writePlanned(port, planned.writes);
        const run = planned.outcome;
        setIssues(run.issues);
        if (run.comparison === null || run.read === null) {
          throw new Error(
            errorsOf(run.issues)
              .map((i) => `${i.message} ${i.hint}`)
              .join(" "),
          );
        }
        const names = [
          counter === "" ? "" : `counted by ${counter}`,
          supervisor === "" ? "" : `supervised by ${supervisor}`,
        ].filter((part) => part !== "");
        const rows = outcomeRows(run.comparison.lines);
        const open = rows.filter((r) => r.attention).length;
        await logEvents(
          port,
          [
            {
              action: "run",
              scope: run.read.sheet,
              details: `Count entries of ${countDate} checked: ${countOf(rows.length, "line", "lines")}, ${open} needing action${names.length === 0 ? "" : `; names filled where none was entered: ${names.join(", ")}`} (task pane)`,
            },
          ],
          { actor, timestamp: now() },
          "Checking the count",
        );
        const countedByLines =
          counter === "" ? 0 : run.read.recorded.filter((r) => r.countedBy === counter).length;
        setChecked({ countDate, comparison: run.comparison, countedByLines });
        setCompared(null);
        setNotice({
          task: "checkingCount",
          intent: open === 0 ? "success" : "info",
          title: "Entries checked",
          message: `${countOf(rows.length, "line", "lines")} on ${run.read.sheet}: ${open === 0 ? "every line is counted or accounted for" : `${countOf(open, "line needs", "lines need")} action`}.${counter === "" ? "" : ` ${countOf(countedByLines, "line names", "lines name")} ${counter} as counter.`}`,
        });
      });
    },
    [workbook, perform, setNotice, now, actor, engine],
  );

  const compare = useCallback(
    (countDate: IsoDate, post: boolean) => {
      const name = actor.trim();
      if (workbook === null || (post && name === "")) return;
      const task = post ? "postingCount" : "comparingCount";
      void perform(task, true, async (signal, onProgress, setTask) => {
        const port = workbook.port;
        const loaded = await loadSettings(port);
        const shownPeople = countPeopleOf(loaded.settings);
        const day = today();
        const options = {
          countDate,
          today: day,
          actor: name,
          post,
          // A count difference that disappeared is only proposed: the pane resolves none by itself.
          confirmResolutions: new Set<string>(),
          people: shownPeople.people,
          settings: loaded.settings,
        };
        const planned = await engine.compareCount(port, options, { signal, onProgress });
        // The ledger, the count sheet and the schedule are written together or not at all.
        setTask(task, false);
        await writePlanned(port, planned.writes);
        const run = planned.outcome;
        setPeople(shownPeople);
        const result = run.result;
        if (result === null) {
          setIssues(run.issues);
          throw new Error(
            errorsOf(run.issues)
              .map((i) => `${i.message} ${i.hint}`)
              .join(" "),
          );
        }
        setIssues(run.issues);
        const headline = countHeadline(result);
        const differences = differenceRows(outcomeRows(result.comparison.lines)).length;
        const events = [
          {
            action: "run" as const,
            scope: result.sheetName,
            details: `Count of ${countDate} compared with the records: ${countOf(differences, "line", "lines")} with a difference, ${countOf(result.plan.postings.length, "entry", "entries")} to post, ${countOf(result.independence.length, "independence finding", "independence findings")} (task pane)`,
          },
          {
            action: "run" as const,
            scope: COUNT_SCHEDULE_SHEET,
            details: `Count schedule as of ${result.schedule.asOf}: ${countOf(result.schedule.issues.length, "finding", "findings")} (task pane)`,
          },
          ...(result.posted.length === 0
            ? []
            : [
                {
                  action: "posting" as const,
                  scope: LEDGER_SHEET,
                  details: `${countOf(result.posted.length, "entry", "entries")} (${result.posted.map((p) => p.entryId).join(", ")}) posted from the security count of ${countDate}, posted by ${name} (task pane)`,
                },
              ]),
        ];
        await logEvents(port, events, { actor: name, timestamp: now() }, "The count comparison");
        setCompared({ countDate, result, headline });
        setSchedule(await readSchedule(port, day));
        setNotice(compareNotice(result, post, name));
      });
    },
    [workbook, perform, setNotice, today, now, actor, engine],
  );

  return {
    schedule,
    people,
    generated,
    overwriteRefused,
    checked,
    compared,
    issues,
    generate,
    selectSheet,
    check,
    compare,
  };
}

function compareNotice(result: CountResult, post: boolean, name: string): Notice {
  const task: Task = post ? "postingCount" : "comparingCount";
  if (!post) {
    return {
      task,
      intent: "info",
      title: "Count compared",
      message: `${countOf(result.plan.postings.length, "entry is", "entries are")} to post to the Difference account; the deadline is ${result.plan.deadline}.`,
    };
  }
  if (result.posted.length > 0) {
    const first = result.posted[0]!;
    const last = result.posted.at(-1)!;
    const range = first === last ? first.entryId : `${first.entryId} – ${last.entryId}`;
    return {
      task,
      intent: "success",
      title: "Posted to the Difference account",
      message: `${countOf(result.posted.length, "entry", "entries")} (${range}) from the count of ${result.countDate} appended on ${first.postedOn}, posted by ${name}.`,
    };
  }
  const refusal = result.issues.find(
    (i) =>
      i.code === "count_must_be_complete_to_post" || i.code === "ledger_must_be_readable_to_post",
  );
  if (refusal !== undefined) {
    const why = refusal.message.replace(/^Nothing was posted: /, "");
    const message = `${why.charAt(0).toUpperCase()}${why.slice(1)}`;
    return { task, intent: "error", title: "Nothing was posted", message };
  }
  return {
    task,
    intent: "info",
    title: "Nothing to post",
    message: `The Difference account already holds every difference of the count of ${result.countDate}: nothing was posted twice.`,
  };
}
