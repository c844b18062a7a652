import { Caption1, Title3 } from "@fluentui/react-components";
import { useMemo } from "react";
import type { Timestamp } from "../../../domain/auditLog";
import type { IsoDate } from "../../../domain/isoDate";
import { fixedDayTimestamp } from "../../today";
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
}

/**
 * The StockRec pane: workbook → import → sheets → the close's clock → results and break
 * statuses → posting → aging → notices → the quarterly count → the 4523 steps → issues, top to
 * bottom.
 */
export function App({ host, today, now, fixedToday = null }: AppProps) {
  const styles = useAppStyles();
  const clock = useMemo(() => now ?? (() => fixedDayTimestamp(today())), [now, today]);
  const flow = useReconciliationFlow(host, today, clock);
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
      {flow.detected !== null && (
        <SheetRoleForm
          key={flow.detected.number}
          detection={flow.detected.detection}
          disabled={busy}
          onReconcile={flow.reconcile}
        />
      )}
      {status("sheets")}
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
      {outcome !== null && close !== null && (
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
          <Notices
            notices={close.notices}
            disabled={busy}
            onWrite={flow.writeNotices}
            status={status("notices")}
          />
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
          <CountStep
            count={flow.count}
            defaultCountDate={defaultCountDate(day, outcome?.result?.asOf ?? null)}
            actor={flow.actor}
            onActorChange={flow.setActor}
            disabled={busy}
            activePart={countPartOf(flow.busy?.task ?? flow.notice?.task ?? null)}
            status={status("count")}
          />
          <GlReviewStep
            review={supervision.glReview}
            sameOwnerReason={supervision.sameOwnerReason}
            defaultAsOf={outcome?.result?.asOf ?? day}
            actor={flow.actor}
            disabled={busy}
            onReview={supervision.reviewGl}
            onSaveReason={supervision.saveSameOwnerReason}
            status={status("glReview")}
          />
          <SuspenseStep
            suspense={supervision.suspense}
            defaultAsOf={outcome?.result?.asOf ?? day}
            disabled={busy}
            onAge={supervision.ageSuspense}
            status={status("suspense")}
          />
          <SignOffStep
            scopes={signableScopes(supervision.sheets)}
            checks={supervision.verification?.checks ?? []}
            defaultPeriod={previousPeriod(day)}
            disabled={busy}
            onSignOff={supervision.signOff}
            status={status("signoff")}
          />
          <VerifyStep
            verification={supervision.verified ? supervision.verification : null}
            disabled={busy}
            onVerify={supervision.verify}
            status={status("verify")}
          />
          <EvidenceStep
            defaultPeriod={previousPeriod(day)}
            available={supervision.canPackEvidence}
            disabled={busy}
            onPack={supervision.packEvidence}
            status={status("evidence")}
          />
        </>
      )}
      <IssuesPanel items={flow.issues} onSelectIssue={flow.selectCell} status={status("issues")} />
    </main>
  );
}
