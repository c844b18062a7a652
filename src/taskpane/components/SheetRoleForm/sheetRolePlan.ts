/**
 * The sheet-role form as plain data: its starting values from a detection, its validation, and
 * the run plan it produces. Kept free of React so the rules are easy to read and test.
 */
import { parseIsoDate } from "../../../domain/isoDate";
import type { Detection, RunPlan, SheetRole } from "../../../workbook/monthEnd";

export const ROLE_LABELS: Readonly<Record<SheetRole, string>> = {
  books: "Stock record",
  statement: "Statement",
  locations: "Locations map",
  securityMaster: "Security master",
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
  "other",
];

/** Roles a run can have only one sheet in. */
const SINGLE_ROLES: readonly SheetRole[] = ["books", "locations", "securityMaster", "booksMoney"];

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
    const money = (plan.moneyStatements ?? []).find((choice) => choice.sheet === proposal.sheet);
    if (money !== undefined) {
      return { sheet: proposal.sheet, role: "statementMoney", contra: money.contra ?? "" };
    }
    const single = SINGLE_ROLES.find((role) => planSheet(plan, role) === proposal.sheet);
    return { sheet: proposal.sheet, role: single ?? "other", contra: proposal.contra ?? "" };
  });
  return { sheets, asOfText: plan?.asOf ?? detection.asOfFound ?? "" };
}

function planSheet(plan: RunPlan, role: SheetRole): string | null | undefined {
  if (role === "books") return plan.books;
  if (role === "locations") return plan.locations;
  if (role === "securityMaster") return plan.securityMaster;
  if (role === "booksMoney") return plan.booksMoney;
  return undefined;
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
  for (const role of SINGLE_ROLES.filter((r) => r !== "books")) {
    const chosen = values.sheets.filter((choice) => choice.role === role);
    if (chosen.length > 1) {
      problems.push({
        field: "statements",
        message: `Only one sheet can be the ${ROLE_LABELS[role]}; ${chosen.length} are chosen: ${quotedList(chosen.map((choice) => choice.sheet))}.`,
      });
    }
  }
  const booksMoney = values.sheets.find((choice) => choice.role === "booksMoney");
  const moneyStatements = values.sheets.filter((choice) => choice.role === "statementMoney");
  if ((booksMoney === undefined) !== (moneyStatements.length === 0)) {
    problems.push({
      field: "statements",
      message:
        booksMoney === undefined
          ? "Cash statements need the books' cash balances (GL): choose that sheet too, or set the cash statements to Not used."
          : "The books' cash balances need at least one Cash statement to reconcile against.",
    });
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
    locations: values.sheets.find((choice) => choice.role === "locations")?.sheet ?? null,
    securityMaster: values.sheets.find((choice) => choice.role === "securityMaster")?.sheet ?? null,
    booksMoney: booksMoney?.sheet ?? null,
    moneyStatements: moneyStatements.map((choice) => ({
      sheet: choice.sheet,
      contra: choice.contra.trim() === "" ? null : choice.contra.trim(),
    })),
  };
  return { problems, plan };
}
