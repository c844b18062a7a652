import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  useId,
} from "@fluentui/react-components";
import { useRef, type ReactNode } from "react";
import { formatWhere, type Issue } from "../../../domain/issues";
import { countOf } from "../../format";
import { STATEMENT_FILE_ACCEPT, type StatementImportOutcome } from "../../statementImport";
import { useStatementImport } from "./useStatementImport";
import { useStatementImportStyles } from "./useStatementImportStyles.styles";

/** The first issues are shown here; all of them are in the Issues panel. */
const ISSUES_SHOWN_HERE = 5;

const KIND_TEXT = {
  positions: "positions",
  money: "cash balances",
  other: "rows StockRec could not place (choose the sheet's role below)",
} as const;

export interface StatementImportProps {
  /** The last import's outcome, until the next import or another workbook. */
  readonly imported: StatementImportOutcome | null;
  readonly disabled: boolean;
  readonly onImport: (file: File, contra: string) => void;
  /** Progress or a notice about this step. */
  readonly status: ReactNode;
}

/** Adds a statement file (CSV, workbook, SWIFT, BAI2) to the workbook as a new sheet. */
export function StatementImport({ imported, disabled, onImport, status }: StatementImportProps) {
  const styles = useStatementImportStyles();
  const headingId = useId("import-heading");
  const state = useStatementImport(onImport);
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Import a statement
      </Subtitle2>
      <Caption1 className={styles.note}>
        CSV, Excel, SWIFT MT535, MT940 or MT950, or BAI2: the file becomes a new sheet of this
        workbook. Nothing leaves this computer.
      </Caption1>
      <Field
        label="Contra (optional)"
        hint="Who sent the statement, e.g. DTC. Leave empty when the file names it."
      >
        <Input
          value={state.contra}
          disabled={disabled}
          onChange={(_event, data) => state.setContra(data.value)}
        />
      </Field>
      <input
        ref={fileInput}
        className={styles.fileInput}
        type="file"
        accept={STATEMENT_FILE_ACCEPT}
        aria-label="Statement file"
        tabIndex={-1}
        onChange={state.onFileChosen}
      />
      <div className={styles.actions}>
        <Button disabled={disabled} onClick={() => fileInput.current?.click()}>
          Import statement…
        </Button>
      </div>
      {status}
      {imported !== null && <ImportOutcome outcome={imported} />}
    </section>
  );
}

function ImportOutcome({ outcome }: { readonly outcome: StatementImportOutcome }) {
  const styles = useStatementImportStyles();
  const { result } = outcome;
  return (
    <div className={styles.issues}>
      {result.imported ? (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody className={styles.message}>
            <MessageBarTitle>Imported “{result.sheetName}”</MessageBarTitle>
            {outcome.formatLabel}, {countOf(result.rowCount, "row", "rows")} of{" "}
            {KIND_TEXT[result.kind]}, from {outcome.fileName}. The new sheet is in the list below.
          </MessageBarBody>
        </MessageBar>
      ) : (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody className={styles.message}>
            <MessageBarTitle>Nothing was imported</MessageBarTitle>
            {outcome.fileName} ({outcome.formatLabel}) was not added to the workbook.
          </MessageBarBody>
        </MessageBar>
      )}
      <ImportIssues issues={result.issues} />
    </div>
  );
}

function ImportIssues({ issues }: { readonly issues: readonly Issue[] }) {
  const styles = useStatementImportStyles();
  const shown = issues.slice(0, ISSUES_SHOWN_HERE);
  return (
    <>
      {shown.map((issue, index) => (
        <MessageBar key={index} intent={issue.severity} layout="multiline">
          <MessageBarBody className={styles.message}>
            <MessageBarTitle>{formatWhere(issue.where)}</MessageBarTitle>
            {issue.message} {issue.hint}
          </MessageBarBody>
        </MessageBar>
      ))}
      {issues.length > shown.length && (
        <Caption1 className={styles.note}>
          {countOf(issues.length - shown.length, "more issue", "more issues")} under Issues at the
          end of the pane.
        </Caption1>
      )}
    </>
  );
}
