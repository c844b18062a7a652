/**
 * A sheet's column mapping as the form holds it, checked and compared without React: which
 * column holds each field, the two number options, what is wrong with it, and whether it must be
 * saved as the sheet's profile before the run.
 */
import { POSITION_SCHEMA, type PositionField } from "../../../domain/headers";
import { validateMapping } from "../../../domain/mapping";
import type { QuantityUnit } from "../../../domain/settings";
import { columnLetter } from "../../../domain/sheet";
import { POSITION_FIELDS, type Detection, type ProposedMapping } from "../../../workbook/monthEnd";

export interface MappingChoice {
  /** 1-based column of each field; a field left out has no column ("(none)"). */
  readonly columns: Readonly<Partial<Record<PositionField, number>>>;
  readonly negateQuantities: boolean;
  readonly quantityUnit: QuantityUnit;
}

/** What `saveMapping` takes for one sheet. */
export interface MappingSave {
  readonly sheet: string;
  readonly mapping: Pick<
    ProposedMapping,
    "headers" | "columns" | "negateQuantities" | "quantityUnit"
  >;
}

export interface MappingCheck {
  /** The message shown under each field's dropdown, for fields in error. */
  readonly fieldErrors: ReadonlyMap<PositionField, string>;
  /** One sentence per problem, for the form's summary; empty when the mapping is usable. */
  readonly problems: readonly string[];
}

const LABELS: ReadonlyMap<PositionField, string> = new Map(
  POSITION_FIELDS.map((field) => [field.field, field.label]),
);

export function fieldLabel(field: PositionField): string {
  return LABELS.get(field) ?? field;
}

export function initialMappingChoice(proposed: ProposedMapping): MappingChoice {
  return {
    columns: { ...proposed.columns },
    negateQuantities: proposed.negateQuantities,
    quantityUnit: proposed.quantityUnit,
  };
}

/** The choice with `field` moved to `column`, or to no column when `column` is null. */
export function withColumn(
  choice: MappingChoice,
  field: PositionField,
  column: number | null,
): MappingChoice {
  const columns: Partial<Record<PositionField, number>> = { ...choice.columns };
  if (column === null) delete columns[field];
  else columns[field] = column;
  return { ...choice, columns };
}

export function sameMapping(choice: MappingChoice, proposed: ProposedMapping): boolean {
  const fields = new Set([...Object.keys(choice.columns), ...Object.keys(proposed.columns)]);
  return (
    choice.negateQuantities === proposed.negateQuantities &&
    choice.quantityUnit === proposed.quantityUnit &&
    [...fields].every(
      (field) =>
        choice.columns[field as PositionField] === proposed.columns[field as PositionField],
    )
  );
}

/** "B · Quantity": the letter tells apart two columns that share a header text. */
export function headerOptionText(proposed: ProposedMapping, column: number): string {
  const header = proposed.headers.find((candidate) => candidate.column === column);
  return header === undefined ? columnLetter(column) : `${columnLetter(column)} · ${header.text}`;
}

function labelList(fields: readonly PositionField[]): string {
  return fields.map(fieldLabel).join(" and ");
}

/**
 * The domain's checks (validateMapping) turned into words for this form: it names fields by
 * their code names, the form by the labels the user sees beside each dropdown.
 */
export function checkMapping(
  sheet: string,
  choice: MappingChoice,
  proposed: ProposedMapping,
): MappingCheck {
  const fieldErrors = new Map<PositionField, string>();
  const problems: string[] = [];
  const mapped = Object.entries(choice.columns) as [PositionField, number][];
  for (const issue of validateMapping(sheet, choice.columns, POSITION_SCHEMA, proposed.headerRow)) {
    if (issue.code === "mapping_column_is_used_twice") {
      const letter = issue.where.column ?? "";
      const fields = mapped
        .filter(([, column]) => columnLetter(column) === letter)
        .map(([field]) => field);
      for (const field of fields) {
        const others = fields.filter((other) => other !== field);
        fieldErrors.set(field, `Column ${letter} is also chosen for ${labelList(others)}.`);
      }
      problems.push(`column ${letter} is chosen for ${labelList(fields)}`);
    } else if (issue.code === "mapping_field_is_required") {
      // The issue names the field in its message only; the required fields without a column are
      // exactly the ones it reports.
      const missing = POSITION_SCHEMA.required.find(
        (field) => choice.columns[field] === undefined && !fieldErrors.has(field),
      );
      if (missing === undefined) {
        problems.push(issue.message);
        continue;
      }
      fieldErrors.set(missing, `Choose the column that holds the ${fieldLabel(missing)}.`);
      problems.push(`${fieldLabel(missing)} has no column`);
    } else {
      problems.push(issue.message);
    }
  }
  return { fieldErrors, problems };
}

/**
 * The sheets whose mapping is saved before the run: every stock record and statement whose
 * mapping the user changed, or that has no saved profile yet, so that the run and next month's
 * file both use it.
 */
export function mappingsToSave(
  mappings: Readonly<Record<string, MappingChoice>>,
  detection: Detection,
  sheets: readonly string[],
): MappingSave[] {
  return sheets.flatMap((sheet) => {
    const choice = mappings[sheet];
    const proposed = detection.mappings[sheet];
    if (choice === undefined || proposed === undefined) return [];
    if (proposed.saved && sameMapping(choice, proposed)) return [];
    const mapping = { headers: proposed.headers, ...choice };
    return [{ sheet, mapping }];
  });
}

/** The detection as it stands once `saves` are in the workbook: those mappings are now saved. */
export function withSavedMappings(detection: Detection, saves: readonly MappingSave[]): Detection {
  if (saves.length === 0) return detection;
  const mappings: Record<string, ProposedMapping> = { ...detection.mappings };
  for (const { sheet, mapping } of saves) {
    const proposed = mappings[sheet];
    if (proposed !== undefined) mappings[sheet] = { ...proposed, ...mapping, saved: true };
  }
  return { ...detection, mappings };
}
