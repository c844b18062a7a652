/**
 * The FINRA Rule 4523 review of the GL accounts register over any host: find the register, parse
 * it, review it as of a date, write the GL Review sheet. Used by `stockrec review` and the task
 * pane. The same-owner-supervisor reason comes from the workbook's settings unless the caller
 * gives one for this run (the CLI's --allow-same-owner-supervisor).
 */
import {
  GL_ACCOUNTS_SHEET,
  glReviewNeedsAction,
  isGlAccountsSheet,
  parseGlAccounts,
  reviewGlAccounts,
  type GlReview,
  type ParsedGlAccounts,
} from "../domain/glAccounts";
import type { IsoDate } from "../domain/isoDate";
import type { Issue } from "../domain/issues";
import type { SheetSnapshot } from "../domain/sheet";
import { GL_REVIEW_SHEET, glReviewTable } from "./glReviewSheet";
import type { WorkbookPort } from "./port";
import { signedSheetIssuesAsOf } from "./periodLock";
import { loadSettings } from "./settingsStore";

/** Codes of the issues that mean the caller named the register wrongly (a usage error). */
export const REGISTER_NAMED_WRONGLY = new Set([
  "gl_accounts_sheet_must_exist",
  "gl_review_sheet_is_not_the_register",
]);

/**
 * The register: the sheet `sheetName` names, else the sheet called GL Accounts, else the first
 * whose header reads as one. A GL Review sheet from an earlier run has register-like headers and
 * is never taken for the register. A sheet that is named but absent is an issue whose code is in
 * REGISTER_NAMED_WRONGLY.
 */
export async function locateGlAccountsRegister(
  workbook: WorkbookPort,
  sheetName: string | null,
): Promise<{ sheet: SheetSnapshot | null; issues: Issue[] }> {
  const names = (await workbook.listSheets()).map((sheet) => sheet.name);
  if (sheetName !== null) {
    if (!names.includes(sheetName)) {
      return {
        sheet: null,
        issues: [
          {
            code: "gl_accounts_sheet_must_exist",
            severity: "error",
            where: { sheet: sheetName },
            message: `There is no sheet "${sheetName}". The sheets: ${names.join(", ")}.`,
            hint: "Name a sheet the workbook has.",
          },
        ],
      };
    }
    if (sheetName === GL_REVIEW_SHEET) {
      return {
        sheet: null,
        issues: [
          {
            code: "gl_review_sheet_is_not_the_register",
            severity: "error",
            where: { sheet: sheetName },
            message: `"${GL_REVIEW_SHEET}" is StockRec's output; name the GL accounts register with --sheet.`,
            hint: "Name the GL accounts register instead.",
          },
        ],
      };
    }
    return { sheet: await workbook.readSheet(sheetName), issues: [] };
  }
  const wanted = GL_ACCOUNTS_SHEET.toLowerCase();
  const byName = names.find((name) => name.trim().toLowerCase() === wanted);
  if (byName !== undefined) return { sheet: await workbook.readSheet(byName), issues: [] };
  for (const name of names.filter((n) => n !== GL_REVIEW_SHEET)) {
    const sheet = await workbook.readSheet(name);
    if (isGlAccountsSheet(sheet)) return { sheet, issues: [] };
  }
  return {
    sheet: null,
    issues: [
      {
        code: "gl_accounts_sheet_is_required",
        severity: "error",
        where: { sheet: GL_ACCOUNTS_SHEET },
        message: `No sheet is named "${GL_ACCOUNTS_SHEET}", and no sheet has a header naming an account, account name, primary owner and supervisor (the sheets: ${names.join(", ")}).`,
        hint: 'Add a "GL Accounts" sheet with those columns, or name the register with --sheet.',
      },
    ],
  };
}

export interface GlReviewRequest {
  readonly asOf: IsoDate;
  /** The register's sheet; null to find it by name or headers. */
  readonly sheet: string | null;
  /** A reason for this run only; null to use the one recorded in the settings (if any). */
  readonly allowedReason: string | null;
}

export type GlReviewRun =
  | { readonly ok: false; readonly issues: readonly Issue[] }
  | {
      readonly ok: true;
      readonly register: ParsedGlAccounts;
      readonly review: GlReview;
      /** The reason applied, and where it came from; null when none. */
      readonly allowed: { readonly reason: string; readonly from: "run" | "settings" } | null;
      /** The register's issues, then the review's. */
      readonly issues: readonly Issue[];
      readonly needsAction: boolean;
    };

/** Reviews the register and writes the GL Review sheet; writes nothing when it cannot run. */
export async function runGlReview(
  workbook: WorkbookPort,
  request: GlReviewRequest,
): Promise<GlReviewRun> {
  const found = await locateGlAccountsRegister(workbook, request.sheet);
  if (found.sheet === null) return { ok: false, issues: found.issues };
  const register = parseGlAccounts(found.sheet);
  if (!register.usable) return { ok: false, issues: register.issues };
  const settings = await loadSettings(workbook);
  const recorded = settings.settings.sameOwnerSupervisorReason;
  const allowed =
    request.allowedReason !== null
      ? { reason: request.allowedReason, from: "run" as const }
      : recorded !== null
        ? { reason: recorded.reason, from: "settings" as const }
        : null;
  const review = reviewGlAccounts(register.records, {
    asOf: request.asOf,
    sameOwnerAndSupervisorAllowed: allowed === null ? false : { reason: allowed.reason },
  });
  const refused = await signedSheetIssuesAsOf(
    workbook,
    request.asOf,
    [GL_REVIEW_SHEET],
    `the GL review as of ${request.asOf}`,
  );
  if (refused.length > 0) return { ok: false, issues: refused };
  await workbook.writeTable(glReviewTable(review));
  return {
    ok: true,
    register,
    review,
    allowed,
    issues: [...register.issues, ...settings.issues, ...review.issues],
    needsAction: glReviewNeedsAction(review, register.issues),
  };
}
