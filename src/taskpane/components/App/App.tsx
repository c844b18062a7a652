import { Caption1, Title3 } from "@fluentui/react-components";
import type { TaskpaneHost } from "../../host";
import { IssuesPanel } from "../IssuesPanel/IssuesPanel";
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
}

/** The StockRec pane: workbook → import → sheets → results → issues, top to bottom. */
export function App({ host }: AppProps) {
  const styles = useAppStyles();
  const flow = useReconciliationFlow(host);
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

  return (
    <main className={styles.root}>
      <header className={styles.header}>
        <Title3 as="h1">StockRec</Title3>
        <Caption1 className={styles.tagline}>
          Monthly stock record reconciliation (FINRA Rule 4522)
        </Caption1>
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
      {outcome !== null && (
        <Results
          result={outcome.result}
          issues={outcome.issues}
          rowOfBreak={outcome.breaksSheet?.rowOfBreak ?? null}
          onSelectBreak={flow.selectBreak}
          rowOfMoneyBreak={outcome.moneyBreaksSheet?.rowOfBreak ?? null}
          onSelectMoneyBreak={flow.selectMoneyBreak}
        />
      )}
      {outcome?.result && outcome.breaksSheet && flow.workbook !== null && (
        <SaveWorkbook
          workbook={flow.workbook}
          sheetName={outcome.breaksSheet.name}
          breakCount={outcome.result.breaks.length}
          moneySheetName={outcome.moneyBreaksSheet?.name ?? null}
          moneyBreakCount={outcome.result.money?.breaks.length ?? 0}
          disabled={busy}
          onDownload={flow.download}
        />
      )}
      {status("results")}
      <IssuesPanel items={flow.issues} onSelectIssue={flow.selectCell} status={status("issues")} />
    </main>
  );
}
