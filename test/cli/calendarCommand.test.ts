/**
 * `stockrec calendar` end to end through `main`, with the output captured: the answers, the JSON,
 * the help and every refusal (exit 2 with a message that says what to write).
 */
import { describe, expect, it } from "vitest";
import { MAIN_HELP, main } from "../../src/cli/main";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: readonly string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

async function refused(args: readonly string[], message: string): Promise<void> {
  const result = await run(args);
  expect(result).toEqual({
    code: 2,
    stdout: "",
    stderr: `stockrec calendar: ${message}\nTry "stockrec calendar --help".\n`,
  });
}

describe("stockrec calendar add", () => {
  it("prints the posting deadline of a count and its weekday (NYSE by default)", async () => {
    // Fri 2026-11-20 + 7 NYSE business days, Thanksgiving 11-26 skipped: Wed 2026-12-02.
    expect(await run(["calendar", "add", "2026-11-20", "7"])).toEqual({
      code: 0,
      stdout: "2026-12-02 Wednesday\n",
      stderr: "",
    });
  });

  it("counts back with a negative n, and --quiet prints the date only", async () => {
    const back = await run(["calendar", "add", "2026-12-02", "-7", "--quiet"]);
    expect([back.code, back.stdout]).toEqual([0, "2026-11-20\n"]);
  });

  it("uses the calendar named: Columbus Day closes the Fed but not the NYSE", async () => {
    const nyse = await run(["calendar", "add", "2026-10-09", "1", "--calendar", "nyse"]);
    const fed = await run(["calendar", "add", "2026-10-09", "1", "--calendar", "federal"]);
    expect([nyse.stdout, fed.stdout]).toEqual(["2026-10-12 Monday\n", "2026-10-13 Tuesday\n"]);
  });

  it("prints JSON with --json", async () => {
    const result = await run([
      "calendar",
      "add",
      "2026-04-02",
      "1",
      "--calendar",
      "sifma",
      "--json",
    ]);
    expect(result.code).toBe(0);
    // Good Friday 2026 is a SIFMA early close (noon), so a business day.
    expect(JSON.parse(result.stdout)).toEqual({
      calendar: "sifma",
      from: "2026-04-02",
      businessDays: 1,
      date: "2026-04-03",
      weekday: "Friday",
    });
  });

  it("returns a non-business day itself when n is 0", async () => {
    expect((await run(["calendar", "add", "2026-11-26", "0"])).stdout).toBe(
      "2026-11-26 Thursday\n",
    );
  });
});

describe("stockrec calendar between", () => {
  it("prints the number of business days after <from> up to and including <to>", async () => {
    expect(await run(["calendar", "between", "2026-11-20", "2026-12-02"])).toEqual({
      code: 0,
      stdout: "7\n",
      stderr: "",
    });
    expect((await run(["calendar", "between", "2026-12-02", "2026-11-20"])).stdout).toBe("-7\n");
  });

  it("prints JSON with --json", async () => {
    const result = await run([
      "calendar",
      "between",
      "2026-10-09",
      "2026-10-13",
      "--calendar",
      "federal",
      "--json",
    ]);
    expect(JSON.parse(result.stdout)).toEqual({
      calendar: "federal",
      from: "2026-10-09",
      to: "2026-10-13",
      businessDays: 1,
    });
  });
});

