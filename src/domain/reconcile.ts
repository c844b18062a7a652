/**
 * FINRA Rule 4522(b)(1), securities side: books positions against statement positions, per
 * (security, contra organization). Rows are aggregated by key before comparing, so split rows
 * and duplicates are summed (and traced), never dropped. difference = statement − books:
 * negative is a Short difference, positive a Long one (DESIGN.md "Sign convention").
 */
import { abs, add, compare, isZero, sign, subtract, sum, ZERO, type Decimal } from "./decimal";
import type { Issue } from "./issues";
import { contraKey, type PositionRecord, type SourceRef, type UnreadableRow } from "./positions";

export type Direction = "long" | "short";
export type BreakKind = "quantity_difference" | "books_only" | "statement_only";

export interface Break {
  /** Stable across runs for the same security and contra. */
  readonly id: string;
  readonly securityKey: string;
  /** The identifier as the books write it (the statement's when only the statement has it). */
  readonly securityId: string;
  readonly description: string;
  readonly contra: string;
  readonly booksQuantity: Decimal;
  readonly statementQuantity: Decimal;
  /** statement − books */
  readonly difference: Decimal;
  readonly direction: Direction;
  readonly kind: BreakKind;
  readonly booksRows: readonly SourceRef[];
  readonly statementRows: readonly SourceRef[];
  /** Books locations that make up the books quantity. */
  readonly locations: readonly string[];
  /** Rows of this security and contra whose quantity could not be read: the break is incomplete. */
  readonly unreadableRows: readonly SourceRef[];
}

export interface MatchedPosition {
  readonly id: string;
  readonly securityId: string;
  readonly contra: string;
  readonly quantity: Decimal;
  readonly booksRows: readonly SourceRef[];
  readonly statementRows: readonly SourceRef[];
}

export interface ContraSummary {
  readonly contra: string;
  readonly breakCount: number;
  readonly matchedCount: number;
  /** Sums of the input records, computed independently of the matching. */
  readonly booksTotal: Decimal;
  readonly statementTotal: Decimal;
  /** Sum of the break differences. */
  readonly differenceTotal: Decimal;
  /** booksTotal + differenceTotal = statementTotal (the reconciliation identity). */
  readonly conserved: boolean;
}

export interface ReconcileInput {
  readonly books: readonly PositionRecord[];
  readonly statements: readonly PositionRecord[];
  /** Contras the statements cover; a statement with no rows still covers its contra. */
  readonly statementContras: readonly string[];
  /** Rows of either side whose quantity could not be read (reported as issues already). */
  readonly unreadable?: readonly UnreadableRow[];
}

export interface ReconcileOutput {
  readonly breaks: readonly Break[];
  readonly matched: readonly MatchedPosition[];
  readonly contras: readonly ContraSummary[];
  /** Books records whose contra has no statement in this run (reported, not compared). */
  readonly unreconciledBooks: readonly PositionRecord[];
  readonly issues: readonly Issue[];
}

interface Side {
  quantity: Decimal;
  rows: SourceRef[];
  first: PositionRecord | null;
  locations: Set<string>;
}

interface Bucket {
  readonly securityKey: string;
  readonly contraKey: string;
  readonly books: Side;
  readonly statement: Side;
}

function emptySide(): Side {
  return { quantity: ZERO, rows: [], first: null, locations: new Set() };
}

function addTo(side: Side, record: PositionRecord): void {
  side.quantity = add(side.quantity, record.quantity);
  side.rows.push(record.source);
  side.first ??= record;
  if (record.location !== "") side.locations.add(record.location);
}

export function breakId(securityKey: string, contra: string): string {
  return breakIdOfKey(securityKey, contraKey(contra));
}

/** `breakId` of a contra already made its key (`contraKey`). */
export function breakIdOfKey(securityKey: string, key: string): string {
  return `${securityKey}@${key}`;
}

export function directionOf(difference: Decimal): Direction {
  return sign(difference) < 0 ? "short" : "long";
}

