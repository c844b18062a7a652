/**
 * The `Suspense Proposals` sheet: money breaks still unresolved after the firm's number of
 * business days, proposed for transfer to a suspense account (FINRA 4523; suspense.ts
 * `proposeSuspenseTransfers`). The columns follow the Suspense Items register (item, GL account,
 * type, opened on, amount with debit/credit, known facts), so an accepted proposal is entered in
 * the register as it stands here; the opened date is the day the break was first seen, so moving
 * an item to suspense never restarts its age. Nothing is moved by StockRec itself: the transfer
 * is a journal entry the firm makes.
 */
import { abs, sign } from "../domain/decimal";
import { excelSerialFromIsoDate } from "../domain/isoDate";
import { SUSPENSE_TYPE_LABELS, type SuspenseTransferProposal } from "../domain/suspense";
import { formatSourceRows } from "./breaksSheet";
import type { TableColumn, TableOutput } from "./port";
import { decimalCell as amountCell } from "./cells";

export const SUSPENSE_PROPOSALS_SHEET = "Suspense Proposals";
export const SUSPENSE_PROPOSALS_TABLE = "StockRecSuspenseProposals";

export function suspenseProposalsTable(
  proposals: readonly SuspenseTransferProposal[],
  afterBusinessDays: number,
): TableOutput {
  const text = { kind: "text" } as const;
  const decimals = Math.min(
    10,
    proposals.reduce((max, p) => Math.max(max, p.amount.scale), 2),
  );
  const columns: TableColumn[] = [
    // Not "Item ID": this sheet must never be taken for the Suspense Items register itself.
    { header: "Proposed Item", format: text, width: 34 },
    { header: "GL Account", format: text, width: 16 },
    { header: "Type", format: text, width: 30 },
    { header: "Opened On", format: { kind: "date" }, width: 12 },
    { header: "Amount", format: { kind: "quantity", decimals }, width: 16 },
    { header: "Debit/Credit", format: text, width: 12 },
    { header: "Currency", format: text, width: 9 },
    { header: "Contra", format: text, width: 12 },
    { header: "Statement Account", format: text, width: 18 },
    { header: "Business Days Unresolved", format: { kind: "general" }, width: 12 },
    { header: "Proposed After", format: { kind: "general" }, width: 10 },
    { header: "Known Facts", format: text, width: 80 },
    { header: "Money Break", format: text, width: 28 },
    { header: "Source Rows", format: text, width: 30 },
  ];
  const rows = proposals.map((p) => [
    p.itemId,
    p.glAccounts.join(", "),
    SUSPENSE_TYPE_LABELS[p.type],
    excelSerialFromIsoDate(p.openedOn),
    amountCell(abs(p.amount)),
    sign(p.amount) >= 0 ? "Debit" : "Credit",
    p.currency,
    p.contra,
    p.account,
    p.ageBusinessDays,
    afterBusinessDays,
    p.knownFacts,
    p.breakId,
    formatSourceRows([...p.booksRows, ...p.statementRows]),
  ]);
  return {
    sheetName: SUSPENSE_PROPOSALS_SHEET,
    tableName: SUSPENSE_PROPOSALS_TABLE,
    columns,
    rows,
  };
}