describe("stockrec calendar holidays", () => {
  it("prints date, weekday and name per line", async () => {
    const result = await run(["calendar", "holidays", "2026"]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(10);
    expect(lines[3]).toBe("2026-04-03  Friday     Good Friday");
    expect(lines[6]).toBe("2026-07-03  Friday     Independence Day (observed)");
  });

  it("prints JSON with --json; the Fed has no Good Friday and no Friday for a Saturday holiday", async () => {
    const result = await run(["calendar", "holidays", "2026", "--calendar", "federal", "--json"]);
    const parsed = JSON.parse(result.stdout) as {
      calendar: string;
      year: number;
      holidays: { date: string; weekday: string; name: string }[];
    };
    expect([parsed.calendar, parsed.year]).toEqual(["federal", 2026]);
    expect(parsed.holidays.map((holiday) => holiday.date)).toEqual([
      "2026-01-01",
      "2026-01-19",
      "2026-02-16",
      "2026-05-25",
      "2026-06-19",
      "2026-09-07",
      "2026-10-12",
      "2026-11-11",
      "2026-11-26",
      "2026-12-25",
    ]);
    expect(parsed.holidays[6]).toEqual({
      date: "2026-10-12",
      weekday: "Monday",
      name: "Columbus Day",
    });
  });
});

describe("stockrec calendar: help", () => {
  it("has --help for the command and each subcommand, and the main help lists it", async () => {
    const help = await run(["calendar", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: stockrec calendar <add|between|holidays>");
    expect((await run(["help", "calendar"])).stdout).toBe(help.stdout);
    expect(MAIN_HELP).toContain("calendar add|between|holidays");
    for (const [subcommand, usage] of [
      ["add", "Usage: stockrec calendar add <date> <n>"],
      ["between", "Usage: stockrec calendar between <from> <to>"],
      ["holidays", "Usage: stockrec calendar holidays <year>"],
    ] as const) {
      const subHelp = await run(["calendar", subcommand, "-h"]);
      expect([subHelp.code, subHelp.stdout.startsWith(usage)]).toEqual([0, true]);
    }
  });
});

describe("stockrec calendar: bad usage exits 2 and says what to write", () => {
  it("refuses a bad date, a date or year outside 1990–2100, and a result past 2100", async () => {
    await refused(
      ["calendar", "add", "2026-02-30", "1"],
      '<date> "2026-02-30" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20.',
    );
    await refused(
      ["calendar", "between", "1989-12-29", "2026-01-02"],
      "<from> 1989-12-29 is outside the years the calendars cover (1990–2100).",
    );
    await refused(
      ["calendar", "holidays", "2101"],
      '<year> "2101" is not a year the calendars cover; use 1990–2100.',
    );
    await refused(
      ["calendar", "holidays", "26"],
      '<year> "26" is not a year the calendars cover; use 1990–2100.',
    );
    await refused(
      ["calendar", "add", "2100-12-30", "5"],
      "The answer falls outside the calendars' range: 2101-01-01 is outside the years the " +
        "business-day calendars cover (1990–2100).",
    );
  });

  it("refuses a bad count, a missing or extra operand, an unknown calendar or command", async () => {
    await refused(
      ["calendar", "add", "2026-11-20", "7.5"],
      '<n> "7.5" is not a whole number of business days, e.g. 7 or -7.',
    );
    await refused(
      ["calendar", "add", "2026-11-20"],
      "Expected calendar add <date> <n>, got 2026-11-20.",
    );
    await refused(
      ["calendar", "between", "2026-11-20", "2026-12-01", "2026-12-02"],
      "Expected calendar between <from> <to>, got 2026-11-20 2026-12-01 2026-12-02.",
    );
    await refused(
      ["calendar", "add", "2026-11-20", "7", "--calendar", "ecb"],
      '--calendar "ecb" is not a calendar StockRec knows. Use nyse, sifma, federal.',
    );
    await refused(
      ["calendar", "count"],
      'Unknown calendar command "count". Use add, between or holidays.',
    );
    await refused(
      ["calendar"],
      "Name what to compute: add <date> <n>, between <from> <to> or holidays <year>.",
    );
    await refused(
      ["calendar", "between", "2026-11-20", "2026-12-02", "--quiet"],
      '--quiet is for "calendar add" only; "calendar between" prints one value per line already.',
    );
    const unknownOption = await run(["calendar", "add", "2026-11-20", "7", "--business"]);
    expect([unknownOption.code, unknownOption.stderr]).toEqual([
      2,
      expect.stringContaining("Unknown option '--business'"),
    ]);
  });
});
