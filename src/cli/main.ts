/** `stockrec`: the command-line tool over .xlsx workbooks (Node only; fs lives here). */
import { calendarCommand } from "./calendarCommand";
import { closeCommand } from "./closeCommand";
import { countCommand } from "./countCommand";
import { isUserError, reconcileCommand } from "./reconcileCommand";
import { signoffCommand } from "./signoffCommand";
import { reviewCommand } from "./reviewCommand";
import { suspenseCommand } from "./suspenseCommand";
import { verifyCommand } from "./verifyCommand";
import type { CommandIo } from "./io";

// These two read workbooks with ExcelJS as soon as they load; loading them when they run keeps
// ExcelJS out of the commands that do not need it (a CSV reconciliation).
const evidenceCommand = async (args: readonly string[], io: CommandIo): Promise<number> =>
  (await import("./evidenceCommand")).evidenceCommand(args, io);
const importCommand = async (args: readonly string[], io: CommandIo): Promise<number> =>
  (await import("./importCommand")).importCommand(args, io);

export const MAIN_HELP = `Usage: stockrec <command> [options]

StockRec reconciles a broker-dealer's stock record against clearing-corporation and custodian
position statements (FINRA Rule 4522(b)(1)), inside the Excel workbook the accountants use.

Commands:
  reconcile <workbook.xlsx>   reconcile the stock record against the statements; write Breaks
  close <workbook.xlsx> --as-of YYYY-MM-DD
                              the month-end close: reconcile, notices, the posting clock,
                              Difference-account postings (--post) and their aging
  count generate|record|compare <workbook.xlsx> --count-date YYYY-MM-DD
                              the SEA Rule 17a-13 quarterly security count: the count
                              sheet, counts and confirmations, the comparison with the
                              records, independence, the schedule and the postings (--post)
  import <file> --into <workbook.xlsx>
                              add a statement (CSV, .xlsx, MT535, MT940/MT950, BAI2) to a
                              copy of the workbook as a new sheet
  suspense <workbook.xlsx> --as-of YYYY-MM-DD
                              age the suspense register (FINRA 4523(c), 15c3-3a item 8)
  review <workbook.xlsx> --as-of YYYY-MM-DD
                              GL account owners, supervisors and monthly reviews (FINRA 4523)
  signoff <workbook.xlsx> --actor NAME --role preparer|reviewer
          --period YYYY-MM --scope SHEET
                              sign off a period's data (preparer, then a different reviewer);
                              records the data's hash and an Audit Log event
  verify <workbook.xlsx>      check the Audit Log's hash chain and every sign-off against the
                              data now; names the first broken row or sign-off
  calendar add|between|holidays
                              business days on the NYSE, SIFMA or Federal Reserve
                              calendar (e.g. the seven-business-day posting deadline)
  evidence <workbook.xlsx> --period YYYY-MM --out DIR
                              a protected snapshot of the workbook and a manifest of its
                              hashes, for the six-year archive
  help [command]              show help for a command

Run "stockrec <command> --help" for the options of a command.
`;

const COMMANDS: Record<string, (args: readonly string[], io: CommandIo) => Promise<number>> = {
  reconcile: reconcileCommand,
  close: closeCommand,
  count: countCommand,
  evidence: evidenceCommand,
  import: importCommand,
  review: reviewCommand,
  suspense: suspenseCommand,
  signoff: signoffCommand,
  verify: verifyCommand,
  calendar: calendarCommand,
};

export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h") {
    io.out(MAIN_HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === "help") {
    const topic = rest[0];
    if (topic !== undefined && COMMANDS[topic]) return COMMANDS[topic]!(["--help"], io);
    io.out(MAIN_HELP);
    return 0;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    io.err(
      `stockrec: unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(", ")}. Try "stockrec --help".\n`,
    );
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    if (!isUserError(error)) throw error;
    io.err(`stockrec ${command}: ${error.message}\nTry "stockrec ${command} --help".\n`);
    return 2;
  }
}

/** Entry point of the binary. */
export function runFromProcess(): void {
  const io: CommandIo = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `stockrec: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report this with the command you ran.\n`,
      );
      process.exitCode = 3;
    },
  );
}
