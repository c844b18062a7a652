import { Caption1, Title3 } from "@fluentui/react-components";
import { useCallback, useMemo, type ReactNode } from "react";
import type { Timestamp } from "../../../domain/auditLog";
import type { IsoDate } from "../../../domain/isoDate";
import { inThreadEngine, type EngineClient } from "../../engine/engine";
import { fixedDayTimestamp } from "../../today";
import { MonthAtAGlance } from "../MonthAtAGlance/MonthAtAGlance";
import { glanceEntries, stepAnchorId, type FlowStep } from "../MonthAtAGlance/monthModel";
import { CloseSummaryStep } from "../Supervision/CloseSummaryStep";
import { CountStep } from "../Count/CountStep";
import { countPartOf, defaultCountDate } from "../Count/countModel";
import { EvidenceStep } from "../Supervision/EvidenceStep";
import { GlReviewStep } from "../Supervision/GlReviewStep";
import { SignOffStep } from "../Supervision/SignOffStep";
import { SuspenseStep } from "../Supervision/SuspenseStep";
import { previousPeriod, signableScopes } from "../Supervision/supervisionModel";
import { VerifyStep } from "../Supervision/VerifyStep";
import type { TaskpaneHost } from "../../host";
import { CloseClock } from "../CloseClock/CloseClock";
import { DifferenceAging } from "../DifferenceAging/DifferenceAging";
import { DifferencePosting } from "../DifferencePosting/DifferencePosting";
import { resolutionChoices } from "../DifferencePosting/postingModel";
import { IssuesPanel } from "../IssuesPanel/IssuesPanel";
import { Notices } from "../Notices/Notices";
import { Results } from "../Results/Results";
import { SaveWorkbook } from "../SaveWorkbook/SaveWorkbook";
import { SheetRoleForm } from "../SheetRoleForm/SheetRoleForm";
import { StatementImport } from "../StatementImport/StatementImport";
import { WorkbookSource } from "../WorkbookSource/WorkbookSource";
import { StepStatus } from "./StepStatus";
import { useAppStyles } from "./useAppStyles.styles";
import { useReconciliationFlow, type Step } from "./useReconciliationFlow";

export interface AppProps {
  readonly host: TaskpaneHost;
  /**
   * The day, as the host's clock says when asked: read at the start of each action (a pane can
   * stay open past midnight). Tests and the demo fix it.
   */
  readonly today: () => IsoDate;
  /**
   * The time of an event (sign-offs, the Audit Log), read when it happens; noon UTC of `today`
   * when not given (tests).
   */
  readonly now?: () => Timestamp;
  /** Set when `today` is fixed by the plain-browser test and demo hook (`?today=`). */
  readonly fixedToday?: IsoDate | null;
  /**
   * Where the heavy work (the reconciliation and the close's planning) runs: the browser build
   * passes a Web Worker engine; tests in jsdom run it in the thread (the default).
   */
  readonly engine?: EngineClient;
}

/**
 * Moves focus to a step's section and scrolls it into view. The section takes focus only while
 * it has it (tabindex -1 until blur): Tab then goes on from the step, and a click inside a
 * section later does not select the whole section.
 */
function focusStep(step: FlowStep): void {
  const target = document.getElementById(stepAnchorId(step));
  if (target === null) return;
  target.setAttribute("tabindex", "-1");
  target.addEventListener("blur", () => target.removeAttribute("tabindex"), { once: true });
  target.scrollIntoView?.({ block: "start" });
  target.focus({ preventScroll: true });
}

/**
 * The StockRec pane, one flow top to bottom: the month at a glance, then workbook → import →
 * sheets → the close's clock → results and break statuses → posting → aging → notices → the
 * quarterly count → the 4523 steps → Close Summary → verify → evidence → issues.
 */
