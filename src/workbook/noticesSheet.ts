/**
 * The `Notices` output sheet: the difference notices of a count, one table grouped by contra
 * organization, ready to print or to filter by contra. Identifiers and references as text,
 * quantities as right-aligned numbers (text only when a double cannot hold them exactly), the
 * difference in the words Long/Short from the firm's side.
 */
import { excelSerialFromIsoDate } from "../domain/isoDate";
import { directionWord, NOTICE_HEADERS, type Notice } from "../domain/notices";
import type { Row, TableColumn, TableOutput } from "./port";
import { decimalCell as quantityCell } from "./cells";

export const NOTICES_SHEET = "Notices";
export const NOTICES_TABLE = "StockRecNotices";

const WIDTHS: Readonly<Record<(typeof NOTICE_HEADERS)[number], number>> = {
  "Notice Reference": 26,
  Contra: 12,
  "As Of": 12,
  "Prepared On": 12,
  "Security ID": 14,
  Description: 30,
  "Our Quantity (Books)": 20,
  "Your Quantity (Statement)": 24,
  Difference: 16,
  "Long/Short (Ours)": 17,
  "Break Reference": 34,
};

export function noticesTable(notices: readonly Notice[]): TableOutput {
  const quantities = notices.flatMap((n) =>
    n.lines.flatMap((l) => [l.ourQuantity, l.yourQuantity, l.differenceQuantity]),
  );
  const decimals = Math.min(
    10,
    quantities.reduce((max, value) => Math.max(max, value.scale), 0),
  );
  const formatOf = (header: (typeof NOTICE_HEADERS)[number]): TableColumn["format"] => {
    if (header === "As Of" || header === "Prepared On") return { kind: "date" };
    if (/Quantity|Difference/.test(header)) return { kind: "quantity", decimals };
    return { kind: "text" };
  };
  const columns: TableColumn[] = NOTICE_HEADERS.map((header) => ({
    header,
    format: formatOf(header),
    width: WIDTHS[header],
  }));
  const rows: Row[] = notices.flatMap((notice) =>
    notice.lines.map((line) => [
      notice.reference,
      notice.contra,
      excelSerialFromIsoDate(notice.asOf),
      excelSerialFromIsoDate(notice.preparedOn),
      line.securityId,
      line.description,
      quantityCell(line.ourQuantity),
      quantityCell(line.yourQuantity),
      quantityCell(line.differenceQuantity),
      directionWord(line.direction),
      line.lifecycleId,
    ]),
  );
  return { sheetName: NOTICES_SHEET, tableName: NOTICES_TABLE, columns, rows };
}
