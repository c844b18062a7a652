// @vitest-environment jsdom
import "./domShims";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SETTINGS_SHEET } from "../../src/domain/settings";
import { App } from "../../src/taskpane/components/App/App";
import { WorkbookPortError } from "../../src/workbook/port";
import { FakeWorkbook, monthEndSheets, withCashSheets } from "./fakeWorkbook";
import { detectAndReconcile, renderInExcel, TEST_TODAY, nameOf } from "./renderApp";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("App in Excel, over a fake workbook", () => {
  it("detects, reconciles, writes the Breaks sheet and goes to a break", async () => {
    const port = renderInExcel();
    await detectAndReconcile();

    expect(screen.getByText("3 breaks across 2 contras — 1 position matched")).toBeTruthy();
    const items = within(screen.getByRole("list", { name: "Breaks" })).getAllByRole("listitem");
    expect(
      items.map((item) => [
        item.textContent?.slice(0, 9),
        within(item).getByText(/^(Long|Short)$/).textContent,
      ]),
    ).toEqual([
      ["023135106", "Long"],
      ["88160R101", "Short"],
      ["594918104", "Short"],
    ]);
    const results = port.writtenTables.filter((table) => table.sheetName !== SETTINGS_SHEET);
    // The saved column mappings are a settings change, logged to the Audit Log.
    expect(results.map((table) => [table.sheetName, table.rows.length])).toEqual([
      ["Audit Log", 1],
      ["Breaks", 3],
    ]);

    fireEvent.click(within(items[1]!).getByRole("button"));
    await waitFor(() => expect(port.selection).toEqual({ sheetName: "Breaks", row: 3, column: 1 }));
  });

  it("shows the port's error when the sheets cannot be read", async () => {
    renderInExcel(monthEndSheets(), {
      readSheet: new WorkbookPortError("Sheet DTC is protected.", "access_denied"),
    });
    fireEvent.click(screen.getByRole("button", { name: "Detect sheets" }));
    expect(await screen.findByText("Could not read the sheets")).toBeTruthy();
    expect(screen.getByText("Sheet DTC is protected.")).toBeTruthy();
  });

  it("shows the port's error when the Breaks sheet cannot be written, and keeps the results", async () => {
    renderInExcel(monthEndSheets(), {
      writeSheet: { name: "Breaks", error: new Error("The workbook is read-only.") },
    });
    fireEvent.click(screen.getByRole("button", { name: "Detect sheets" }));
    fireEvent.click(await screen.findByRole("button", { name: "Reconcile" }));
    expect(await screen.findByText("Could not write the Breaks sheet")).toBeTruthy();
    expect(screen.getByText("The workbook is read-only.")).toBeTruthy();
    expect(screen.getByText(/^3 breaks across/)).toBeTruthy();
  });

  it("shows the port's error when a break cannot be selected", async () => {
    renderInExcel(monthEndSheets(), { selectCell: new Error("Excel is in cell-edit mode.") });
    await detectAndReconcile();
    const list = screen.getByRole("list", { name: "Breaks" });
    fireEvent.click(within(list).getAllByRole("button")[0]!);
    expect(await screen.findByText("Excel is in cell-edit mode.")).toBeTruthy();
  });
});

describe("App, cancelling", () => {
  it("stops detection on Cancel and says it was cancelled, not failed", async () => {
    const port = renderInExcel(monthEndSheets(), {}, true);
    fireEvent.click(screen.getByRole("button", { name: "Detect sheets" }));
    expect(await screen.findByRole("progressbar")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    port.allowReads();
    expect(await screen.findByText("Cancelled")).toBeTruthy();
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(screen.queryByRole("button", { name: "Reconcile" })).toBeNull();
  });
});

describe("App in a plain browser", () => {
  it("opens the picked file and downloads the updated copy under a new name", async () => {
    const port = new FakeWorkbook(monthEndSheets());
    const bytes = new Uint8Array([80, 75, 3, 4]);
    const openFile = vi.fn(async (file: File) => ({
      port,
      fileName: file.name,
      toBytes: async () => bytes,
    }));
    const createObjectURL = vi.fn((_blob: Blob) => "blob:stockrec-test");
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.download);
    });
    render(
      <FluentProvider theme={webLightTheme}>
        <App host={{ kind: "browser", openFile }} today={() => TEST_TODAY} />
      </FluentProvider>,
    );
    expect(screen.getByRole("button", { name: "Detect sheets" })).toHaveProperty("disabled", true);
    const file = new File([bytes], "month-end.xlsx");
    fireEvent.change(screen.getByLabelText("Workbook file (.xlsx)"), { target: { files: [file] } });
    expect(await screen.findByText("month-end.xlsx")).toBeTruthy();
    await detectAndReconcile();
    fireEvent.click(screen.getByRole("button", { name: "Download updated workbook" }));
    expect(await screen.findByText("month-end.reconciled.xlsx")).toBeTruthy();
    expect(clicked).toEqual(["month-end.reconciled.xlsx"]);
    expect(createObjectURL.mock.calls[0]?.[0].size).toBe(bytes.length);
  });
});

describe("App, cash balances", () => {
  it("lists the cash breaks as Long or Short and goes to each one's row on Money Breaks", async () => {
    const port = renderInExcel(withCashSheets());
    await detectAndReconcile();

    expect(screen.getByText("2 cash breaks · 0 balances matched, tolerance 0.00")).toBeTruthy();
    expect(screen.getByText(/3 breaks written to the Breaks sheet and 2 cash breaks/)).toBeTruthy();
    const buttons = within(screen.getByRole("list", { name: "Cash breaks" })).getAllByRole(
      "button",
    );
    expect(buttons.map((button) => nameOf(button)?.split(".")[0])).toEqual(
      expect.arrayContaining(["Account 0123 at DTC: Short 124", "Account 00456 at OCC: Long 100"]),
    );
    const written = port.writtenTables.find((table) => table.sheetName === "Money Breaks");
    expect(written?.rows).toHaveLength(2);
    for (const button of buttons) {
      const [, account, contra] = /^Account (\S+) at (\S+):/.exec(nameOf(button) ?? "")!;
      fireEvent.click(button);
      await waitFor(() => {
        const selection = port.selection;
        expect(selection).toMatchObject({ sheetName: "Money Breaks", column: 1 });
        const row = written?.rows[(selection?.row ?? 0) - 2];
        expect([row?.[1], row?.[2]]).toEqual([contra, account]);
      });
    }
  });
});
