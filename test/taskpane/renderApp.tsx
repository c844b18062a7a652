/** Renders the whole pane over a fake workbook, as Excel would host it, and drives its steps. */
import { fireEvent, render, screen } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { App } from "../../src/taskpane/components/App/App";
import type { IsoDate } from "../../src/domain/isoDate";
import type { TaskpaneHost } from "../../src/taskpane/host";
import type { CellValue } from "../../src/workbook/port";
import { FakeWorkbook, monthEndSheets, type FakeFailures } from "./fakeWorkbook";

/** The day the pane's tests run on: three business days after the count of 2026-10-30. */
export const TEST_TODAY = "2026-11-04" as IsoDate;

export function renderInExcel(
  sheets: Record<string, CellValue[][]> = monthEndSheets(),
  failures: FakeFailures = {},
  holdReads = false,
  today: IsoDate = TEST_TODAY,
): FakeWorkbook {
  const port = new FakeWorkbook(sheets, failures, holdReads);
  renderOver(port, today);
  return port;
}

/** Renders the pane over `port` (again, to see what a later session of the pane sees). */
export function renderOver(port: FakeWorkbook, today: IsoDate = TEST_TODAY): void {
  const host: TaskpaneHost = { kind: "excel", workbook: { port, fileName: null, toBytes: null } };
  render(
    <FluentProvider theme={webLightTheme}>
      <App host={host} today={() => today} />
    </FluentProvider>,
  );
}

export async function detect(): Promise<HTMLElement> {
  fireEvent.click(screen.getByRole("button", { name: "Detect sheets" }));
  return screen.findByRole("button", { name: "Reconcile" });
}

export async function reconcile(): Promise<void> {
  fireEvent.click(screen.getByRole("button", { name: "Reconcile" }));
  await screen.findByText(/written to the Breaks sheet/, undefined, { timeout: 5000 });
}

export async function detectAndReconcile(): Promise<void> {
  await detect();
  await reconcile();
}

/** Picks an option of a Fluent Dropdown or Combobox (the list opens in a portal). */
export function choose(combobox: HTMLElement, option: string): void {
  fireEvent.click(combobox);
  fireEvent.click(screen.getByRole("option", { name: option }));
}

/** A control's accessible name: its aria-label, or the spoken name it carries (SpokenName). */
export function nameOf(element: Element | null | undefined): string | null {
  if (element === null || element === undefined) return null;
  return (
    element.getAttribute("aria-label") ??
    element.querySelector("[data-spoken-name]")?.textContent ??
    null
  );
}
