/**
 * The month's securities reconciliation of a workbook's sheets, by the fastest engine that
 * covers the run: the streaming engine (reconcileStream.ts: no record per row, no array of
 * matched positions) when the run is the stock record against statements alone, and
 * `runMonthlyReconciliation` when it also takes a locations map, a security master, prices or
 * money balances, which only that path applies. Both give the same breaks, totals and issues
 * for the runs the stream takes (test/domain/fastPaths.property.test.ts); the stream counts
 * matched positions without listing them. Pure: the task pane's worker and the CLI run it.
 */
import { HEADER_SEARCH_ROWS } from "./headers";
import { runMonthlyReconciliation, type ReconciliationOutcome } from "./monthlyReconciliation";
import { ReconcileStream } from "./reconcileStream";
import type { RunPlan } from "./roles";
import { profileKey, type Settings } from "./settings";
import type { Row, SheetSnapshot } from "./sheet";

export function reconcileSheets(
  sheets: ReadonlyMap<string, SheetSnapshot>,
  plan: RunPlan,
  settings: Settings,
): ReconciliationOutcome {
  const booksRows = sheets.get(plan.books)?.rows.length ?? 0;
  return prepareReconciliation(plan, settings, booksRows).finish(sheets);
}

/**
 * `reconcileSheets` in steps, for a host that reads the sheets itself (the pane's worker, as
 * Excel hands them over). Made before the sheets are read, given about how many rows the books
 * have (a hint that sizes the engine's memory): taken then, while the host's heap is small, it
 * sets off no collection of a heap of millions of rows (`StreamOptions.reads`).
 */
export interface PreparedReconciliation {
  /**
   * A block of the rows of a sheet of the run as it is read (`rows[0]` is row `first`): the
   * engine works on it while the host reads on. Blocks come in order within a sheet and sheets
   * one after another (`readSheetBlocks` hands them so); any may be left to `finish`.
   */
  block(sheet: string, rows: readonly Row[], first: number): void;
  /** The outcome, given every sheet the run reads, whole: `reconcileSheets`'s. Once. */
  finish(sheets: ReadonlyMap<string, SheetSnapshot>): ReconciliationOutcome;
}

export function prepareReconciliation(
  plan: RunPlan,
  settings: Settings,
  booksRows: number,
): PreparedReconciliation {
  const general: PreparedReconciliation = {
    block: () => undefined,
    finish: (sheets) => runMonthlyReconciliation(sheets, plan, settings),
  };
  const moneyStatements = plan.moneyStatements ?? [];
  if (plan.locations || plan.securityMaster || plan.prices || plan.booksMoney) return general;
  if (moneyStatements.length > 0) return general;
  const names = [plan.books, ...plan.statements.map((s) => s.sheet)];
  // a sheet in two roles: the workbook path says so
  if (new Set(names).size !== names.length) return general;
  return new StreamedRun(plan, settings, booksRows);
}

/** One sheet of a streamed run, as it is fed. */
interface Feed {
  /** The rows held back until the header search window is in (then the source is opened). */
  head: Row[];
  /** How many of the sheet's rows the stream has been handed. */
  handed: number;
  /** The source: undefined until opened, null when the sheet cannot be used. */
  source: number | null | undefined;
}

/** The stream's run: books, then each statement, fed in order as their blocks come. */
class StreamedRun implements PreparedReconciliation {
  private readonly stream: ReconcileStream;
  private readonly sources: readonly {
    readonly sheet: string;
    readonly role: "books" | "statement";
    readonly contra: string | null;
  }[];
  private readonly feeds: Feed[];
  /** The sheet being fed (an index of `sources`). */
  private current = 0;
  /** The books have prices: the workbook path values the differences (as `reconcileSheets`). */
  private general = false;
  /** Blocks came out of order: the sheets are reconciled afresh, whole, at `finish`. */
  private astray = false;
  private finished = false;

