// @vitest-environment jsdom
import "./domShims";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { afterEach, describe, expect, it, vi } from "vitest";
import { profileKey, SETTINGS_SHEET } from "../../src/domain/settings";
import { withSavedMappings } from "../../src/taskpane/components/ColumnMapping/columnMappingModel";
import { SheetRoleForm } from "../../src/taskpane/components/SheetRoleForm/SheetRoleForm";
import { detectSheetRoles, type Detection } from "../../src/workbook/monthEnd";
import { loadSettings } from "../../src/workbook/settingsStore";
import { FakeWorkbook, monthEndSheets } from "./fakeWorkbook";
import { choose, detect, reconcile, renderInExcel } from "./renderApp";

afterEach(cleanup);

async function detectMonthEnd(): Promise<Detection> {
  return detectSheetRoles(new FakeWorkbook(monthEndSheets()));
}

function renderForm(detection: Detection) {
  const onReconcile = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <SheetRoleForm detection={detection} disabled={false} onReconcile={onReconcile} />
    </FluentProvider>,
  );
  return { onReconcile, reconcile: screen.getByRole("button", { name: "Reconcile" }) };
}

/** Opens the Columns section of `sheet` and returns the sheet's group. */
function openColumns(sheet: string): HTMLElement {
  const group = screen.getByRole("group", { name: sheet });
  fireEvent.click(within(group).getByRole("button", { name: /^Columns/ }));
  return group;
}

function columnField(group: HTMLElement, label: string): HTMLElement {
  return within(group).getByRole("combobox", { name: new RegExp(`^${label} column`) });
}

