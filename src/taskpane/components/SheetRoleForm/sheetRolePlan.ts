/**
 * The sheet-role form as plain data: its starting values from a detection, its validation, and
 * the run plan it produces. Kept free of React so the rules are easy to read and test.
 */
import { parseIsoDate, type IsoDate } from "../../../domain/isoDate";
import type { Detection, RunPlan, SheetRole } from "../../../workbook/monthEnd";
import {
  checkMapping,
  initialMappingChoice,
  mappingsToSave,
  type MappingCheck,
  type MappingChoice,
  type MappingSave,
} from "../ColumnMapping/columnMappingModel";

export const ROLE_LABELS: Readonly<Record<SheetRole, string>> = {
  books: "Stock record",
  statement: "Statement",
  locations: "Locations map",
  securityMaster: "Security master",
  prices: "Prices",
  booksMoney: "Books cash balances (GL)",
  statementMoney: "Cash statement",
  other: "Not used",
};

export const ROLE_ORDER: readonly SheetRole[] = [
  "books",
  "statement",
  "booksMoney",
  "statementMoney",
  "locations",
  "securityMaster",
  "prices",
  "other",
];

/** Roles a run can have only one sheet in. */
const SINGLE_ROLES: readonly SheetRole[] = [
  "books",
  "locations",
  "securityMaster",
  "prices",
  "booksMoney",
];

export interface SheetChoice {
  readonly sheet: string;
  readonly role: SheetRole;
  /** Contra typed or picked for a statement; "" means the sheet's contra column, else its name. */
  readonly contra: string;
}

export interface SheetRoleFormValues {
  /** In workbook tab order. */
  readonly sheets: readonly SheetChoice[];
  /** As the date input holds it: "YYYY-MM-DD" or "". */
  readonly asOfText: string;
  /** The column mapping of each sheet detection found a header row on, as the user left it. */
  readonly mappings: Readonly<Record<string, MappingChoice>>;
}

export type ProblemField = "books" | "statements" | "columns" | "asOf";

export interface FormProblem {
  readonly field: ProblemField;
  readonly message: string;
}

export interface FormCheck {
  readonly problems: readonly FormProblem[];
  /** The plan to run, when there are no problems. */
  readonly plan: RunPlan | null;
  /** The mappings to save before running the plan (empty when there is no plan). */
  readonly saves: readonly MappingSave[];
  /** The check of each mapping the form shows (the stock record's and the statements'). */
  readonly mappingChecks: Readonly<Record<string, MappingCheck>>;
}

/** Roles whose sheets have a column mapping: the position sheets. */
export function hasColumnMapping(role: SheetRole): boolean {
  return role === "books" || role === "statement";
}

/**
 * Starts from the detected plan when there is one (it may reuse last month's choices). A statement
 * the plan leaves to the sheet shows the contra the detection expects, so the user sees it.
 */
export function initialFormValues(detection: Detection): SheetRoleFormValues {
  const plan = detection.plan;
  const sheets = detection.proposals.map((proposal): SheetChoice => {
    if (plan === null) {
      return { sheet: proposal.sheet, role: proposal.role, contra: proposal.contra ?? "" };
    }
    const statement = plan.statements.find((choice) => choice.sheet === proposal.sheet);
    if (statement !== undefined) {
      const contra = statement.contra ?? proposal.contra ?? "";
      return { sheet: proposal.sheet, role: "statement", contra };
    }
    const money = (plan.moneyStatements ?? []).find((choice) => choice.sheet === proposal.sheet);
    if (money !== undefined) {
      return { sheet: proposal.sheet, role: "statementMoney", contra: money.contra ?? "" };
    }
    const single = SINGLE_ROLES.find((role) => planSheet(plan, role) === proposal.sheet);
    return { sheet: proposal.sheet, role: single ?? "other", contra: proposal.contra ?? "" };
  });
  const mappings = Object.fromEntries(
    Object.entries(detection.mappings).map(([sheet, proposed]) => [
      sheet,
      initialMappingChoice(proposed),
    ]),
  );
  return { sheets, asOfText: plan?.asOf ?? detection.asOfFound ?? "", mappings };
}

function planSheet(plan: RunPlan, role: SheetRole): string | null | undefined {
  if (role === "books") return plan.books;
  if (role === "locations") return plan.locations;
  if (role === "securityMaster") return plan.securityMaster;
  if (role === "prices") return plan.prices;
  if (role === "booksMoney") return plan.booksMoney;
  return undefined;
}

function quotedList(names: readonly string[]): string {
  return names.map((name) => `“${name}”`).join(", ");
}

