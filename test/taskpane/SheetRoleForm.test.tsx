// @vitest-environment jsdom
import "./domShims";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { IsoDate } from "../../src/domain/isoDate";
import { SheetRoleForm } from "../../src/taskpane/components/SheetRoleForm/SheetRoleForm";
import type { Detection, SheetRoleProposal } from "../../src/workbook/monthEnd";

afterEach(cleanup);

function proposal(sheet: string, role: SheetRoleProposal["role"]): SheetRoleProposal {
  return {
    sheet,
    role,
    contra: role === "statement" ? sheet : null,
    headerRow: 1,
    dataRows: 10,
    reason: "test",
  };
}

function detection(
  proposals: SheetRoleProposal[],
  asOfFound: string | null = "2026-10-30",
): Detection {
  return {
    proposals,
    plan: null,
    asOfFound: asOfFound as IsoDate | null,
    contrasInBooks: ["DTC", "OCC"],
    mappings: {},
    issues: [],
  };
}

function renderForm(value: Detection) {
  const onReconcile = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <SheetRoleForm detection={value} disabled={false} onReconcile={onReconcile} />
    </FluentProvider>,
  );
  return { onReconcile, reconcile: screen.getByRole("button", { name: "Reconcile" }) };
}

function sheetGroup(name: string): HTMLElement {
  return screen.getByRole("group", { name });
}

function chooseRole(sheet: string, label: string): void {
  fireEvent.click(within(sheetGroup(sheet)).getByRole("combobox", { name: "Role" }));
  fireEvent.click(screen.getByRole("option", { name: label }));
}

describe("SheetRoleForm", () => {
  it("builds the run plan from the proposals and the date", () => {
    const { onReconcile, reconcile } = renderForm(
      detection([
        proposal("Stock Record", "books"),
        proposal("DTC", "statement"),
        proposal("Notes", "other"),
      ]),
    );
    fireEvent.click(reconcile);
    expect(onReconcile).toHaveBeenCalledWith(
      {
        books: "Stock Record",
        statements: [{ sheet: "DTC", contra: "DTC" }],
        asOf: "2026-10-30",
        locations: null,
        securityMaster: null,
        prices: null,
        booksMoney: null,
        moneyStatements: [],
      },
      [],
    );
  });

  it("refuses two stock records and says which", () => {
    const { onReconcile, reconcile } = renderForm(
      detection([
        proposal("Stock Record", "books"),
        proposal("Books 2", "books"),
        proposal("DTC", "statement"),
      ]),
    );
    expect(screen.getByText(/Only one sheet can be the Stock record; 2 are chosen/)).toBeTruthy();
    expect(
      within(sheetGroup("Books 2")).getByText("Only one sheet can be the Stock record."),
    ).toBeTruthy();
    expect(reconcile.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(reconcile);
    expect(onReconcile).not.toHaveBeenCalled();
  });

  it("shows the error when the user marks a second stock record", () => {
    renderForm(
      detection([
        proposal("Stock Record", "books"),
        proposal("DTC", "statement"),
        proposal("OCC", "statement"),
      ]),
    );
    expect(screen.queryByText(/Only one sheet can be the Stock record/)).toBeNull();
    chooseRole("OCC", "Stock record");
    expect(screen.getByText(/Only one sheet can be the Stock record; 2 are chosen/)).toBeTruthy();
  });

  it("asks for a statement when none is chosen", () => {
    const { reconcile } = renderForm(
      detection([proposal("Stock Record", "books"), proposal("DTC", "statement")]),
    );
    chooseRole("DTC", "Not used");
    expect(screen.getByText("Choose at least one sheet as a Statement.")).toBeTruthy();
    expect(reconcile.getAttribute("aria-disabled")).toBe("true");
  });

  it("asks for the as-of date when the sheets give none", () => {
    const { onReconcile, reconcile } = renderForm(
      detection([proposal("Stock Record", "books"), proposal("DTC", "statement")], null),
    );
    expect(screen.getByText("Enter the as-of date of the positions.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/As of/), { target: { value: "2026-11-30" } });
    expect(screen.queryByText("Enter the as-of date of the positions.")).toBeNull();
    fireEvent.click(reconcile);
    expect(onReconcile).toHaveBeenCalledWith(expect.objectContaining({ asOf: "2026-11-30" }), []);
  });

  it("takes a typed contra for a statement, and empty means the sheet decides", () => {
    const { onReconcile, reconcile } = renderForm(
      detection([
        proposal("Stock Record", "books"),
        proposal("BNY Mellon", "statement"),
        proposal("DTC", "statement"),
      ]),
    );
    const bny = within(sheetGroup("BNY Mellon")).getByRole("combobox", { name: "Contra" });
    fireEvent.change(bny, { target: { value: "BNYM" } });
    const dtc = within(sheetGroup("DTC")).getByRole("combobox", { name: "Contra" });
    fireEvent.change(dtc, { target: { value: "" } });
    fireEvent.click(reconcile);
    expect(onReconcile).toHaveBeenCalledWith(
      expect.objectContaining({
        statements: [
          { sheet: "BNY Mellon", contra: "BNYM" },
          { sheet: "DTC", contra: null },
        ],
      }),
      [],
    );
  });
});