export function reconcile(input: ReconcileInput): ReconcileOutput {
  const covered = new Map(
    input.statementContras.map((contra) => [contraKey(contra), contra.trim()]),
  );
  for (const record of input.statements) {
    if (!covered.has(contraKey(record.contra)))
      covered.set(contraKey(record.contra), record.contra);
  }
  const buckets = new Map<string, Bucket>();
  const bucketFor = (record: PositionRecord): Bucket => {
    const key = breakId(record.securityKey, record.contra);
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = {
        securityKey: record.securityKey,
        contraKey: contraKey(record.contra),
        books: emptySide(),
        statement: emptySide(),
      };
      buckets.set(key, bucket);
    }
    return bucket;
  };
  const unreconciledBooks: PositionRecord[] = [];
  for (const record of input.books) {
    if (covered.has(contraKey(record.contra))) addTo(bucketFor(record).books, record);
    else unreconciledBooks.push(record);
  }
  for (const record of input.statements) addTo(bucketFor(record).statement, record);

  const unreadableByKey = new Map<string, SourceRef[]>();
  for (const row of input.unreadable ?? []) {
    const key = breakId(row.securityKey, row.contra);
    unreadableByKey.set(key, [...(unreadableByKey.get(key) ?? []), row.source]);
  }
  const breaks: Break[] = [];
  const matched: MatchedPosition[] = [];
  for (const [id, bucket] of buckets) {
    const contra = covered.get(bucket.contraKey) ?? bucket.contraKey;
    const difference = subtract(bucket.statement.quantity, bucket.books.quantity);
    const first = (bucket.books.first ?? bucket.statement.first)!;
    if (isZero(difference)) {
      matched.push({
        id,
        securityId: first.securityId,
        contra,
        quantity: bucket.books.quantity,
        booksRows: bucket.books.rows,
        statementRows: bucket.statement.rows,
      });
      continue;
    }
    breaks.push({
      id,
      securityKey: bucket.securityKey,
      securityId: first.securityId,
      description: bucket.books.first?.description || bucket.statement.first?.description || "",
      contra,
      booksQuantity: bucket.books.quantity,
      statementQuantity: bucket.statement.quantity,
      difference,
      direction: directionOf(difference),
      kind:
        bucket.statement.rows.length === 0
          ? "books_only"
          : bucket.books.rows.length === 0
            ? "statement_only"
            : "quantity_difference",
      booksRows: bucket.books.rows,
      statementRows: bucket.statement.rows,
      locations: [...bucket.books.locations].sort(),
      unreadableRows: unreadableByKey.get(id) ?? [],
    });
  }
  breaks.sort(compareBreaks);
  const contras = summarise(input, covered, breaks, matched);
  return {
    breaks,
    matched,
    contras,
    unreconciledBooks,
    issues: [
      ...conservationIssues(contras),
      ...unreconciledIssues(unreconciledGroups(unreconciledBooks)),
      ...contrasWithoutBooks(input, covered),
    ],
  };
}

/** Largest absolute difference first; then contra and security for a stable order. */
export function compareBreaks(a: Break, b: Break): number {
  return compare(abs(b.difference), abs(a.difference)) || compareBreakPlaces(a, b);
}

/** Breaks of one size: by contra, then security. */
export function compareBreakPlaces(a: Break, b: Break): number {
  if (a.contra !== b.contra) return a.contra < b.contra ? -1 : 1;
  return a.securityKey < b.securityKey ? -1 : a.securityKey > b.securityKey ? 1 : 0;
}

function summarise(
  input: ReconcileInput,
  covered: ReadonlyMap<string, string>,
  breaks: readonly Break[],
  matched: readonly MatchedPosition[],
): ContraSummary[] {
  const summaries: ContraSummary[] = [];
  for (const [key, contra] of covered) {
    const booksTotal = sum(
      input.books.filter((r) => contraKey(r.contra) === key).map((r) => r.quantity),
    );
    const statementTotal = sum(
      input.statements.filter((r) => contraKey(r.contra) === key).map((r) => r.quantity),
    );
    const contraBreaks = breaks.filter((b) => contraKey(b.contra) === key);
    const differenceTotal = sum(contraBreaks.map((b) => b.difference));
    summaries.push({
      contra,
      breakCount: contraBreaks.length,
      matchedCount: matched.filter((m) => contraKey(m.contra) === key).length,
      booksTotal,
      statementTotal,
      differenceTotal,
      conserved: compare(add(booksTotal, differenceTotal), statementTotal) === 0,
    });
  }
  return summaries.sort((a, b) => b.breakCount - a.breakCount || (a.contra < b.contra ? -1 : 1));
}