  constructor(
    private readonly plan: RunPlan,
    private readonly settings: Settings,
    private readonly booksRows: number,
  ) {
    this.stream = new ReconcileStream({
      differenceLocations: settings.differenceLocations,
      expectedPositions: booksRows,
      reads: ["books", "statement"],
    });
    this.sources = [
      { sheet: plan.books, role: "books", contra: null },
      ...plan.statements.map((s) => ({ ...s, role: "statement" as const })),
    ];
    this.feeds = this.sources.map(() => ({ head: [], handed: 0, source: undefined }));
  }

  block(sheet: string, rows: readonly Row[], first: number): void {
    if (this.general || this.astray || this.finished) return;
    const index = this.sources.findIndex((s) => s.sheet === sheet);
    if (index < 0) return; // a sheet the stream does not read
    while (this.current < index) this.complete(this.current++);
    const feed = this.feeds[index]!;
    if (index !== this.current || first !== feed.handed + 1) {
      // out of order: nothing is lost, `finish` starts again on the whole sheets
      this.astray = true;
      return;
    }
    this.feed(index, rows);
  }

  finish(sheets: ReadonlyMap<string, SheetSnapshot>): ReconciliationOutcome {
    if (this.finished) throw new Error("A prepared reconciliation runs once.");
    this.finished = true;
    const general = () => runMonthlyReconciliation(sheets, this.plan, this.settings);
    // a missing sheet: the workbook path says so
    if (this.general || this.sources.some((s) => !sheets.has(s.sheet))) return general();
    // blocks out of order, or a sheet skipped or cut short: afresh, on the sheets as they are
    const afresh = () => new StreamedRun(this.plan, this.settings, this.booksRows).finish(sheets);
    if (this.astray) return afresh();
    for (let index = this.current; index < this.sources.length && !this.general; index++) {
      const rows = sheets.get(this.sources[index]!.sheet)!.rows;
      const feed = this.feeds[index]!;
      if (feed.handed === 0 && feed.source === undefined) this.openWith(index, rows, true);
      else this.feed(index, rows.slice(feed.handed));
      this.complete(index);
    }
    this.current = this.sources.length;
    if (this.general) return general();
    const whole = this.sources.every(
      (s, index) => this.feeds[index]!.handed === sheets.get(s.sheet)!.rows.length,
    );
    return whole ? this.stream.finish(this.plan.asOf) : afresh();
  }

  private feed(index: number, rows: readonly Row[]): void {
    const feed = this.feeds[index]!;
    if (feed.source === undefined) {
      for (const row of rows) feed.head.push(row);
      feed.handed += rows.length;
      if (feed.head.length >= HEADER_SEARCH_ROWS) this.openWith(index, feed.head, false);
      return;
    }
    const first = feed.handed + 1;
    feed.handed += rows.length;
    if (feed.source !== null && !this.general) this.stream.addCellsBlock(feed.source, rows, first);
  }

  /** A sheet is all handed over: one shorter than the header window is opened now. */
  private complete(index: number): void {
    const feed = this.feeds[index]!;
    if (feed.source === undefined) this.openWith(index, feed.head, false);
  }

  /**
   * Opens sheet `index` on its first rows and adds them: `rows` is the whole sheet when `whole`
   * (added as it is, not copied), else the rows handed over so far.
   */
  private openWith(index: number, rows: readonly Row[], whole: boolean): void {
    const { sheet, role, contra } = this.sources[index]!;
    const feed = this.feeds[index]!;
    const profile = this.settings.profiles[profileKey(sheet)];
    const source = this.stream.open(
      { name: sheet, rows: rows.slice(0, HEADER_SEARCH_ROWS) },
      { sheet, role, contra, typedCells: true, ...(profile === undefined ? {} : { profile }) },
    );
    feed.source = source;
    feed.head = [];
    if (whole) feed.handed = rows.length;
    if (source === null) return;
    // books with prices value the differences, which the stream does not
    if (index === 0 && this.stream.hasPriceColumn(source)) {
      this.general = true;
      return;
    }
    if (whole) this.stream.addCellsRows(source, rows);
    else this.stream.addCellsBlock(source, rows, 1);
  }
}
