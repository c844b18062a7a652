// @vitest-environment jsdom
import "./domShims";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../../src/taskpane/components/App/App";
import type { TaskpaneHost } from "../../src/taskpane/host";
import { WorkbookPortError } from "../../src/workbook/port";
import { FakeWorkbook, monthEndSheets, type FakeFailures } from "./fakeWorkbook";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function renderInExcel(failures: FakeFailures = {}, holdReads = false) {
  const port = new FakeWorkbook(monthEndSheets(), failures, holdReads);
  const host: TaskpaneHost = { kind: "excel", workbook: { port, fileName: null, toBytes: null } };
  render(
    <FluentProvider theme={webLightTheme}>
      <App host={host} />
    </FluentProvider>,
  );
  return port;
}

async function detectAndReconcile(): Promise<void> {
  fireEvent.click(screen.getByRole("button", { name: "Detect sheets" }));
  fireEvent.click(await screen.findByRole("button", { name: "Reconcile" }));
  await screen.findByText(/written to the Breaks sheet/);
}

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
    expect(port.writtenTables.map((table) => [table.sheetName, table.rows.length])).toEqual([
      ["Breaks", 3],
    ]);

    fireEvent.click(within(items[1]!).getByRole("button"));
    await waitFor(() => expect(port.selection).toEqual({ sheetName: "Breaks", row: 3, column: 1 }));
  });

  it("shows the port's error when the sheets cannot be read", async () => {
    renderInExcel({ readSheet: new WorkbookPortError("Sheet DTC is protected.", "access_denied") });
    fireEvent.click(screen.getByRole("button", { name: "Detect sheets" }));
    expect(await screen.findByText("Could not read the sheets")).toBeTruthy();
    expect(screen.getByText("Sheet DTC is protected.")).toBeTruthy();
  });

  it("shows the port's error when the Breaks sheet cannot be written, and keeps the results", async () => {
    renderInExcel({ writeTable: new Error("The workbook is read-only.") });
    fireEvent.click(screen.getByRole("button", { name: "Detect sheets" }));
    fireEvent.click(await screen.findByRole("button", { name: "Reconcile" }));
    expect(await screen.findByText("Could not write the Breaks sheet")).toBeTruthy();
    expect(screen.getByText("The workbook is read-only.")).toBeTruthy();
    expect(screen.getByText(/^3 breaks across/)).toBeTruthy();
  });

  it("shows the port's error when a break cannot be selected", async () => {
    renderInExcel({ selectCell: new Error("Excel is in cell-edit mode.") });
    await detectAndReconcile();
    const list = screen.getByRole("list", { name: "Breaks" });
    fireEvent.click(within(list).getAllByRole("button")[0]!);
    expect(await screen.findByText("Excel is in cell-edit mode.")).toBeTruthy();
  });
});

describe("App, cancelling", () => {
  it("stops detection on Cancel and says it was cancelled, not failed", async () => {
    const port = renderInExcel({}, true);
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
        <App host={{ kind: "browser", openFile }} />
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