/** The mapping check of every position sheet the form shows a mapping for. */
function checkMappings(
  values: SheetRoleFormValues,
  detection: Detection,
): Record<string, MappingCheck> {
  const checks: Record<string, MappingCheck> = {};
  for (const choice of values.sheets) {
    const mapping = values.mappings[choice.sheet];
    const proposed = detection.mappings[choice.sheet];
    if (!hasColumnMapping(choice.role) || mapping === undefined || proposed === undefined) continue;
    checks[choice.sheet] = checkMapping(choice.sheet, mapping, proposed);
  }
  return checks;
}

/** Which sheets have which roles: one stock record, statements, at most one of each reference. */
function roleProblems(values: SheetRoleFormValues): FormProblem[] {
  const problems: FormProblem[] = [];
  const books = values.sheets.filter((choice) => choice.role === "books");
  if (books.length === 0) {
    problems.push({ field: "books", message: "Choose one sheet as the Stock record." });
  } else if (books.length > 1) {
    problems.push({
      field: "books",
      message: `Only one sheet can be the Stock record; ${books.length} are chosen: ${quotedList(books.map((choice) => choice.sheet))}.`,
    });
  }
  if (!values.sheets.some((choice) => choice.role === "statement")) {
    problems.push({ field: "statements", message: "Choose at least one sheet as a Statement." });
  }
  for (const role of SINGLE_ROLES.filter((r) => r !== "books")) {
    const chosen = values.sheets.filter((choice) => choice.role === role);
    if (chosen.length > 1) {
      problems.push({
        field: "statements",
        message: `Only one sheet can be the ${ROLE_LABELS[role]}; ${chosen.length} are chosen: ${quotedList(chosen.map((choice) => choice.sheet))}.`,
      });
    }
  }
  const booksMoney = values.sheets.some((choice) => choice.role === "booksMoney");
  const moneyStatements = values.sheets.some((choice) => choice.role === "statementMoney");
  if (booksMoney !== moneyStatements) {
    problems.push({
      field: "statements",
      message: booksMoney
        ? "The books' cash balances need at least one Cash statement to reconcile against."
        : "Cash statements need the books' cash balances (GL): choose that sheet too, or set the cash statements to Not used.",
    });
  }
  return problems;
}

function mappingProblems(checks: Readonly<Record<string, MappingCheck>>): FormProblem[] {
  return Object.entries(checks).flatMap(([sheet, check]) =>
    check.problems.length === 0
      ? []
      : [
          {
            field: "columns",
            message: `Fix the columns of “${sheet}”: ${check.problems.join("; ")}.`,
          },
        ],
  );
}

function asOfProblems(asOfText: string): FormProblem[] {
  if (asOfText.trim() === "") {
    return [{ field: "asOf", message: "Enter the as-of date of the positions." }];
  }
  if (parseIsoDate(asOfText) === null) {
    return [{ field: "asOf", message: "Enter the as-of date as a real date (YYYY-MM-DD)." }];
  }
  return [];
}

/** The plan of a form without problems: exactly one stock record and a valid date. */
function planFrom(values: SheetRoleFormValues, books: string, asOf: IsoDate): RunPlan {
  const sheetWith = (role: SheetRole) =>
    values.sheets.find((choice) => choice.role === role)?.sheet ?? null;
  const choicesWith = (role: SheetRole) =>
    values.sheets
      .filter((choice) => choice.role === role)
      .map((choice) => ({
        sheet: choice.sheet,
        contra: choice.contra.trim() === "" ? null : choice.contra.trim(),
      }));
  return {
    books,
    statements: choicesWith("statement"),
    asOf,
    locations: sheetWith("locations"),
    securityMaster: sheetWith("securityMaster"),
    prices: sheetWith("prices"),
    booksMoney: sheetWith("booksMoney"),
    moneyStatements: choicesWith("statementMoney"),
  };
}

export function checkForm(values: SheetRoleFormValues, detection: Detection): FormCheck {
  const mappingChecks = checkMappings(values, detection);
  const problems = [
    ...roleProblems(values),
    ...mappingProblems(mappingChecks),
    ...asOfProblems(values.asOfText),
  ];
  const books = values.sheets.find((choice) => choice.role === "books");
  const asOf = parseIsoDate(values.asOfText);
  if (problems.length > 0 || books === undefined || asOf === null) {
    return { problems, plan: null, saves: [], mappingChecks };
  }
  const positionSheets = values.sheets
    .filter((choice) => hasColumnMapping(choice.role))
    .map((choice) => choice.sheet);
  const saves = mappingsToSave(values.mappings, detection, positionSheets);
  return { problems, plan: planFrom(values, books.sheet, asOf), saves, mappingChecks };
}
