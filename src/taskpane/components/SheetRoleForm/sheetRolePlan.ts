/**
 * The sheet-role form as plain data: its starting values from a detection, its validation, and
 * the run plan it produces. Kept free of React so the rules are easy to read and test.
 */
import { parseIsoDate } from "../../../domain/isoDate";
import type { Detection, RunPlan, SheetRole } from "../../../workbook/monthEnd";

export const ROLE_LABELS: Readonly<Record<SheetRole, string>> = {
  books: "Stock record",
  statement: "Statement",
  other: "Not used",
};

export const ROLE_ORDER: readonly SheetRole[] = ["books", "statement", "other"];

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
}

export type ProblemField = "books" | "statements" | "asOf";

export interface FormProblem {
  readonly field: ProblemField;
  readonly message: string;
}

export interface FormCheck {
  readonly problems: readonly FormProblem[];
  /** The plan to run, when there are no problems. */
  readonly plan: RunPlan | null;
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
    const role: SheetRole = plan.books === proposal.sheet ? "books" : "other";
    return { sheet: proposal.sheet, role, contra: proposal.contra ?? "" };
  });
  return { sheets, asOfText: plan?.asOf ?? detection.asOfFound ?? "" };
}

function quotedList(names: readonly string[]): string {
  return names.map((name) => `“${name}”`).join(", ");
}

export function checkForm(values: SheetRoleFormValues): FormCheck {
  const problems: FormProblem[] = [];
  const books = values.sheets.filter((choice) => choice.role === "books");
  const statements = values.sheets.filter((choice) => choice.role === "statement");
  if (books.length === 0) {
    problems.push({ field: "books", message: "Choose one sheet as the Stock record." });
  } else if (books.length > 1) {
    problems.push({
      field: "books",
      message: `Only one sheet can be the Stock record; ${books.length} are chosen: ${quotedList(books.map((choice) => choice.sheet))}.`,
    });
  }
  if (statements.length === 0) {
    problems.push({ field: "statements", message: "Choose at least one sheet as a Statement." });
  }
  const asOf = parseIsoDate(values.asOfText);
  if (values.asOfText.trim() === "") {
    problems.push({ field: "asOf", message: "Enter the as-of date of the positions." });
  } else if (asOf === null) {
    problems.push({ field: "asOf", message: "Enter the as-of date as a real date (YYYY-MM-DD)." });
  }
  const onlyBooks = books[0];
  if (problems.length > 0 || onlyBooks === undefined || asOf === null)
    return { problems, plan: null };
  const plan: RunPlan = {
    books: onlyBooks.sheet,
    statements: statements.map((choice) => ({
      sheet: choice.sheet,
      contra: choice.contra.trim() === "" ? null : choice.contra.trim(),
    })),
    asOf,
  };
  return { problems, plan };
}
