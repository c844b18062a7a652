/**
 * The `Count Schedule` sheet: every calendar quarter since the first count with its counts, the
 * spacing of successive counts against the two-to-four-month window, and the next count's window,
 * so the supervisor sees what is due before it is late (17a-13; countSchedule.ts).
 */
import type { CountHeld, CountSchedule } from "../domain/countSchedule";
import { excelSerialFromIsoDate, type IsoDate } from "../domain/isoDate";
import type { Row, TableOutput } from "./port";

export const COUNT_SCHEDULE_SHEET = "Count Schedule";
export const COUNT_SCHEDULE_TABLE = "StockRecCountSchedule";

const VERDICT_WORDS = {
  in_window: "In window",
  too_soon: "Too soon (under 2 months)",
  too_late: "Too late (over 4 months)",
} as const;

export function countScheduleTable(
  schedule: CountSchedule,
  counts: readonly CountHeld[],
): TableOutput {
  const date = (d: IsoDate) => excelSerialFromIsoDate(d);
  const cycleOf = (d: IsoDate) => counts.find((c) => c.countDate === d)?.cycle ?? "";
  const rows: Row[] = [];
  for (const q of schedule.quarters) {
    const state = q.missed ? "MISSED" : q.due ? "Due by quarter end" : "Counted";
    if (q.countDates.length === 0) rows.push([q.quarter, state, "", "", "", "", ""]);
    for (const d of q.countDates) {
      const spacing = schedule.spacings.find((s) => s.next === d);
      rows.push([
        q.quarter,
        state,
        date(d),
        cycleOf(d),
        spacing === undefined ? "" : date(spacing.previous),
        spacing === undefined ? "" : `${spacing.allowed.earliest} to ${spacing.allowed.latest}`,
        spacing === undefined ? "First count" : VERDICT_WORDS[spacing.verdict],
      ]);
    }
  }
  if (schedule.nextWindow !== null) {
    rows.push([
      "Next count",
      schedule.overdue ? "OVERDUE" : "Due",
      "",
      "",
      date(schedule.nextWindow.after),
      `${schedule.nextWindow.earliest} to ${schedule.nextWindow.latest}`,
      schedule.overdue ? `Was due by ${schedule.nextWindow.latest}` : "",
    ]);
  }
  const text = { kind: "text" } as const;
  return {
    sheetName: COUNT_SCHEDULE_SHEET,
    tableName: COUNT_SCHEDULE_TABLE,
    columns: [
      { header: "Quarter", format: text, width: 12 },
      { header: "State", format: text, width: 20 },
      { header: "Count Date", format: { kind: "date" }, width: 12 },
      { header: "Cycle", format: text, width: 12 },
      { header: "Previous Count", format: { kind: "date" }, width: 14 },
      { header: "Window", format: text, width: 26 },
      { header: "Spacing", format: text, width: 28 },
    ],
    rows,
  };
}
