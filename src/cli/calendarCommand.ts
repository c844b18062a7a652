/**
 * `stockrec calendar add|between|holidays`: business-day arithmetic on the NYSE, SIFMA or Federal
 * Reserve calendar (src/domain/calendars.ts), e.g. the FINRA Rule 4522(b)(2) deadline of a count.
 * Exit 0 with the answer, 2 on bad usage (the message says what to write instead).
 */
import {
  addBusinessDays,
  businessDaysBetween,
  CALENDAR_DATA_AS_OF,
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  CALENDAR_NAMES,
  CalendarRangeError,
  holidays,
  isCalendarName,
  isSupportedCalendarDate,
  isSupportedCalendarYear,
  type CalendarName,
} from "../domain/calendars";
import { dayOfWeek, parseIsoDate, type IsoDate } from "../domain/isoDate";
import { parse, UsageError } from "./args";
import type { CommandIo } from "./io";

const CALENDARS_EXPLAINED = `Calendars (--calendar NAME, default nyse):
  nyse      days the New York Stock Exchange is closed all day (NYSE Rule 7.2), including
            unscheduled closures such as 2025-01-09
  sifma     SIFMA's full-close recommendations for the US bond market; early closes (such as
            Good Friday 2026, closed at noon) count as business days
  federal   days the Federal Reserve Banks and Fedwire are closed; a Saturday holiday leaves the
            Friday open, and Executive Order closures of federal offices (Christmas Eve 2024)
            are business days because the Fed stays open

Dates are YYYY-MM-DD in ${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR}. Closures announced after ${CALENDAR_DATA_AS_OF}
are not known to this version.`;

export const CALENDAR_HELP = `Usage: stockrec calendar <add|between|holidays> ... [options]

Business days on the calendar your written supervisory procedures name, e.g. for the FINRA Rule
4522(b)(2) deadline: a difference still unresolved seven business days after the count is posted
to the Difference account.

Commands:
  add <date> <n>        the date n business days after <date> (before it when n is negative)
  between <from> <to>   the number of business days after <from>, up to and including <to>
  holidays <year>       the weekdays the calendar is closed in <year>, with their names

Options:
  --calendar NAME       nyse, sifma or federal (default nyse)
  --quiet               add: print the date only, without the weekday
  --json                print the result as JSON on stdout
  -h, --help            show this help (also "stockrec calendar <command> --help")

${CALENDARS_EXPLAINED}

Exit status: 0 done; 2 bad usage (a date that is not YYYY-MM-DD, a year outside
${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR}, an unknown calendar; the message says what to write).
`;

const ADD_HELP = `Usage: stockrec calendar add <date> <n> [--calendar NAME] [--quiet] [--json]

Prints the date n business days after <date> and its weekday; n may be negative. Counting
starts on the day after <date>: a count on Friday 2026-11-20 plus 7 NYSE business days is
Wednesday 2026-12-02 (Thanksgiving, 2026-11-26, is not counted). Adding 0 prints <date> itself,
even when it is not a business day.

  stockrec calendar add 2026-11-20 7
  stockrec calendar add 2026-12-02 -7 --calendar federal

${CALENDARS_EXPLAINED}
`;

const BETWEEN_HELP = `Usage: stockrec calendar between <from> <to> [--calendar NAME] [--json]

Prints the number of business days after <from> up to and including <to>: the age in business
days of a difference found on <from>, as of <to>. Negative when <to> is before <from>.

  stockrec calendar between 2026-11-20 2026-12-02

${CALENDARS_EXPLAINED}
`;

const HOLIDAYS_HELP = `Usage: stockrec calendar holidays <year> [--calendar NAME] [--json]

Prints each weekday the calendar is closed all day in <year>: date, weekday and name. A holiday
moved off a weekend is named "(observed)".

  stockrec calendar holidays 2026 --calendar sifma

${CALENDARS_EXPLAINED}
`;

const OPTIONS = {
  calendar: { type: "string" },
  quiet: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Subcommand = "add" | "between" | "holidays";

const SUBCOMMAND_HELP: Record<Subcommand, string> = {
  add: ADD_HELP,
  between: BETWEEN_HELP,
  holidays: HOLIDAYS_HELP,
};

const WEEKDAY_NAMES = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
] as const;

function weekdayName(date: IsoDate): string {
  return WEEKDAY_NAMES[dayOfWeek(date)]!;
}

interface Request {
  readonly subcommand: Subcommand;
  readonly operands: readonly string[];
  readonly calendar: CalendarName;
  readonly quiet: boolean;
  readonly json: boolean;
}

/**
 * node's parseArgs reads "-7" as an unknown option, but `add <date> -7` is the natural way to
 * count back. A negative whole number is never an option here, so it is marked to pass through
 * parseArgs as an operand and unmarked after.
 */
const NEGATIVE_NUMBER = /^-\d+$/;
const OPERAND_MARK = "\u0000";

function unmark(text: string): string {
  return text.startsWith(OPERAND_MARK) ? text.slice(OPERAND_MARK.length) : text;
}

function isSubcommand(text: string): text is Subcommand {
  return text === "add" || text === "between" || text === "holidays";
}

