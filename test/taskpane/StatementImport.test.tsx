// @vitest-environment jsdom
import "./domShims";
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { monthEndSheets } from "./fakeWorkbook";
import { detect, renderInExcel } from "./renderApp";

afterEach(cleanup);

const NSCC_CSV = [
  "CUSIP,Quantity,As Of",
  "037833100,1000,2026-10-30",
  "594918104,450,2026-10-30",
  "",
].join("\r\n");

function pickStatement(content: string | Uint8Array<ArrayBuffer>, fileName: string): void {
  const file = new File([content], fileName);
  fireEvent.change(screen.getByLabelText("Statement file"), { target: { files: [file] } });
}

describe("importing a statement", () => {
  it("writes a CSV as a new sheet, says what it holds, and shows it in the form", async () => {
    const port = renderInExcel();
    await detect();
    expect(screen.queryByRole("group", { name: "CSV nscc" })).toBeNull();

    const contra = screen.getByRole("textbox", { name: /^Contra \(optional\)/ });
    fireEvent.change(contra, { target: { value: "NSCC" } });
    pickStatement(NSCC_CSV, "nscc.csv");

    expect(
      await screen.findByText("Imported “CSV nscc”", undefined, { timeout: 5000 }),
    ).toBeTruthy();
    expect(
      screen.getByText(/^CSV file, 2 rows of positions, from nscc\.csv\. The new sheet/),
    ).toBeTruthy();
    const group = await screen.findByRole("group", { name: "CSV nscc" });
    expect(within(group).getByRole("combobox", { name: "Role" }).textContent).toBe("Statement");

    const written = port.writtenTables.find((table) => table.sheetName === "CSV nscc");
    expect(written?.columns.map((column) => column.header)).toContain("Contra");
    expect(written?.rows).toHaveLength(2);
    expect(written?.rows.every((row) => row.includes("NSCC"))).toBe(true);
  });

  it("imports before any detection, and detects the sheets afterwards", async () => {
    renderInExcel();
    pickStatement(NSCC_CSV, "nscc.csv");
    expect(await screen.findByRole("group", { name: "CSV nscc" }, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByRole("group", { name: "Stock Record" })).toBeTruthy();
  });

  it("says nothing was imported, and why, for a file it cannot read", async () => {
    const port = renderInExcel(monthEndSheets());
    const before = (await port.listSheets()).length;
    pickStatement(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]), "statement.pdf");
    expect(
      await screen.findByText("Nothing was imported", undefined, { timeout: 5000 }),
    ).toBeTruthy();
    const importSection = screen.getByRole("region", { name: "Import a statement" });
    expect(
      within(importSection).getByText(/cannot tell what kind of statement this is/),
    ).toBeTruthy();
    expect((await port.listSheets()).length).toBe(before);
    // The import's error is in the Issues panel too, without a cell to go to.
    const panel = screen.getByRole("region", { name: "Issues" });
    const errors = within(panel).getByRole("list", { name: "1 error" });
    expect(errors.textContent).toContain("statement_format_must_be_known · import");
    expect(within(errors).queryByRole("button")).toBeNull();
  });

  it("shows the port's error when the new sheet cannot be written", async () => {
    renderInExcel(monthEndSheets(), {
      writeSheet: { name: "CSV nscc", error: new Error("The workbook is protected.") },
    });
    pickStatement(NSCC_CSV, "nscc.csv");
    expect(
      await screen.findByText("Could not import the statement", undefined, { timeout: 5000 }),
    ).toBeTruthy();
    expect(screen.getByText("The workbook is protected.")).toBeTruthy();
  });
});
