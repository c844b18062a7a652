/**
 * The pane's date. The clock is read in index.tsx, the edge (STYLE.md §8); these helpers turn
 * what it reads into an ISO calendar date.
 */
import { parseTimestamp, type Timestamp } from "../domain/auditLog";
import { parseIsoDate, type IsoDate } from "../domain/isoDate";

/** The calendar date of `now` where the user is (not UTC: a New York evening is still today). */
export function localIsoDate(now: Date): IsoDate {
  const text = `${String(now.getFullYear()).padStart(4, "0")}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  const date = parseIsoDate(text);
  if (date === null) throw new Error(`The computer's clock gave no usable date (${text}).`);
  return date;
}

/**
 * The `today` query parameter (`taskpane.html?today=2026-11-04`), or null when absent or not a
 * date. A test and demo hook for plain-browser mode only: it lets the browser test and the demo
 * show the sample's clock as on a fixed day. index.tsx ignores it inside Excel, where entries
 * are always dated by the computer's clock.
 */
export function todayParameter(search: string): IsoDate | null {
  const text = new URLSearchParams(search).get("today");
  return text === null ? null : parseIsoDate(text.trim());
}

/** `now` where the user is, with its UTC offset: `2026-11-04T17:30:05-05:00`. */
export function localTimestamp(now: Date): Timestamp {
  const two = (n: number) => String(n).padStart(2, "0");
  const offset = -now.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const zone = `${sign}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
  const time = `${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
  const text = `${localIsoDate(now)}T${time}${zone}`;
  const timestamp = parseTimestamp(text);
  if (timestamp === null) throw new Error(`The computer's clock gave no usable time (${text}).`);
  return timestamp;
}

/**
 * The time of an event on a day fixed by `?today=` (test and demo mode): noon UTC of that day, so
 * the log reads the same wherever the test runs.
 */
export function fixedDayTimestamp(day: IsoDate): Timestamp {
  return parseTimestamp(`${day}T12:00:00Z`)!;
}
