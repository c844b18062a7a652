import { readSample, statementsDir } from "../../oracles";
import { existsSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toDecimalString, type Decimal } from "../../../src/domain/decimal";
import {
  decimalFromMinor,
  findSummary,
  isoDateFromBaiDate,
  parseBai2,
  type Bai2Account,
  type Bai2Result,
} from "../../../src/domain/formats/bai2";

const SAMPLE1 = "moov-io-bai2_sample1.txt";
const SAMPLE2 = "moov-io-bai2_sample2.txt";
const SAMPLE3 = "moov-io-bai2_sample3.txt";
const SAMPLE4 = "moov-io-bai2_sample4-continuations-newline-delimited.txt";

const text = (value: Decimal | null) => (value === null ? null : toDecimalString(value));
const summaries = (account: Bai2Account) =>
  account.summaries.map((summary) => [summary.typeCode, text(summary.amount), summary.itemCount]);
const control = (account: Bai2Account) => [
  account.declaredControlTotalMinor,
  account.controlTotalMinor,
  account.declaredRecordCount,
  account.recordCount,
];

function parseSample(file: string): Bai2Result {
  return parseBai2(readSample("bai2", file), file);
}

describe("BAI2 oracle samples (PROVENANCE.md B, bai2/)", () => {
  it("finds the oracle statement folder", () => {
    expect(existsSync(statementsDir), `missing ${statementsDir} (see PROVENANCE.md B)`).toBe(true);
  });

  it("sample1: file, group and the two blocks of account 10200123456 with their totals", () => {
    const { header, groups, accounts, trailer, issues } = parseSample(SAMPLE1);
    expect(issues).toEqual([]);
    expect(header).toMatchObject({ sender: "0004", receiver: "12345", creationDate: "2006-03-21" });
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      asOfDate: "2006-03-17",
      currency: "CAD",
      declaredControlTotalMinor: 1280000n,
      controlTotalMinor: 1280000n,
      declaredAccountCount: 2,
      declaredRecordCount: 25,
      recordCount: 25,
    });
    expect(accounts.map((account) => [account.accountNumber, account.currency])).toEqual([
      ["10200123456", "CAD"],
      ["10200123456", "CAD"],
    ]);
    expect(accounts.map(control)).toEqual([
      [834000n, 834000n, 14, 14],
      [446000n, 446000n, 9, 9],
    ]);
    expect(summaries(accounts[0]!)).toEqual([
      ["040", "0", null],
      ["045", "0", null],
      ["100", "2085", 3],
      ["400", "2085", 8],
    ]);
    expect(findSummary(accounts[0]!, "100")?.funds).toMatchObject({
      type: "V",
      valueDate: "2006-03-16",
    });
    const codes = new Set(accounts.flatMap((a) => a.transactions.map((t) => t.typeCode)));
    expect([...codes].sort()).toEqual(["108", "409"]);
    expect(accounts.map((account) => account.transactions.length)).toEqual([11, 6]);
    expect(accounts[0]!.transactions[0]).toMatchObject({
      typeCode: "409",
      direction: "debit",
      text: "RETURNED CHEQUE",
    });
    expect(text(accounts[0]!.transactions[0]!.amount)).toBe("25");
    expect(text(accounts[0]!.transactions[0]!.signedAmount)).toBe("-25");
    expect(trailer).toMatchObject({
      declaredControlTotalMinor: 1280000n,
      controlTotalMinor: 1280000n,
      declaredGroupCount: 1,
      declaredRecordCount: 27,
      recordCount: 27,
    });
  });

  it("sample2: the specification example, 4 groups and 5 accounts in USD by default", () => {
    const { groups, accounts, trailer, issues } = parseSample(SAMPLE2);
    expect(issues).toEqual([]);
    expect(groups).toHaveLength(4);
    expect(groups.every((group) => group.currency === null)).toBe(true);
    expect(accounts.map((account) => [account.accountNumber, account.currency])).toEqual([
      ["0123456789", "USD"],
      ["9876543210", "USD"],
      ["4589761203", "USD"],
      ["0975312468", "USD"],
      ["7890654321", "USD"],
    ]);
    expect(text(findSummary(accounts[1]!, "010")!.amount)).toBe("-5000");
    expect(trailer).toMatchObject({
      declaredControlTotalMinor: 345450000n,
      controlTotalMinor: 345450000n,
      declaredGroupCount: 4,
      declaredRecordCount: 31,
      recordCount: 31,
    });
  });

  it("sample2: 88 continuations carry on the 03 summaries and the 16 text", () => {
    const { accounts } = parseSample(SAMPLE2);
    // 03 ends after type code 190; the 88 gives its amount and the following summaries.
    // prettier-ignore
    expect(summaries(accounts[1]!).map(([code]) => code)).toEqual([
      "010", "100", "400", "190", "110", "072", "074", "040",
    ]);
    expect(text(findSummary(accounts[1]!, "040")!.amount)).toBe("-15000");
    expect(text(findSummary(accounts[4]!, "110")!.amount)).toBe("50000");
    expect(findSummary(accounts[4]!, "110")!.itemCount).toBe(4);
    expect(accounts[2]!.transactions[0]).toMatchObject({
      typeCode: "218",
      bankReference: "SP4738",
      customerReference: "YRC065321",
      text: "PROCEEDS OF LETTER OF CREDIT FROM THE ARAMCO OIL CO",
      funds: { type: "V", valueDate: "2004-06-22" },
    });
  });

  it("sample2: S and D funds distributions are read, so the fields after them line up", () => {
    const { accounts } = parseSample(SAMPLE2);
    const distributions = (funds: {
      distributions: readonly { days: number; amount: Decimal | null }[];
    }) => funds.distributions.map((d) => [d.days, text(d.amount)]);
    const lockBox = accounts[1]!.transactions[0]!;
    expect(lockBox.funds.type).toBe("S");
    expect(distributions(lockBox.funds)).toEqual([
      [0, null],
      [1, "2000"],
      [2, "3000"],
    ]);
    expect(lockBox.text).toBe("LOCK BOX NO.68751");
    const detailed = findSummary(accounts[3]!, "110")!;
    expect([detailed.funds.type, text(detailed.amount), detailed.itemCount]).toEqual([
      "D",
      "700000",
      15,
    ]);
    expect(distributions(detailed.funds)).toEqual([
      [0, "200000"],
      [1, "300000"],
      [3, "200000"],
    ]);
  });

  it("sample3: several records per line, a record split across lines, trailing spaces", () => {
    const { groups, accounts, trailer, issues } = parseSample(SAMPLE3);
    expect(issues).toEqual([]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      asOfDate: "2022-09-19",
      currency: "USD",
      declaredControlTotalMinor: 2508440n,
      controlTotalMinor: 2508440n,
      declaredAccountCount: 15,
      declaredRecordCount: 72,
      recordCount: 72,
    });
    expect(accounts).toHaveLength(15);
    expect(new Set(accounts.map((account) => account.accountNumber))).toEqual(
      new Set(["1111111", "11111111"]),
    );
    expect(summaries(accounts[0]!)).toEqual([
      ["010", "-35", null],
      ["015", "-36", null],
      ["040", "-35", null],
      ["060", "-36", null],
      ["100", "31", 3],
      ["400", "32", 3],
    ]);
    // Line 3 holds two 16 records; the 49 of the first account shares line 10 with the next 03.
    expect(accounts[0]!.transactions.slice(0, 2).map((t) => [t.line, t.text])).toEqual([
      [3, "TRANSFER   PAYPAL             PPD"],
      [3, "TRANSFER   MSPBNA BANK        PPD"],
    ]);
    expect(control(accounts[0]!)).toEqual([-1600n, -1600n, 11, 11]);
    // The 16 on line 18 continues on line 19 before its "/".
    const split = accounts[7]!.transactions[0]!;
    expect([split.line, text(split.amount), split.text]).toEqual([
      18,
      "25",
      "111111     ACH_SETL           1111111111111111111111111 1111111111",
    ]);
    expect(trailer).toMatchObject({
      declaredControlTotalMinor: 2508440n,
      declaredRecordCount: 74,
      recordCount: 74,
    });
  });

  it("sample4: newline-delimited records are read; the wrong 98/99 counts are reported", () => {
    const { header, groups, accounts, issues } = parseSample(SAMPLE4);
    expect(header).toMatchObject({ sender: "GSBI", receiver: "cont001" });
    expect(groups[0]).toMatchObject({ asOfDate: "2023-09-06", currency: null });
    // prettier-ignore
    expect(accounts.map((account) => account.accountNumber)).toEqual([
      "107049924", "107049932", "104108339", "260000033037", "280000010657",
    ]);
    expect(accounts.every((account) => account.currency === "USD")).toBe(true);
    expect(accounts.map((account) => account.transactions.length)).toEqual([0, 3, 14, 0, 0]);
    const wire = accounts[2]!.transactions[13]!;
    expect([wire.typeCode, text(wire.amount), wire.bankReference]).toEqual([
      "495",
      "300000",
      "GI2323300009168",
    ]);
    expect(wire.text).toContain("Outgoing Wire,To: TEST AND COMPANY");
    expect(wire.text).toContain("CABA: 021000021");
    const byCode = (code: string) =>
      issues.filter((issue) => issue.code === code).map((i) => i.where.row);
    expect(byCode("bai2_group_record_count_must_match")).toEqual([115]);
    expect(byCode("bai2_group_account_count_must_match")).toEqual([115]);
    expect(byCode("bai2_file_record_count_must_match")).toEqual([116]);
    const fileCount = issues.find((issue) => issue.code === "bai2_file_record_count_must_match")!;
    expect(fileCount.message).toContain("declares 18 records but 116 were read");
  });
});

