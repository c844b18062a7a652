// @vitest-environment jsdom
import "./domShims";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Issue } from "../../src/domain/issues";
import { IssuesPanel } from "../../src/taskpane/components/IssuesPanel/IssuesPanel";
import {
  collectIssues,
  columnNumber,
  type IssueBatch,
} from "../../src/taskpane/components/IssuesPanel/issueGroups";
import { monthEndSheets } from "./fakeWorkbook";
import { detectAndReconcile, renderInExcel } from "./renderApp";

afterEach(cleanup);

function issue(
  severity: Issue["severity"],
  where: Issue["where"],
  code = "quantity_must_be_a_number",
): Issue {
  return {
    code,
    severity,
    where,
    message: `${code} at ${where.sheet}`,
    hint: "Correct the cell and run again.",
  };
}

function renderPanel(batches: IssueBatch[]) {
  const onSelectIssue = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <IssuesPanel items={collectIssues(batches)} onSelectIssue={onSelectIssue} status={null} />
    </FluentProvider>,
  );
  return onSelectIssue;
}

describe("issues panel", () => {
  it("groups by severity with counts, errors open, and shows where, message, hint and code", () => {
    renderPanel([
      { source: "detection", issues: [issue("warning", { sheet: "Notes" }, "sheet_is_empty")] },
      { source: "run", issues: [issue("error", { sheet: "DTC", row: 14, column: "D" })] },
    ]);
    const errors = screen.getByRole("list", { name: "1 error" });
    expect(errors.textContent).toContain("DTC › D14");
    expect(errors.textContent).toContain("quantity_must_be_a_number at DTC");
    expect(errors.textContent).toContain("Correct the cell and run again.");
    expect(errors.textContent).toContain("quantity_must_be_a_number · run");
    // Warnings are collapsed until opened.
    expect(screen.queryByRole("list", { name: "1 warning" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "1 warning" }));
    expect(screen.getByRole("list", { name: "1 warning" }).textContent).toContain("Notes");
  });

  it("selects the cell of an issue that has a row: its column, else column A", () => {
    const onSelectIssue = renderPanel([
      {
        source: "run",
        issues: [
          issue("error", { sheet: "DTC", row: 14, column: "AB" }),
          issue("error", { sheet: "Stock Record", row: 287 }),
        ],
      },
    ]);
    const [first, second] = within(screen.getByRole("list", { name: "2 errors" })).getAllByRole(
      "button",
    );
    fireEvent.click(first!);
    expect(onSelectIssue).toHaveBeenLastCalledWith({ sheet: "DTC", row: 14, column: 28 });
    fireEvent.click(second!);
    expect(onSelectIssue).toHaveBeenLastCalledWith({ sheet: "Stock Record", row: 287, column: 1 });
  });

  it("offers no cell for issues without a row, nor for an import's (lines of a file)", () => {
    renderPanel([
      { source: "import", issues: [issue("error", { sheet: "dtc.csv", row: 3 })] },
      { source: "run", issues: [issue("error", { sheet: "DTC", column: "B" })] },
    ]);
    const list = screen.getByRole("list", { name: "2 errors" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(2);
    expect(within(list).queryAllByRole("button")).toEqual([]);
  });

  it("lists an issue two steps raise once", () => {
    const same = issue("warning", { sheet: "StockRec Settings", row: 2 }, "setting_is_unreadable");
    const items = collectIssues([
      { source: "detection", issues: [same] },
      { source: "run", issues: [same, issue("info", { sheet: "DTC", row: 5 })] },
    ]);
    expect(items.map((item) => [item.source, item.issue.code])).toEqual([
      ["detection", "setting_is_unreadable"],
      ["run", "quantity_must_be_a_number"],
    ]);
  });

  it("draws the first 100 of a group and more on request", () => {
    const many = Array.from({ length: 250 }, (_, index) =>
      issue("info", { sheet: "DTC", row: index + 2 }, "number_is_stored_as_text"),
    );
    renderPanel([{ source: "run", issues: many }]);
    fireEvent.click(screen.getByRole("button", { name: "250 notes" }));
    const items = () =>
      within(screen.getByRole("list", { name: "250 notes" })).getAllByRole("listitem");
    expect(items()).toHaveLength(100);
    fireEvent.click(screen.getByRole("button", { name: "Show 100 more (150 not shown)" }));
    expect(items()).toHaveLength(200);
    fireEvent.click(screen.getByRole("button", { name: "Show 50 more (50 not shown)" }));
    expect(items()).toHaveLength(250);
    expect(screen.queryByRole("button", { name: /^Show/ })).toBeNull();
  });

  it("reads column letters as Excel numbers them", () => {
    expect(["A", "Z", "AA", "ab", "XFD", "", "A1", "ABCD"].map(columnNumber)).toEqual([
      1,
      26,
      27,
      28,
      16384,
      null,
      null,
      null,
    ]);
  });
});

/** The month end with one unreadable quantity on the DTC statement (row 3, column B). */
function sheetsWithBadQuantity() {
  const sheets = monthEndSheets();
  sheets.DTC = [
    ["CUSIP", "Quantity"],
    ["037833100", 1000],
    ["594918104", "four fifty"],
    ["023135106", 2250],
  ];
  return sheets;
}

describe("issues panel in the pane", () => {
  it("lists the run's issues and selects an issue's cell in the workbook", async () => {
    const port = renderInExcel(sheetsWithBadQuantity());
    await detectAndReconcile();
    const panel = screen.getByRole("region", { name: "Issues" });
    const button = within(panel).getByRole("button", { name: /^DTC › B3/ });
    fireEvent.click(button);
    await waitFor(() => expect(port.selection).toEqual({ sheetName: "DTC", row: 3, column: 2 }));
  });

  it("shows the port's error when the cell cannot be selected", async () => {
    renderInExcel(sheetsWithBadQuantity(), {
      selectCell: new Error("Excel is in cell-edit mode."),
    });
    await detectAndReconcile();
    const panel = screen.getByRole("region", { name: "Issues" });
    fireEvent.click(within(panel).getByRole("button", { name: /^DTC › B3/ }));
    expect(await within(panel).findByText("Could not go to the cell")).toBeTruthy();
    expect(within(panel).getByText("Excel is in cell-edit mode.")).toBeTruthy();
  });
});