function parseRequest(args: readonly string[]): Request | { help: string } {
  const marked = args.map((arg) => (NEGATIVE_NUMBER.test(arg) ? OPERAND_MARK + arg : arg));
  const { values, positionals } = parse(marked, OPTIONS);
  const [first, ...operands] = positionals.map(unmark);
  if (first !== undefined && !isSubcommand(first)) {
    throw new UsageError(`Unknown calendar command "${first}". Use add, between or holidays.`);
  }
  if (values.help === true)
    return { help: first === undefined ? CALENDAR_HELP : SUBCOMMAND_HELP[first] };
  if (first === undefined) {
    throw new UsageError(
      "Name what to compute: add <date> <n>, between <from> <to> or holidays <year>.",
    );
  }
  if (values.quiet === true && first !== "add") {
    throw new UsageError(
      `--quiet is for "calendar add" only; "calendar ${first}" prints one value per line already.`,
    );
  }
  return {
    subcommand: first,
    operands,
    calendar: calendarOption(values.calendar),
    quiet: values.quiet === true,
    json: values.json === true,
  };
}

function calendarOption(value: unknown): CalendarName {
  if (value === undefined) return "nyse";
  const text = unmark(String(value)).trim().toLowerCase();
  if (isCalendarName(text)) return text;
  throw new UsageError(
    `--calendar "${text}" is not a calendar StockRec knows. Use ${CALENDAR_NAMES.join(", ")}.`,
  );
}

function expectOperands(request: Request, names: readonly string[]): string[] {
  if (request.operands.length !== names.length) {
    const usage = `calendar ${request.subcommand} ${names.map((name) => `<${name}>`).join(" ")}`;
    const got = request.operands.length === 0 ? "nothing" : request.operands.join(" ");
    throw new UsageError(`Expected ${usage}, got ${got}.`);
  }
  return [...request.operands];
}

function dateOperand(text: string, role: string): IsoDate {
  const date = parseIsoDate(text);
  if (date === null) {
    throw new UsageError(
      `${role} "${text}" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20.`,
    );
  }
  if (!isSupportedCalendarDate(date)) {
    throw new UsageError(
      `${role} ${date} is outside the years the calendars cover (${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR}).`,
    );
  }
  return date;
}

/** Whole numbers only; no limit is needed here because the result must stay in 1990–2100. */
function businessDaysOperand(text: string): number {
  const n = /^[+-]?\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n)) {
    throw new UsageError(`<n> "${text}" is not a whole number of business days, e.g. 7 or -7.`);
  }
  return n;
}

function yearOperand(text: string): number {
  const year = /^\d{4}$/.test(text) ? Number(text) : Number.NaN;
  if (!isSupportedCalendarYear(year)) {
    throw new UsageError(
      `<year> "${text}" is not a year the calendars cover; use ${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR}.`,
    );
  }
  return year;
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

function runAdd(request: Request, io: CommandIo): void {
  const [dateText, nText] = expectOperands(request, ["date", "n"]);
  const from = dateOperand(dateText!, "<date>");
  const n = businessDaysOperand(nText!);
  const date = addBusinessDays(request.calendar, from, n);
  const weekday = weekdayName(date);
  if (request.json) {
    io.out(json({ calendar: request.calendar, from, businessDays: n, date, weekday }));
  } else {
    io.out(request.quiet ? `${date}\n` : `${date} ${weekday}\n`);
  }
}

function runBetween(request: Request, io: CommandIo): void {
  const [fromText, toText] = expectOperands(request, ["from", "to"]);
  const from = dateOperand(fromText!, "<from>");
  const to = dateOperand(toText!, "<to>");
  const businessDays = businessDaysBetween(request.calendar, from, to);
  if (request.json) io.out(json({ calendar: request.calendar, from, to, businessDays }));
  else io.out(`${businessDays}\n`);
}

function runHolidays(request: Request, io: CommandIo): void {
  const [yearText] = expectOperands(request, ["year"]);
  const year = yearOperand(yearText!);
  const closures = holidays(request.calendar, year).map((holiday) => ({
    date: holiday.date,
    weekday: weekdayName(holiday.date),
    name: holiday.name,
  }));
  if (request.json) {
    io.out(json({ calendar: request.calendar, year, holidays: closures }));
    return;
  }
  io.out(closures.map((c) => `${c.date}  ${c.weekday.padEnd(9)}  ${c.name}\n`).join(""));
}

const RUNNERS: Record<Subcommand, (request: Request, io: CommandIo) => void> = {
  add: runAdd,
  between: runBetween,
  holidays: runHolidays,
};

export async function calendarCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const request = parseRequest(args);
  if ("help" in request) {
    io.out(request.help);
    return 0;
  }
  try {
    RUNNERS[request.subcommand](request, io);
  } catch (error) {
    // The operands are in range, so only a count that runs past 1990 or 2100 gets here.
    if (error instanceof CalendarRangeError) {
      throw new UsageError(`The answer falls outside the calendars' range: ${error.message}`);
    }
    throw error;
  }
  return 0;
}