export function conservationIssues(contras: readonly ContraSummary[]): Issue[] {
  return contras
    .filter((summary) => !summary.conserved)
    .map((summary) => ({
      code: "quantity_must_be_conserved",
      severity: "error" as const,
      where: { sheet: summary.contra },
      message: `For ${summary.contra}, books plus differences do not equal the statement total: the reconciliation lost or invented a quantity.`,
      hint: "This is a defect in StockRec, not in your data: do not rely on this run and report it with the workbook.",
    }));
}

/** A books contra named inside another name as a word: "DTC" in "DTC Position Report". */
export function contraNamedIn(name: string, booksContras: readonly string[]): string | null {
  const words = new Set(contraKey(name).split(/[^A-Z0-9]+/));
  const found = booksContras.filter((contra) => words.has(contraKey(contra)));
  return found.length === 1 ? found[0]! : null;
}

/**
 * A statement reconciled as a contra the books hold nothing at is almost always a contra left to
 * default to the sheet name: every position would break Long. Say so, and suggest the contra.
 */
function contrasWithoutBooks(input: ReconcileInput, covered: ReadonlyMap<string, string>): Issue[] {
  const booksContras = [
    ...new Map(input.books.map((r) => [contraKey(r.contra), r.contra])).values(),
  ];
  return contrasWithoutBooksIssues(
    booksContras,
    covered,
    (key) => input.statements.find((r) => contraKey(r.contra) === key)?.source,
  );
}

/**
 * The warnings of `contrasWithoutBooks` from what they need: the books' contras (first-seen
 * order, as written), the contras the statements cover, and each one's first statement row.
 */
export function contrasWithoutBooksIssues(
  booksContras: readonly string[],
  covered: ReadonlyMap<string, string>,
  firstStatementRow: (contraKey: string) => SourceRef | undefined,
): Issue[] {
  if (booksContras.length === 0) return [];
  const held = new Set(booksContras.map(contraKey));
  return [...covered]
    .filter(([key]) => !held.has(key))
    .map(([, contra]) => {
      const record = firstStatementRow(contraKey(contra));
      const suggestion = contraNamedIn(contra, booksContras);
      return {
        code: "statement_contra_must_hold_books_positions",
        severity: "warning" as const,
        where: {
          sheet: record?.sheet ?? contra,
          ...(record ? { row: record.row } : {}),
        },
        message: `The books hold nothing at "${contra}", so every position of this statement is reported Long${suggestion ? `; the statement is probably ${suggestion}'s` : ""}.`,
        hint: suggestion
          ? `Set the statement's contra to ${suggestion} (--statement "${record?.sheet ?? contra}=${suggestion}"), or add a contra column.`
          : `Set the statement's contra to one the books use (${booksContras.join(", ")}).`,
      };
    });
}

/** Books positions at one contra no statement covers: where the first is, and their rows. */
export interface UnreconciledGroup {
  readonly contra: string;
  readonly first: SourceRef;
  readonly rowCount: number;
  /** The first rows (at least 12, when there are that many). */
  readonly rows: readonly number[];
}

function unreconciledGroups(records: readonly PositionRecord[]): UnreconciledGroup[] {
  const byContra = new Map<string, PositionRecord[]>();
  for (const record of records) {
    const list = byContra.get(contraKey(record.contra)) ?? [];
    list.push(record);
    byContra.set(contraKey(record.contra), list);
  }
  return [...byContra.values()].map((list) => ({
    contra: list[0]!.contra,
    first: list[0]!.source,
    rowCount: list.length,
    rows: list.slice(0, 12).map((r) => r.source.row),
  }));
}

export function unreconciledIssues(groups: readonly UnreconciledGroup[]): Issue[] {
  return groups.map((group) => {
    const shown =
      group.rows.slice(0, 12).join(", ") +
      (group.rowCount > 12 ? `, … (${group.rowCount} rows)` : "");
    return {
      code: "contra_has_no_statement",
      severity: "warning" as const,
      where: { sheet: group.first.sheet, row: group.first.row },
      message:
        group.rowCount === 1
          ? `The position held at ${group.contra} (row ${shown}) was not reconciled: no statement for ${group.contra} is in this run.`
          : `${group.rowCount} positions held at ${group.contra} (rows ${shown}) were not reconciled: no statement for ${group.contra} is in this run.`,
      hint: `Add the ${group.contra} statement sheet to the run, or check the location code.`,
    };
  });
}