describe("column mapping in the sheet form", () => {
  it("shows the detected column of each field, over the sheet's headers", async () => {
    renderForm(await detectMonthEnd());
    const group = openColumns("Stock Record");
    expect(columnField(group, "Security ID").textContent).toBe("A · CUSIP");
    expect(columnField(group, "Quantity").textContent).toBe("D · Quantity");
    expect(columnField(group, "Location").textContent).toBe("C · Location");
    expect(columnField(group, "Price").textContent).toBe("(none)");
    fireEvent.click(columnField(group, "Price"));
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toEqual([
      "(none)",
      "A · CUSIP",
      "B · Description",
      "C · Location",
      "D · Quantity",
      "E · As Of",
    ]);
  });

  it("marks a column chosen twice on both fields and blocks Reconcile until it is fixed", async () => {
    const { onReconcile, reconcile } = renderForm(await detectMonthEnd());
    const group = openColumns("DTC");
    choose(columnField(group, "Quantity"), "A · CUSIP");

    expect(within(group).getByText("Column A is also chosen for Quantity.")).toBeTruthy();
    expect(within(group).getByText("Column A is also chosen for Security ID.")).toBeTruthy();
    expect(within(group).getByText("1 problem")).toBeTruthy();
    expect(
      screen.getByText(
        "Fix the columns of “DTC”: column A is chosen for Security ID and Quantity.",
      ),
    ).toBeTruthy();
    expect(reconcile.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(reconcile);
    expect(onReconcile).not.toHaveBeenCalled();

    choose(columnField(group, "Quantity"), "B · Quantity");
    expect(within(group).queryByText(/is also chosen/)).toBeNull();
    expect(reconcile.getAttribute("aria-disabled")).toBeNull();
  });

  it("asks for a column for each required field", async () => {
    const { reconcile } = renderForm(await detectMonthEnd());
    const group = openColumns("OCC");
    choose(columnField(group, "Security ID"), "(none)");
    expect(within(group).getByText("Choose the column that holds the Security ID.")).toBeTruthy();
    expect(screen.getByText("Fix the columns of “OCC”: Security ID has no column.")).toBeTruthy();
    expect(reconcile.getAttribute("aria-disabled")).toBe("true");
  });

  it("hands over every mapping not saved yet, then only the ones changed", async () => {
    const detection = await detectMonthEnd();
    const first = renderForm(detection);
    fireEvent.click(first.reconcile);
    const [, saves] = first.onReconcile.mock.calls[0]!;
    expect(saves.map((save: { sheet: string }) => save.sheet)).toEqual([
      "Stock Record",
      "DTC",
      "OCC",
    ]);
    expect(saves[1]).toEqual({
      sheet: "DTC",
      mapping: {
        headers: [
          { column: 1, text: "CUSIP" },
          { column: 2, text: "Quantity" },
        ],
        columns: { securityId: 1, quantity: 2 },
        negateQuantities: false,
        quantityUnit: "as_written",
      },
    });
    cleanup();

    const saved = withSavedMappings(detection, saves);
    const second = renderForm(saved);
    expect(
      within(screen.getByRole("group", { name: "OCC" })).getByText("Saved mapping"),
    ).toBeTruthy();
    const occ = openColumns("OCC");
    fireEvent.click(
      within(occ).getByRole("checkbox", { name: "Quantities carry a minus sign (negate)" }),
    );
    fireEvent.click(within(occ).getByRole("checkbox", { name: "Principal in thousands" }));
    fireEvent.click(second.reconcile);
    expect(second.onReconcile.mock.calls[0]![1]).toEqual([
      {
        sheet: "OCC",
        mapping: expect.objectContaining({ negateQuantities: true, quantityUnit: "thousands" }),
      },
    ]);
  });

  it("opens the columns at once when the detected mapping is not usable", async () => {
    const detection = await detectMonthEnd();
    const dtc = detection.mappings.DTC!;
    const broken: Detection = {
      ...detection,
      mappings: { ...detection.mappings, DTC: { ...dtc, columns: { securityId: 1 } } },
    };
    renderForm(broken);
    const group = screen.getByRole("group", { name: "DTC" });
    expect(within(group).getByText("Choose the column that holds the Quantity.")).toBeTruthy();
  });

  it("saves the mappings of position sheets only", async () => {
    const { onReconcile, reconcile } = renderForm(await detectMonthEnd());
    const dtc = screen.getByRole("group", { name: "DTC" });
    choose(within(dtc).getByRole("combobox", { name: "Role" }), "Not used");
    expect(within(dtc).queryByRole("button", { name: /^Columns/ })).toBeNull();
    fireEvent.click(reconcile);
    const saves = onReconcile.mock.calls[0]![1] as { sheet: string }[];
    expect(saves.map((save) => save.sheet)).toEqual(["Stock Record", "OCC"]);
  });
});

describe("column mapping in the pane", () => {
  it("saves a changed mapping in the workbook before the run, which then uses it", async () => {
    const sheets = monthEndSheets();
    // The statement's total is in B; the settled quantity, which matches the books, in C.
    sheets.DTC = [
      ["CUSIP", "Quantity", "Settled Quantity"],
      ["037833100", 1100, 1000],
      ["594918104", 450, 500],
      ["023135106", 2250, 250],
    ];
    const port = renderInExcel(sheets);
    await detect();
    const dtc = openColumns("DTC");
    expect(columnField(dtc, "Quantity").textContent).toBe("B · Quantity");
    choose(columnField(dtc, "Quantity"), "C · Settled Quantity");
    const occ = openColumns("OCC");
    fireEvent.click(within(occ).getByRole("checkbox", { name: /negate/ }));
    await reconcile();

    // Only OCC's break is left: the run read DTC's column C, so the mapping was saved first.
    expect(screen.getByText("1 break across 1 contra — 3 positions matched")).toBeTruthy();
    const written = port.writtenTables.map((table) => table.sheetName);
    expect(written.lastIndexOf(SETTINGS_SHEET)).toBeLessThan(written.indexOf("Breaks"));
    const { settings, issues } = await loadSettings(port);
    expect(issues).toEqual([]);
    // Every field is saved; "" records a field set to (none), so next month it stays none.
    expect(settings.profiles[profileKey("DTC")]).toEqual({
      columns: {
        securityId: "CUSIP",
        quantity: "Settled Quantity",
        description: "",
        location: "",
        contra: "",
        account: "",
        asOf: "",
        price: "",
      },
      negateQuantities: false,
      quantityUnit: "as_written",
    });
    expect(settings.profiles[profileKey("OCC")]).toMatchObject({ negateQuantities: true });
    expect(settings.profiles[profileKey("Stock Record")]?.columns).toMatchObject({
      securityId: "CUSIP",
      location: "Location",
      quantity: "Quantity",
    });
    const listed = await port.listSheets();
    expect(listed.find((sheet) => sheet.name === SETTINGS_SHEET)?.visible).toBe(false);

    // The form now knows them as saved: a second run saves nothing again.
    await waitFor(() =>
      expect(
        within(screen.getByRole("group", { name: "DTC" })).getByText("Saved mapping"),
      ).toBeTruthy(),
    );
    const before = port.writtenTables.length;
    await reconcile();
    expect(port.writtenTables.slice(before).map((table) => table.sheetName)).toEqual(["Breaks"]);
  });

  it("shows the port's error when the mappings cannot be saved, and does not reconcile", async () => {
    const port = renderInExcel(monthEndSheets(), {
      writeSheet: { name: SETTINGS_SHEET, error: new Error("The workbook is protected.") },
    });
    await detect();
    fireEvent.click(screen.getByRole("button", { name: "Reconcile" }));
    expect(await screen.findByText("Could not save the column mappings")).toBeTruthy();
    expect(screen.getByText("The workbook is protected.")).toBeTruthy();
    expect(port.writtenTables).toEqual([]);
  });
});