describe("BAI2 rules on constructed files", () => {
  const file = (records: string[]) => records.map((record) => `${record}/`).join("\n");

  it("reports an account whose 49 total does not match its amounts", () => {
    const { accounts, issues } = parseBai2(
      file([
        "01,S,R,260105,0800,1,,,2",
        "02,R,S,1,260105,,USD,2",
        "03,123,,010,1000,,,015,1500,,",
        "16,195,500,Z,,,WIRE IN",
        "49,3001,3",
        "98,3001,1,5",
        "99,3001,1,7",
      ]),
      "total.bai",
    );
    expect(accounts).toHaveLength(1);
    expect(issues.map((issue) => [issue.code, issue.severity, issue.where.row])).toEqual([
      ["bai2_account_control_total_must_match", "error", 5],
    ]);
    expect(issues[0]!.message).toContain("total.bai › line 5");
    expect(issues[0]!.message).toContain("3001");
    expect(issues[0]!.message).toContain("3000");
  });

  it("reports an account and a file with no trailer but still reads the account", () => {
    const { accounts, issues } = parseBai2(
      file(["01,S,R,260105,0800,1,,,2", "02,R,S,1,260105,,USD,2", "03,123,,010,1000,,"]),
      "cut.bai",
    );
    expect(accounts.map((account) => text(findSummary(account, "010")!.amount))).toEqual(["10"]);
    expect(issues.map((issue) => issue.code)).toEqual([
      "bai2_account_must_end_with_49_trailer",
      "bai2_group_must_end_with_98_trailer",
      "bai2_file_must_end_with_99_trailer",
    ]);
  });

  it("keeps the implied decimals of the currency", () => {
    expect(text(decimalFromMinor(123456n, "USD"))).toBe("1234.56");
    expect(text(decimalFromMinor(123456n, "JPY"))).toBe("123456");
    expect(text(decimalFromMinor(-5n, "KWD"))).toBe("-0.005");
    const { accounts } = parseBai2(
      file([
        "01,S,R,260105,0800,1,,,2",
        "02,R,S,1,260105,,JPY,2",
        "03,123,,010,1000,,",
        "49,1000,2",
        "98,1000,1,4",
        "99,1000,1,6",
      ]),
      "jpy.bai",
    );
    expect(text(accounts[0]!.summaries[0]!.amount)).toBe("1000");
  });

  it("reads two-digit years with the 70 pivot", () => {
    expect(isoDateFromBaiDate("691231")).toBe("2069-12-31");
    expect(isoDateFromBaiDate("700101")).toBe("1970-01-01");
    expect(isoDateFromBaiDate("060317")).toBe("2006-03-17");
    expect(isoDateFromBaiDate("061317")).toBeNull();
  });

  it("reports an as-of date that is not a date", () => {
    const { issues } = parseBai2(
      file(["01,S,R,260105,0800,1,,,2", "02,R,S,1,261305,,USD,2", "98,0,0,2", "99,0,1,4"]),
      "date.bai",
    );
    expect(issues.map((issue) => [issue.code, issue.where.row])).toEqual([
      ["bai2_as_of_date_must_be_yymmdd", 2],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: the physical layout (records per line, records broken across lines) does not
// change what is read.

interface GeneratedAccount {
  readonly number: string;
  readonly opening: bigint;
  readonly details: readonly { code: string; amount: bigint; text: string; more: string }[];
}

const arbitraryText = fc.stringMatching(/^[A-Z0-9][A-Z0-9 .,]{0,24}[A-Z0-9]$/);
const arbitraryAccount: fc.Arbitrary<GeneratedAccount> = fc.record({
  number: fc.stringMatching(/^[0-9]{4,12}$/),
  opening: fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n }),
  details: fc.array(
    fc.record({
      code: fc.constantFrom("108", "195", "409", "475"),
      amount: fc.bigInt({ min: 0n, max: 10n ** 10n }),
      text: arbitraryText,
      more: fc.oneof(fc.constant(""), arbitraryText),
    }),
    { maxLength: 5 },
  ),
});

/** Records without their "/" terminators, in file order. */
function canonicalRecords(accounts: readonly GeneratedAccount[]): string[] {
  const records: string[] = [
    "01,SENDER,RECEIVER,260105,0800,1,,,2",
    "02,RECEIVER,SENDER,1,260105,,USD,2",
  ];
  let groupTotal = 0n;
  let groupRecords = 2;
  for (const account of accounts) {
    const accountRecords = [
      `03,${account.number},,010,${account.opening},,,015,${account.opening},,`,
    ];
    let total = 2n * account.opening;
    for (const detail of account.details) {
      accountRecords.push(`16,${detail.code},${detail.amount},Z,BR,CR,${detail.text}`);
      if (detail.more !== "") accountRecords.push(`88,${detail.more}`);
      total += detail.amount;
    }
    accountRecords.push(`49,${total},${accountRecords.length + 1}`);
    records.push(...accountRecords);
    groupTotal += total;
    groupRecords += accountRecords.length;
  }
  records.push(`98,${groupTotal},${accounts.length},${groupRecords}`);
  records.push(`99,${groupTotal},1,${groupRecords + 2}`);
  return records;
}

/** Breaks a record's body at the given offsets, never so that a piece looks like a new record. */
function breakRecord(record: string, offsets: readonly number[]): string {
  const body = record.slice(3);
  const cuts = [...new Set(offsets.map((offset) => offset % (body.length + 1)))]
    .filter((cut) => cut > 0 && cut < body.length && !/^\s*\d\d,/.test(body.slice(cut)))
    .sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    pieces.push(body.slice(start, cut));
    start = cut;
  }
  pieces.push(body.slice(start));
  return `${record.slice(0, 3)}${pieces.join("\n")}/`;
}

/** The parse result with source lines taken out, for comparing two layouts of one file. */
function withoutLines(result: Bai2Result): unknown {
  return JSON.parse(
    JSON.stringify(result, (key, value: unknown) =>
      key === "line" || key === "issues"
        ? undefined
        : typeof value === "bigint"
          ? `${value}`
          : value,
    ),
  );
}

describe("BAI2 layout properties", () => {
  it("reads the same accounts however records are spread over physical lines", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryAccount, { minLength: 1, maxLength: 4 }),
        fc.array(fc.array(fc.nat(200), { maxLength: 2 }), { minLength: 40, maxLength: 40 }),
        fc.array(fc.constantFrom("\n", "\r\n", " ", "   "), { minLength: 40, maxLength: 40 }),
        (accounts, breaks, separators) => {
          const records = canonicalRecords(accounts);
          const canonical = parseBai2(records.map((record) => `${record}/`).join("\n"), "a.bai");
          expect(canonical.issues).toEqual([]);
          const reshaped = records
            .map((record, index) => breakRecord(record, breaks[index % breaks.length]!))
            .map((record, index) => record + (separators[index % separators.length] ?? "\n"))
            .join("");
          const result = parseBai2(reshaped, "b.bai");
          expect(result.issues).toEqual([]);
          expect(withoutLines(result)).toEqual(withoutLines(canonical));
        },
      ),
    );
  });

  it("reads newline-delimited records (no '/') the same as terminated ones", () => {
    fc.assert(
      fc.property(fc.array(arbitraryAccount, { minLength: 1, maxLength: 4 }), (accounts) => {
        const records = canonicalRecords(accounts);
        const terminated = parseBai2(records.map((record) => `${record}/`).join("\n"), "a.bai");
        const delimited = parseBai2(records.join("\r\n"), "b.bai");
        expect(delimited.issues).toEqual([]);
        expect(withoutLines(delimited)).toEqual(withoutLines(terminated));
      }),
    );
  });
});
