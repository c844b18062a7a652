import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Caption1,
  Checkbox,
  Dropdown,
  Field,
  Option,
} from "@fluentui/react-components";
import { HEADER_SEARCH_ROWS, type PositionField } from "../../../domain/headers";
import { POSITION_FIELDS, type ProposedMapping } from "../../../workbook/monthEnd";
import { headerOptionText, type MappingCheck, type MappingChoice } from "./columnMappingModel";
import { useColumnMapping } from "./useColumnMapping";
import { useColumnMappingStyles } from "./useColumnMappingStyles.styles";

/** The dropdown value of "no column"; real options are column numbers. */
const NO_COLUMN = "none";
const NO_COLUMN_TEXT = "(none)";

export interface ColumnMappingProps {
  readonly sheet: string;
  /** What detection found (or the saved profile gave); undefined when it found no header row. */
  readonly proposed: ProposedMapping | undefined;
  readonly choice: MappingChoice | undefined;
  readonly check: MappingCheck | undefined;
  readonly disabled: boolean;
  readonly onChange: (sheet: string, choice: MappingChoice) => void;
}

/** A stock record's or statement's columns: which holds each field, and how to read quantities. */
export function ColumnMapping(props: ColumnMappingProps) {
  const styles = useColumnMappingStyles();
  const { proposed, choice, check } = props;
  if (proposed === undefined || choice === undefined) {
    return (
      <Caption1 className={styles.note}>
        No header row naming a security id and a quantity was found in the first{" "}
        {HEADER_SEARCH_ROWS} rows, so there are no columns to choose. The run will say what is
        missing.
      </Caption1>
    );
  }
  const errorCount = check?.problems.length ?? 0;
  return (
    <Accordion collapsible defaultOpenItems={errorCount > 0 ? ["columns"] : []}>
      <AccordionItem value="columns">
        <AccordionHeader size="small" expandIconPosition="end">
          <span className={styles.header}>
            Columns
            {proposed.saved && (
              <Badge appearance="tint" color="success">
                Saved mapping
              </Badge>
            )}
            {errorCount > 0 && (
              <Badge appearance="filled" color="danger">
                {errorCount === 1 ? "1 problem" : `${errorCount} problems`}
              </Badge>
            )}
          </span>
        </AccordionHeader>
        <AccordionPanel className={styles.panel}>
          <MappingFields {...props} proposed={proposed} choice={choice} />
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}

interface MappingFieldsProps extends ColumnMappingProps {
  readonly proposed: ProposedMapping;
  readonly choice: MappingChoice;
}

function MappingFields({ sheet, proposed, choice, check, disabled, onChange }: MappingFieldsProps) {
  const styles = useColumnMappingStyles();
  const edit = useColumnMapping(sheet, choice, onChange);
  return (
    <>
      <Caption1 className={styles.note}>
        Headers in row {proposed.headerRow}. The mapping is saved in the workbook by header text
        when you reconcile, so next month&apos;s file maps itself even if its columns move.
      </Caption1>
      {POSITION_FIELDS.map(({ field, label, required }) => (
        <ColumnField
          key={field}
          field={field}
          label={label}
          required={required}
          proposed={proposed}
          column={choice.columns[field]}
          error={check?.fieldErrors.get(field) ?? null}
          disabled={disabled}
          onSelect={edit.setColumn}
        />
      ))}
      <div className={styles.options}>
        <Checkbox
          label="Quantities carry a minus sign (negate)"
          checked={choice.negateQuantities}
          disabled={disabled}
          onChange={(_event, data) => edit.setNegateQuantities(data.checked === true)}
        />
        <Checkbox
          label="Principal in thousands"
          checked={choice.quantityUnit === "thousands"}
          disabled={disabled}
          onChange={(_event, data) => edit.setInThousands(data.checked === true)}
        />
      </div>
    </>
  );
}

interface ColumnFieldProps {
  readonly field: PositionField;
  readonly label: string;
  readonly required: boolean;
  readonly proposed: ProposedMapping;
  readonly column: number | undefined;
  readonly error: string | null;
  readonly disabled: boolean;
  readonly onSelect: (field: PositionField, column: number | null) => void;
}

function ColumnField(props: ColumnFieldProps) {
  const { field, proposed, column, error } = props;
  const styles = useColumnMappingStyles();
  const value = column === undefined ? NO_COLUMN : String(column);
  return (
    <Field
      label={`${props.label} column`}
      required={props.required}
      validationState={error === null ? "none" : "error"}
      validationMessage={error}
    >
      <Dropdown
        className={styles.control}
        value={column === undefined ? NO_COLUMN_TEXT : headerOptionText(proposed, column)}
        selectedOptions={[value]}
        disabled={props.disabled}
        onOptionSelect={(_event, data) => {
          const chosen = data.optionValue;
          if (chosen === undefined) return;
          props.onSelect(field, chosen === NO_COLUMN ? null : Number(chosen));
        }}
      >
        <Option value={NO_COLUMN}>{NO_COLUMN_TEXT}</Option>
        {proposed.headers.map((header) => (
          <Option key={header.column} value={String(header.column)}>
            {headerOptionText(proposed, header.column)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
