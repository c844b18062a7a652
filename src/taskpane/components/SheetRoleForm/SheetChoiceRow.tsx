import {
  Caption1,
  Combobox,
  Dropdown,
  Field,
  Option,
  Text,
  useId,
} from "@fluentui/react-components";
import type { ProposedMapping, SheetRole, SheetRoleProposal } from "../../../workbook/monthEnd";
import { ColumnMapping } from "../ColumnMapping/ColumnMapping";
import type { MappingCheck, MappingChoice } from "../ColumnMapping/columnMappingModel";
import { hasColumnMapping, ROLE_LABELS, ROLE_ORDER, type SheetChoice } from "./sheetRolePlan";
import { useSheetRoleFormStyles } from "./useSheetRoleFormStyles.styles";

export interface SheetChoiceRowProps {
  readonly choice: SheetChoice;
  readonly proposal: SheetRoleProposal;
  readonly contraOptions: readonly string[];
  /** Set when this sheet is one of several chosen as the stock record. */
  readonly roleError: string | null;
  /** The sheet's column mapping as detected, as the user left it, and its check. */
  readonly proposedMapping: ProposedMapping | undefined;
  readonly mapping: MappingChoice | undefined;
  readonly mappingCheck: MappingCheck | undefined;
  readonly disabled: boolean;
  readonly onRoleChange: (sheet: string, role: SheetRole) => void;
  readonly onContraChange: (sheet: string, contra: string) => void;
  readonly onMappingChange: (sheet: string, mapping: MappingChoice) => void;
}

function isSheetRole(value: string | undefined): value is SheetRole {
  return value !== undefined && (ROLE_ORDER as readonly string[]).includes(value);
}

function describeProposal(proposal: SheetRoleProposal): string {
  const facts = [`detected: ${ROLE_LABELS[proposal.role]}`, proposal.reason];
  if (proposal.headerRow !== null) {
    facts.unshift(
      `${proposal.dataRows.toLocaleString("en-US")} rows below header row ${proposal.headerRow}`,
    );
  }
  return facts.join(" · ");
}

/**
 * One sheet of the workbook: what it is for, for a statement whose statement it is, and for a
 * stock record or statement which column holds what.
 */
export function SheetChoiceRow(props: SheetChoiceRowProps) {
  const { choice, proposal, contraOptions, roleError, disabled } = props;
  const styles = useSheetRoleFormStyles();
  const headingId = useId("sheet-name");
  return (
    <div className={styles.sheet} role="group" aria-labelledby={headingId}>
      <Text id={headingId} weight="semibold" className={styles.sheetName}>
        {choice.sheet}
      </Text>
      <Caption1 className={styles.sheetFacts}>{describeProposal(proposal)}</Caption1>
      <Field
        label="Role"
        validationState={roleError === null ? "none" : "error"}
        validationMessage={roleError}
      >
        <Dropdown
          className={styles.control}
          value={ROLE_LABELS[choice.role]}
          selectedOptions={[choice.role]}
          disabled={disabled}
          onOptionSelect={(_event, data) => {
            if (isSheetRole(data.optionValue)) props.onRoleChange(choice.sheet, data.optionValue);
          }}
        >
          {ROLE_ORDER.map((role) => (
            <Option key={role} value={role}>
              {ROLE_LABELS[role]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {(choice.role === "statement" || choice.role === "statementMoney") && (
        <Field
          label="Contra"
          hint={`Leave empty to use the sheet's contra column, else “${choice.sheet}”.`}
        >
          <Combobox
            freeform
            className={styles.control}
            value={choice.contra}
            selectedOptions={contraOptions.includes(choice.contra) ? [choice.contra] : []}
            disabled={disabled}
            onChange={(event) => props.onContraChange(choice.sheet, event.target.value)}
            onOptionSelect={(_event, data) =>
              props.onContraChange(choice.sheet, data.optionText ?? "")
            }
          >
            {contraOptions.map((contra) => (
              <Option key={contra}>{contra}</Option>
            ))}
          </Combobox>
        </Field>
      )}
      {hasColumnMapping(choice.role) && (
        <ColumnMapping
          sheet={choice.sheet}
          proposed={props.proposedMapping}
          choice={props.mapping}
          check={props.mappingCheck}
          disabled={disabled}
          onChange={props.onMappingChange}
        />
      )}
    </div>
  );
}