export function App({ host, today, now, fixedToday = null, engine = inThreadEngine }: AppProps) {
  const styles = useAppStyles();
  const clock = useMemo(() => now ?? (() => fixedDayTimestamp(today())), [now, today]);
  const flow = useReconciliationFlow(host, today, clock, engine);
  const goTo = useCallback((step: FlowStep) => focusStep(step), []);
  /** A step's place in the flow: the glance's links move focus here. */
  const anchor = (step: FlowStep, children: ReactNode) => (
    <div id={stepAnchorId(step)} className={styles.step}>
      {children}
    </div>
  );
  const supervision = flow.supervision;
  const day = today();
  const busy = flow.busy !== null;
  const status = (step: Step) => (
    <StepStatus
      step={step}
      busy={flow.busy}
      notice={flow.notice}
      onCancel={flow.cancel}
      onDismiss={flow.dismissNotice}
    />
  );
  const outcome = flow.outcome;
  const close = outcome?.close ?? null;
  const entries = glanceEntries({
    workbookName: flow.workbook?.fileName ?? null,
    workbookOpen: flow.workbook !== null,
    detectedSheets: flow.detected?.detection.proposals.length ?? null,
    close,
    statuses: outcome?.statuses ?? null,
    closeWritten: outcome?.closeWritten ?? false,
    countSchedule: flow.count.schedule,
    glReview: supervision.glReview?.review ?? null,
    suspense: supervision.suspense?.aging ?? null,
    suspenseNeedsAction: supervision.suspense?.needsAction ?? false,
    signoffs: supervision.verification?.checks ?? null,
    summaryWrittenFor:
      flow.summaryWritten?.asOf ??
      (outcome?.closeWritten === true && close !== null ? close.reconciliation.asOf : null),
    verifyProblems: supervision.verified ? (supervision.verification?.issues.length ?? 0) : null,
  });

  return (
    <main className={styles.root}>
      <header className={styles.header}>
        <Title3 as="h1">StockRec</Title3>
        <Caption1 className={styles.tagline}>
          Monthly stock record reconciliation and the Difference account (FINRA Rule 4522)
        </Caption1>
        {fixedToday !== null && (
          <Caption1 className={styles.fixedToday}>
            Date fixed to {fixedToday} by the page address (test and demo mode): entries and
            statuses are dated {fixedToday}.
          </Caption1>
        )}
      </header>
      <MonthAtAGlance entries={entries} onGoTo={goTo} />

      {anchor(
        "sources",
        <>
          <WorkbookSource
            source={host.kind === "excel" ? "excel" : "file"}
            workbook={flow.workbook}
            detected={flow.detected !== null}
            disabled={busy}
            onOpenFile={flow.openFile}
            onDetect={flow.detect}
            status={status("workbook")}
          />
          {flow.workbook !== null && (
            <StatementImport
              imported={flow.imported}
              disabled={busy}
              onImport={flow.importFile}
              status={status("import")}
            />
          )}
        </>,
      )}
      {anchor(
        "mapping",
        <>
          {flow.detected !== null && (
            <SheetRoleForm
              key={flow.detected.number}
              detection={flow.detected.detection}
              disabled={busy}
              onReconcile={flow.reconcile}
            />
          )}
          {status("sheets")}
        </>,
      )}
      {anchor(
        "reconcile",
        <>
          {close !== null && <CloseClock close={close} />}
          {outcome !== null && (
            <Results
              result={outcome.result}
              issues={outcome.issues}
              rowOfBreak={outcome.breaksSheet?.rowOfBreak ?? null}
              onSelectBreak={flow.selectBreak}
              rowOfMoneyBreak={outcome.moneyBreaksSheet?.rowOfBreak ?? null}
              onSelectMoneyBreak={flow.selectMoneyBreak}
              statusControls={
                outcome.statuses === null
                  ? undefined
                  : {
                      statuses: outcome.statuses,
                      disabled: busy,
                      today: flow.today,
                      onChange: flow.changeStatus,
                    }
              }
            />
          )}
          {status("results")}
        </>,
      )}
      {outcome !== null && close !== null && (
        <>
          {anchor(
            "posting",
            <>
              <DifferencePosting
                close={close}
                resolutions={resolutionChoices(
                  close.plan?.proposedResolutions ?? [],
                  outcome.knownResolutions,
                  outcome.confirmed,
                )}
                actor={flow.actor}
                disabled={busy}
                onActorChange={flow.setActor}
                onConfirmResolution={flow.confirmResolution}
                onPost={flow.post}
                status={status("posting")}
              />
              <DifferenceAging aged={close.aged} totals={close.agingTotals} />
            </>,
          )}
          {anchor(
            "notices",
            <Notices
              notices={close.notices}
              disabled={busy}
              onWrite={flow.writeNotices}
              status={status("notices")}
            />,
          )}
        </>
      )}
      {outcome?.result && outcome.breaksSheet && flow.workbook !== null && (
        <SaveWorkbook
          workbook={flow.workbook}
          sheetName={outcome.breaksSheet.name}
          breakCount={outcome.result.breaks.length}
          moneySheetName={outcome.moneyBreaksSheet?.name ?? null}
          moneyBreakCount={outcome.result.money?.breaks.length ?? 0}
          closeWritten={outcome.closeWritten}
          disabled={busy}
          onDownload={flow.download}
        />
      )}
      {status("save")}
      {flow.workbook !== null && (
        <>
          {anchor(
            "count",
            <CountStep
              count={flow.count}
              defaultCountDate={defaultCountDate(day, outcome?.result?.asOf ?? null)}
              actor={flow.actor}
              onActorChange={flow.setActor}
              disabled={busy}
              activePart={countPartOf(flow.busy?.task ?? flow.notice?.task ?? null)}
              status={status("count")}
            />,
          )}
          {anchor(
            "glReview",
            <GlReviewStep
              review={supervision.glReview}
              sameOwnerReason={supervision.sameOwnerReason}
              defaultAsOf={outcome?.result?.asOf ?? day}
              actor={flow.actor}
              disabled={busy}
              onReview={supervision.reviewGl}
              onSaveReason={supervision.saveSameOwnerReason}
              status={status("glReview")}
            />,
          )}
          {anchor(
            "suspense",
            <SuspenseStep
              suspense={supervision.suspense}
              defaultAsOf={outcome?.result?.asOf ?? day}
              disabled={busy}
              onAge={supervision.ageSuspense}
              status={status("suspense")}
            />,
          )}
          {anchor(
            "signoff",
            <SignOffStep
              scopes={signableScopes(supervision.sheets)}
              checks={supervision.verification?.checks ?? []}
              defaultPeriod={previousPeriod(day)}
              disabled={busy}
              onSignOff={supervision.signOff}
              status={status("signoff")}
            />,
          )}
          {anchor(
            "summary",
            <CloseSummaryStep
              countDate={close?.reconciliation.asOf ?? null}
              disabled={busy}
              onWrite={flow.writeSummary}
              status={status("summary")}
            />,
          )}
          {anchor(
            "verify",
            <VerifyStep
              verification={supervision.verified ? supervision.verification : null}
              disabled={busy}
              onVerify={supervision.verify}
              status={status("verify")}
            />,
          )}
          {anchor(
            "evidence",
            <EvidenceStep
              defaultPeriod={previousPeriod(day)}
              available={supervision.canPackEvidence}
              disabled={busy}
              onPack={supervision.packEvidence}
              status={status("evidence")}
            />,
          )}
        </>
      )}
      <IssuesPanel items={flow.issues} onSelectIssue={flow.selectCell} status={status("issues")} />
    </main>
  );
}
