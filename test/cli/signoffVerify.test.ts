/**
 * `stockrec signoff` and `stockrec verify` end to end through `main`, on real .xlsx files: a
 * preparer and a reviewer sign, verify holds; one cell of the signed sheet changes in the file and
 * verify names the broken sign-off; a cell of the very hidden Audit Log changes and verify names
 * the row. The files are edited with ExcelJS, as anyone could without StockRec.
 */
import ExcelJS from "exceljs";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MAIN_HELP, main } from "../../src/cli/main";

let scratch = "";

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "stockrec-signoff-"));
});

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

let files = 0;
function path(name: string): string {
  files += 1;
  return join(scratch, `${files}-${name}.xlsx`);
}

/** A month-end workbook as the accountants keep it: plain cells, no StockRec sheets yet. */
async function monthEndWorkbook(): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const books = workbook.addWorksheet("Stock Record");
  books.addRows([
    ["CUSIP", "Description", "Location", "Quantity"],
    ["037833100", "APPLE INC", "DTC", 1000],
    ["594918104", "MICROSOFT CORP", "DTC", 250.5],
  ]);
  const ledger = workbook.addWorksheet("Difference Account");
  ledger.addRows([
    ["Entry ID", "Security ID", "Quantity", "Long/Short"],
    ["DA-000001", "037833100", 100, "Short"],
  ]);
  const file = path("month-end");
  writeFileSync(file, new Uint8Array(await workbook.xlsx.writeBuffer()));
  return file;
}

async function edit(file: string, change: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  change(workbook);
  const edited = path("edited");
  writeFileSync(edited, new Uint8Array(await workbook.xlsx.writeBuffer()));
  return edited;
}

const PREPARER = "J. Accountant";
const REVIEWER = "M. Supervisor";

function signing(input: string, out: string, actor: string, role: string, now: string) {
  return [
    "signoff",
    input,
    "--actor",
    actor,
    "--role",
    role,
    "--period",
    "2026-10",
    "--scope",
    "Stock Record",
    "--now",
    now,
    "--out",
    out,
  ];
}

/** The month-end workbook prepared and reviewed; returns the reviewed file. */
async function signedWorkbook(): Promise<string> {
  const input = await monthEndWorkbook();
  const prepared = path("prepared");
  const preparing = await run(
    signing(input, prepared, PREPARER, "preparer", "2026-11-04T17:30:00-05:00"),
  );
  expect(preparing, preparing.stderr).toMatchObject({ code: 0 });
  const reviewed = path("reviewed");
  const reviewing = await run([
    ...signing(prepared, reviewed, REVIEWER, "reviewer", "2026-11-05T10:00:00-05:00"),
    "--comment",
    "Agreed to the DTC statement",
  ]);
  expect(reviewing, reviewing.stderr).toMatchObject({ code: 0 });
  return reviewed;
}

