/**
 * The `GL Review` sheet: one row per GL account of the register with its owner, supervisor, last
 * review, how many days before the as-of date that was, its status and its flags in words
 * (FINRA Rule 4523, src/domain/glAccounts.ts). A flag column per rule would be a wall of Yes/No;
 * one Flags column keeps the sheet readable and filterable ("contains Review overdue").
 */
import {
  GL_REVIEW_FLAG_LABELS,
  GL_REVIEW_STATUS_LABELS,
  REVIEW_FREQUENCY_LABELS,
  type GlAccountReview,
  type GlReview,
} from "../domain/glAccounts";
import { excelSerialFromIsoDate } from "../domain/isoDate";
import type { CellValue, TableColumn, TableOutput } from "./port";

export const GL_REVIEW_SHEET = "GL Review";
export const GL_REVIEW_TABLE = "StockRecGLReview";

const TEXT = { kind: "text" } as const;

const COLUMNS: readonly TableColumn[] = [
  { header: "Account", format: TEXT, width: 12 },
  { header: "Account Name", format: TEXT, width: 30 },
  { header: "Primary Owner", format: TEXT, width: 18 },
  { header: "Supervisor", format: TEXT, width: 18 },
  { header: "Function", format: TEXT, width: 18 },
  { header: "Review Frequency", format: TEXT, width: 16 },
  { header: "Last Reviewed On", format: { kind: "date" }, width: 13 },
  { header: "Last Reviewed By", format: TEXT, width: 18 },
  { header: "As Of", format: { kind: "date" }, width: 12 },
  { header: "Days Since Review", format: { kind: "quantity", decimals: 0 }, width: 10 },
  { header: "Status", format: TEXT, width: 15 },
  { header: "Flags", format: TEXT, width: 40 },
  { header: "Notes", format: TEXT, width: 40 },
  { header: "Source", format: TEXT, width: 16 },
];

/** "Monthly (assumed)" when the register wrote no frequency StockRec could read. */
export function frequencyLabel(review: GlAccountReview): string {
  const label = REVIEW_FREQUENCY_LABELS[review.account.reviewFrequency];
  return review.account.reviewFrequencyWritten ? label : `${label} (assumed)`;
}

export function flagsLabel(review: GlAccountReview): string {
  return review.flags.map((flag) => GL_REVIEW_FLAG_LABELS[flag]).join(", ");
}

function orNull(text: string): CellValue {
  return text === "" ? null : text;
}

function reviewRow(review: GlAccountReview, asOf: number): CellValue[] {
  const account = review.account;
  return [
    account.account,
    orNull(account.name),
    orNull(account.primaryOwner),
    orNull(account.supervisor),
    orNull(account.function),
    frequencyLabel(review),
    account.lastReviewedOn === null ? null : excelSerialFromIsoDate(account.lastReviewedOn),
    orNull(account.lastReviewedBy),
    asOf,
    review.daysSinceReview,
    GL_REVIEW_STATUS_LABELS[review.status],
    orNull(flagsLabel(review)),
    orNull(review.notes.join(" ")),
    `${account.source.sheet}!${account.source.row}`,
  ];
}

export function glReviewTable(review: GlReview): TableOutput {
  // The as-of date on every row: days since review mean nothing without it, and a filtered or
  // copied row keeps it.
  const asOf = excelSerialFromIsoDate(review.asOf);
  return {
    sheetName: GL_REVIEW_SHEET,
    tableName: GL_REVIEW_TABLE,
    columns: COLUMNS,
    rows: review.accounts.map((account) => reviewRow(account, asOf)),
  };
}
