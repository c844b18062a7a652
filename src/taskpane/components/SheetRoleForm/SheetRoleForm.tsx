import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  useId,
} from "@fluentui/react-components";
import type { Detection, RunPlan } from "../../../workbook/monthEnd";
import type { MappingSave } from "../ColumnMapping/columnMappingModel";
import { IssueCount } from "../IssuesPanel/IssueCount";
import { SheetChoiceRow } from "./SheetChoiceRow";
import { useSheetRoleForm } from "./useSheetRoleForm";
import { useSheetRoleFormStyles } from "./useSheetRoleFormStyles.styles";

export interface SheetRoleFormProps {
  readonly detection: Detection;
  /** True while any work runs: the choices are then read-only. */
  readonly disabled: boolean;
  /** Runs `plan` after saving `saves` (the mappings changed or not saved yet) in the workbook. */
  readonly onReconcile: (plan: RunPlan, saves: readonly MappingSave[]) => void;
}

/** Step 2: the user confirms what each sheet is, its columns and the as-of date, then reconciles. */
export function SheetRoleForm({ detection, disabled, onReconcile }: SheetRoleFormProps) {
  const styles = useSheetRoleFormStyles();
  const form = useSheetRoleForm(detection);
  const headingId = useId("sheets-heading");
  const problemsId = useId("sheet-problems");
  const asOfProblem = form.check.problems.find((problem) => problem.field === "asOf");
  const sheetProblems = form.check.problems.filter((problem) => problem.field !== "asOf");
  const booksProblem = sheetProblems.find((problem) => problem.field === "books");
  const booksChosen = form.values.sheets.filter((choice) => choice.role === "books").length;
  const plan = form.check.plan;

  return (
    <section className={styles.form} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Sheets
      </Subtitle2>
      <IssueCount issues={detection.issues} context="Reading the sheets" />
      <ul className={styles.sheetList}>
        {form.values.sheets.map((choice) => {
          const proposal = detection.proposals.find((p) => p.sheet === choice.sheet);
          if (proposal === undefined) return null;
          const roleError =
            choice.role === "books" && booksChosen > 1 && booksProblem !== undefined
              ? "Only one sheet can be the Stock record."
              : null;
          return (
            <li key={choice.sheet}>
              <SheetChoiceRow
                choice={choice}
                proposal={proposal}
                contraOptions={detection.contrasInBooks}
                roleError={roleError}
                proposedMapping={detection.mappings[choice.sheet]}
                mapping={form.values.mappings[choice.sheet]}
                mappingCheck={form.check.mappingChecks[choice.sheet]}
                disabled={disabled}
                onRoleChange={form.setRole}
                onContraChange={form.setContra}
                onMappingChange={form.setMapping}
              />
            </li>
          );
        })}
      </ul>
      <Field
        label="As of"
        required
        hint={
          detection.asOfFound === null
            ? "The sheets name no as-of date: enter the date of the positions."
            : `The sheets say ${detection.asOfFound}.`
        }
        validationState={asOfProblem === undefined ? "none" : "error"}
        validationMessage={asOfProblem?.message ?? null}
      >
        <Input
          type="date"
          value={form.values.asOfText}
          disabled={disabled}
          onChange={(_event, data) => form.setAsOfText(data.value)}
        />
      </Field>
      <div id={problemsId} className={styles.problems}>
        {sheetProblems.map((problem) => (
          <MessageBar key={`${problem.field}:${problem.message}`} intent="error">
            <MessageBarBody>{problem.message}</MessageBarBody>
          </MessageBar>
        ))}
      </div>
      <div className={styles.actions}>
        <Button
          appearance="primary"
          disabledFocusable={disabled || plan === null}
          aria-describedby={sheetProblems.length > 0 ? problemsId : undefined}
          onClick={() => {
            if (plan !== null) onReconcile(plan, form.check.saves);
          }}
        >
          Reconcile
        </Button>
      </div>
    </section>
  );
}
