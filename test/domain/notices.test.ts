import { describe, expect, it } from "vitest";
import { lifecycleId, openStatus, type BreakStatusRecord } from "../../src/domain/breakStatus";
import { parseDecimal, subtract, toDecimalString } from "../../src/domain/decimal";
import { parseIsoDate, type IsoDate } from "../../src/domain/isoDate";
import {
  buildNotices,
  csvField,
  markReported,
  noticeCsv,
  noticeReference,
} from "../../src/domain/notices";
import { directionOf, type Break } from "../../src/domain/reconcile";

const date = (text: string): IsoDate => parseIsoDate(text)!;
const COUNT = date("2026-10-30");
const TODAY = date("2026-11-02");

function aBreak(
  securityId: string,
  contra: string,
  books: string,
  statement: string,
  description = "",
): Break {
  const booksQuantity = parseDecimal(books)!;
  const statementQuantity = parseDecimal(statement)!;
  const difference = subtract(statementQuantity, booksQuantity);
  return {
    id: `${securityId}@${contra.toUpperCase()}`,
    securityKey: securityId,
    securityId,
    description,
    contra,
    booksQuantity,
    statementQuantity,
    difference,
    direction: directionOf(difference),
    kind: "quantity_difference",
    booksRows: [],
    statementRows: [],
    locations: [],
    unreadableRows: [],
  };
}

const BREAKS = [
  aBreak("594918104", "OCC", "300", "310", "MICROSOFT CORP COM"),
  aBreak("037833100", "DTC", "1250", "1200", "APPLE INC COM"),
  aBreak("00206R102", "DTC", "0.1", "0.125", 'AT&T INC "NEW", COM'),
  aBreak("88160R101", "DTC", "40", "0", "TESLA INC"),
];
const id = (b: Break): string => lifecycleId(b, COUNT);

describe("buildNotices", () => {
  it("gives each contra one notice with both quantities, Long/Short and references", () => {
    const notices = buildNotices({ breaks: BREAKS }, COUNT, [], TODAY);
    expect(notices.map((n) => [n.reference, n.contra, n.asOf, n.preparedOn])).toEqual([
      ["NOTICE-DTC-20261030", "DTC", "2026-10-30", "2026-11-02"],
      ["NOTICE-OCC-20261030", "OCC", "2026-10-30", "2026-11-02"],
    ]);
    const dtc = notices[0]!;
    expect(
      dtc.lines.map((l) => [
        l.securityId,
        toDecimalString(l.ourQuantity),
        toDecimalString(l.yourQuantity),
        toDecimalString(l.differenceQuantity),
        l.direction,
        l.lifecycleId,
      ]),
    ).toEqual([
      ["00206R102", "0.1", "0.125", "0.025", "long", "00206R102@DTC@2026-10-30"],
      ["037833100", "1250", "1200", "50", "short", "037833100@DTC@2026-10-30"],
      ["88160R101", "40", "0", "40", "short", "88160R101@DTC@2026-10-30"],
    ]);
  });

  it("leaves out resolved breaks and keeps reported and posted ones", () => {
    const statuses: BreakStatusRecord[] = [
      { ...openStatus(id(BREAKS[1]!)), status: "reported", reportedOn: date("2026-11-01") },
      {
        ...openStatus(id(BREAKS[3]!)),
        status: "resolved",
        resolvedOn: date("2026-11-01"),
        resolution: "booking_error",
      },
      {
        ...openStatus(id(BREAKS[0]!)),
        status: "resolved",
        resolvedOn: date("2026-11-01"),
        resolution: "timing",
      },
    ];
    const notices = buildNotices({ breaks: BREAKS }, COUNT, statuses, TODAY);
    expect(notices.map((n) => n.contra)).toEqual(["DTC"]);
    expect(notices[0]!.lines.map((l) => [l.securityId, l.status])).toEqual([
      ["00206R102", "open"],
      ["037833100", "reported"],
    ]);
  });

  it("makes a reference of any contra name", () => {
    expect(noticeReference("BNY Mellon", COUNT)).toBe("NOTICE-BNY-MELLON-20261030");
    expect(noticeReference(" cns/nscc ", COUNT)).toBe("NOTICE-CNS-NSCC-20261030");
    expect(noticeReference("***", COUNT)).toBe("NOTICE-CONTRA-20261030");
  });
});

describe("markReported", () => {
  it("records the report date on open breaks the notices name, and on no others", () => {
    const earlier = {
      ...openStatus(id(BREAKS[1]!)),
      status: "reported" as const,
      reportedOn: date("2026-11-01"),
    };
    const statuses = [openStatus(id(BREAKS[0]!)), earlier, openStatus(id(BREAKS[2]!))];
    const dtcOnly = buildNotices({ breaks: BREAKS }, COUNT, statuses, TODAY).filter(
      (n) => n.contra === "DTC",
    );
    const marked = markReported(statuses, dtcOnly, TODAY);
    expect(marked.issues).toEqual([]);
    expect(marked.statuses.map((s) => [s.lifecycleId, s.status, s.reportedOn])).toEqual([
      ["594918104@OCC@2026-10-30", "open", null],
      ["037833100@DTC@2026-10-30", "reported", "2026-11-01"],
      ["00206R102@DTC@2026-10-30", "reported", "2026-11-02"],
    ]);
  });

  it("refuses a report dated before the count", () => {
    const statuses = [openStatus(id(BREAKS[1]!))];
    const notices = buildNotices({ breaks: BREAKS }, COUNT, statuses, TODAY);
    const marked = markReported(statuses, notices, date("2026-10-29"));
    expect(marked.statuses).toEqual(statuses);
    expect(marked.issues.map((i) => i.code)).toEqual(["status_date_must_not_be_before_count_date"]);
  });
});

describe("noticeCsv", () => {
  it("writes a header and one row per difference, RFC 4180 quoted, quantities exact", () => {
    const [dtc] = buildNotices({ breaks: BREAKS }, COUNT, [], TODAY);
    expect(noticeCsv(dtc!).split("\r\n")).toEqual([
      "Notice Reference,Contra,As Of,Prepared On,Security ID,Description,Our Quantity (Books),Your Quantity (Statement),Difference,Long/Short (Ours),Break Reference",
      'NOTICE-DTC-20261030,DTC,2026-10-30,2026-11-02,00206R102,"AT&T INC ""NEW"", COM",0.1,0.125,0.025,Long,00206R102@DTC@2026-10-30',
      "NOTICE-DTC-20261030,DTC,2026-10-30,2026-11-02,037833100,APPLE INC COM,1250,1200,50,Short,037833100@DTC@2026-10-30",
      "NOTICE-DTC-20261030,DTC,2026-10-30,2026-11-02,88160R101,TESLA INC,40,0,40,Short,88160R101@DTC@2026-10-30",
      "",
    ]);
  });

  it("quotes commas, quotes and line breaks, and defuses text that looks like a formula", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rlf")).toBe('"cr\rlf"');
    const [notice] = buildNotices(
      { breaks: [aBreak("037833100", "DTC", "-5", "0", '=HYPERLINK("x")')] },
      COUNT,
      [],
      TODAY,
    );
    const row = noticeCsv(notice!).split("\r\n")[1]!;
    expect(row).toContain(`,"'=HYPERLINK(""x"")",-5,0,5,Long,`);
  });
});