describe("stockrec signoff and verify", () => {
  it("signs as preparer, then as reviewer, and verify holds", async () => {
    const input = await monthEndWorkbook();
    const prepared = path("prepared");
    const preparing = await run(
      signing(input, prepared, PREPARER, "preparer", "2026-11-04T17:30:00-05:00"),
    );
    expect(preparing.code, preparing.stderr).toBe(0);
    expect(preparing.stdout).toContain(
      `Signed off "Stock Record" for 2026-10 as Preparer: ${PREPARER} at 2026-11-04T17:30:00-05:00 (SO-000001).`,
    );
    expect(preparing.stdout).toContain("Excel gives no verified identity");

    const reviewed = path("reviewed");
    const reviewing = await run([
      ...signing(prepared, reviewed, REVIEWER, "reviewer", "2026-11-05T10:00:00-05:00"),
      "--json",
    ]);
    expect(reviewing.code, reviewing.stderr).toBe(0);
    const result = JSON.parse(reviewing.stdout) as Record<string, unknown>;
    expect(result.signoff).toMatchObject({ id: "SO-000002", role: "reviewer", status: "valid" });
    expect(result.audit).toMatchObject({ seq: 2, row: 3 });

    const verifying = await run(["verify", reviewed]);
    expect(verifying.code, verifying.stdout + verifying.stderr).toBe(0);
    expect(verifying.stdout).toContain("Audit Log: 2 rows, chain intact from GENESIS");
    expect(verifying.stdout).toContain("Sign-offs: 2 (2 valid, 0 broken");
    expect(verifying.stdout).toContain("Everything holds");
  });

  it("keeps the Audit Log very hidden and the Sign-offs visible, and leaves its input alone", async () => {
    const reviewed = await signedWorkbook();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(reviewed) as unknown as ArrayBuffer);
    expect(workbook.getWorksheet("Audit Log")!.state).toBe("veryHidden");
    expect(workbook.getWorksheet("Sign-offs")!.state).toBe("visible");
    const signoffs = workbook.getWorksheet("Sign-offs")!;
    expect(signoffs.getRow(3).getCell(5).value).toBe(REVIEWER);
    expect(signoffs.getRow(3).getCell(7).value).toBe("Agreed to the DTC statement");
    expect(signoffs.getRow(2).getCell(9).value).toBe("Valid");
  });

  it("refuses a reviewer who is the preparer (exit 2) and a sheet that does not exist", async () => {
    const input = await monthEndWorkbook();
    const prepared = path("prepared");
    await run(signing(input, prepared, PREPARER, "preparer", "2026-11-04T17:30:00-05:00"));
    const same = await run(
      signing(prepared, path("same"), " j. accountant ", "reviewer", "2026-11-05T10:00:00-05:00"),
    );
    expect(same.code).toBe(2);
    expect(same.stderr).toContain("reviewer_must_not_be_preparer");
    expect(same.stderr).toContain("the preparer and the reviewer must be different people");

    const missing = await run([
      "signoff",
      prepared,
      "--actor",
      REVIEWER,
      "--role",
      "reviewer",
      "--period",
      "2026-10",
      "--scope",
      "Stok Record",
      "--out",
      path("missing"),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('There is no sheet named "Stok Record"');
  });

  it("refuses bad usage with exit 2", async () => {
    const input = await monthEndWorkbook();
    const noActor = await run(["signoff", input, "--role", "preparer", "--period", "2026-10"]);
    expect(noActor.code).toBe(2);
    expect(noActor.stderr).toContain("--actor");
    const badNow = await run([
      ...signing(input, path("x"), PREPARER, "preparer", "2026-11-04 17:30"),
    ]);
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain("--now");
    const overwrite = await run(signing(input, input, PREPARER, "preparer", "2026-11-04T17:30Z"));
    expect(overwrite.code).toBe(2);
    expect(overwrite.stderr).toContain("never overwrites its input");
  });

  it("names the broken sign-off when one cell of the signed sheet changes (exit 1)", async () => {
    const reviewed = await signedWorkbook();
    const changed = await edit(reviewed, (workbook) => {
      workbook.getWorksheet("Stock Record")!.getCell("D3").value = 250;
    });
    const verifying = await run(["verify", changed]);
    expect(verifying.code).toBe(1);
    expect(verifying.stderr).toContain("Sign-offs › H2");
    expect(verifying.stderr).toContain("Sign-off SO-000001");
    expect(verifying.stderr).toContain("signed_data_must_not_change");
    expect(verifying.stdout).toContain("Sign-offs: 2 (0 valid, 2 broken");
    expect(verifying.stdout).toContain("Audit Log: 2 rows, chain intact");
  });

  it("keeps a sign-off on another sheet valid when the changed sheet is not its scope", async () => {
    const reviewed = await signedWorkbook();
    const changed = await edit(reviewed, (workbook) => {
      workbook.getWorksheet("Difference Account")!.getCell("C2").value = 90;
    });
    expect((await run(["verify", changed])).code).toBe(0);
  });

  it("keeps a Difference Account sign-off when next month's entries are appended, and breaks it on an edit", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Difference Account").addRows([
      ["Entry ID", "Security ID", "Quantity", "Long/Short", "Count Date"],
      ["DA-000001", "037833100", 100, "Short", "2026-09-30"],
      ["DA-000002", "594918104", 25, "Long", "2026-10-30"],
    ]);
    const input = path("ledger");
    writeFileSync(input, new Uint8Array(await workbook.xlsx.writeBuffer()));
    const ledgerSigning = (from: string, to: string, actor: string, role: string, now: string) =>
      signing(from, to, actor, role, now).map((arg) =>
        arg === "Stock Record" ? "Difference Account" : arg,
      );
    const prepared = path("ledger-prepared");
    expect(
      (await run(ledgerSigning(input, prepared, PREPARER, "preparer", "2026-11-04T17:30:00-05:00")))
        .code,
    ).toBe(0);
    const reviewed = path("ledger-reviewed");
    const reviewing = await run(
      ledgerSigning(prepared, reviewed, REVIEWER, "reviewer", "2026-11-05T10:00:00-05:00"),
    );
    expect(reviewing.code, reviewing.stderr).toBe(0);
    expect(reviewing.stdout).toContain('Signed off "Difference Account" for 2026-10 as Reviewer');

    const november = await edit(reviewed, (book) => {
      book
        .getWorksheet("Difference Account")!
        .addRow(["DA-000003", "037833100", 40, "Long", "2026-11-30"]);
    });
    const afterAppend = await run(["verify", november]);
    expect(afterAppend.code, afterAppend.stdout + afterAppend.stderr).toBe(0);
    expect(afterAppend.stdout).toContain("Sign-offs: 2 (2 valid, 0 broken");

    // Signed late: September's sign-off, made when October's and November's entries are there.
    const september = path("ledger-september");
    const late = await run(
      ledgerSigning(november, september, PREPARER, "preparer", "2026-12-01T09:00:00-05:00").map(
        (arg) => (arg === "2026-10" ? "2026-09" : arg),
      ),
    );
    expect(late.code, late.stderr).toBe(0);
    const afterLate = await run(["verify", september]);
    expect(afterLate.code, afterLate.stdout + afterLate.stderr).toBe(0);
    expect(afterLate.stdout).toContain("Sign-offs: 3 (3 valid, 0 broken");

    const edited = await edit(november, (book) => {
      book.getWorksheet("Difference Account")!.getCell("C2").value = 90;
    });
    const afterEdit = await run(["verify", edited]);
    expect(afterEdit.code).toBe(1);
    expect(afterEdit.stderr).toContain("signed_data_must_not_change");
  });

  it("names the Audit Log row that was edited (exit 1), with --json", async () => {
    const reviewed = await signedWorkbook();
    const tampered = await edit(reviewed, (workbook) => {
      workbook.getWorksheet("Audit Log")!.getCell("C2").value = "Somebody Else";
    });
    const verifying = await run(["verify", tampered, "--json"]);
    expect(verifying.code).toBe(1);
    expect(verifying.stderr).toContain("Audit Log › I2");
    expect(verifying.stderr).toContain("audit_row_must_match_its_hash");
    const report = JSON.parse(verifying.stdout) as Record<string, unknown>;
    expect(report.ok).toBe(false);
    expect(report.auditLog).toMatchObject({ rows: 2, intact: false, head: null });
    expect(report.firstBroken).toMatchObject({
      code: "audit_row_must_match_its_hash",
      sheet: "Audit Log",
      row: 2,
    });
  });

  it("names a deleted Audit Log row, and a Sign-offs row edited by hand", async () => {
    const reviewed = await signedWorkbook();
    const deleted = await edit(reviewed, (workbook) => {
      workbook.getWorksheet("Audit Log")!.spliceRows(2, 1);
    });
    const afterDelete = await run(["verify", deleted]);
    expect(afterDelete.code).toBe(1);
    expect(afterDelete.stderr).toContain("audit_sequence_must_be_continuous");

    const forged = await edit(reviewed, (workbook) => {
      workbook.getWorksheet("Sign-offs")!.getCell("E3").value = "A. Partner";
    });
    const afterForgery = await run(["verify", forged]);
    expect(afterForgery.code).toBe(1);
    expect(afterForgery.stderr).toContain("Sign-offs › row 3");
    expect(afterForgery.stderr).toContain("signoff_must_match_audit_log");
  });

  it("refuses to sign on top of a broken log", async () => {
    const reviewed = await signedWorkbook();
    const tampered = await edit(reviewed, (workbook) => {
      workbook.getWorksheet("Audit Log")!.getCell("F3").value = "nothing to see";
    });
    const signing2 = await run([
      "signoff",
      tampered,
      "--actor",
      PREPARER,
      "--role",
      "preparer",
      "--period",
      "2026-10",
      "--scope",
      "Difference Account",
      "--out",
      path("refused"),
    ]);
    expect(signing2.code).toBe(2);
    expect(signing2.stderr).toContain("Audit Log › I3");
  });

  it("locks a reviewed period; an unlock needs a reason and starts a new round", async () => {
    const reviewed = await signedWorkbook();
    const again = await run(
      signing(reviewed, path("again"), PREPARER, "preparer", "2026-11-06T09:00:00-05:00"),
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("signed_period_must_be_unlocked");

    const noReason = await run(
      signing(reviewed, path("no-reason"), REVIEWER, "unlock", "2026-11-06T09:00:00-05:00"),
    );
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("unlock_reason_is_required");

    const unlocked = path("unlocked");
    const unlocking = await run([
      ...signing(reviewed, unlocked, REVIEWER, "unlock", "2026-11-06T09:00:00-05:00"),
      "--comment",
      "Late DTC adjustment, ticket 4711",
    ]);
    expect(unlocking.code, unlocking.stderr).toBe(0);
    const changed = await edit(unlocked, (workbook) => {
      workbook.getWorksheet("Stock Record")!.getCell("D2").value = 900;
    });
    const prepared = path("re-prepared");
    expect(
      (await run(signing(changed, prepared, PREPARER, "preparer", "2026-11-06T10:00:00-05:00")))
        .code,
    ).toBe(0);
    const rereviewed = path("re-reviewed");
    expect(
      (await run(signing(prepared, rereviewed, REVIEWER, "reviewer", "2026-11-06T11:00:00-05:00")))
        .code,
    ).toBe(0);
    const verifying = await run(["verify", rereviewed]);
    expect(verifying.code, verifying.stderr).toBe(0);
    expect(verifying.stdout).toContain("Sign-offs: 5 (2 valid, 0 broken, 2 superseded, 1 unlock)");
  });

  it("verifies a workbook with nothing signed, and cannot read a missing one (exit 2)", async () => {
    const verifying = await run(["verify", await monthEndWorkbook()]);
    expect(verifying.code).toBe(0);
    expect(verifying.stdout).toContain("Audit Log: none yet.");
    const missing = await run(["verify", join(scratch, "nowhere.xlsx")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("There is no file");
  });

  it("is listed in the help", async () => {
    expect(MAIN_HELP).toContain("signoff <workbook.xlsx>");
    expect(MAIN_HELP).toContain("verify <workbook.xlsx>");
    expect((await run(["signoff", "--help"])).stdout).toContain("no verified identity");
    expect((await run(["help", "verify"])).stdout).toContain("Usage: stockrec verify");
  });
});
