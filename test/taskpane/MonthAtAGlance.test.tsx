// @vitest-environment jsdom
/**
 * The month at a glance over the whole pane: every step listed in order with its state, each
 * entry moving focus to its step; the Close Summary written by the pane's close; and the Office
 * theme mapped to Fluent's light or dark theme, the glance included.
 */
import "./domShims";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { afterEach, describe, expect, it } from "vitest";
import type { IsoDate } from "../../src/domain/isoDate";
import { App } from "../../src/taskpane/components/App/App";
import { PaneRoot } from "../../src/taskpane/components/App/PaneRoot";
import {
  FLOW_STEPS,
  STEP_TITLES,
  stepAnchorId,
} from "../../src/taskpane/components/MonthAtAGlance/monthModel";
import type { TaskpaneHost } from "../../src/taskpane/host";
import { isDarkOfficeTheme, paneTheme } from "../../src/taskpane/theme";
import { CLOSE_SUMMARY_SHEET } from "../../src/workbook/closeSummarySheet";
import { FakeWorkbook, monthEndSheets } from "./fakeWorkbook";
import { detectAndReconcile, renderInExcel, TEST_TODAY } from "./renderApp";

afterEach(cleanup);

function glance(): HTMLElement {
  return screen.getByRole("navigation", { name: "The month at a glance" });
}

/** "3. Reconciliation" → its description ("Done: As of …"). */
function entry(title: string): string {
  const link = within(glance()).getByRole("button", { name: new RegExp(`^\\d+\\. ${title}$`) });
  const described = document.getElementById(link.getAttribute("aria-describedby") ?? "");
  return described?.textContent ?? "";
}

describe("the month at a glance", () => {
  it("lists every step in order and says what is done, due and by when", async () => {
    renderInExcel();
    const links = within(glance()).getAllByRole("button");
    expect(links.map((link) => link.textContent)).toEqual(
      FLOW_STEPS.map((step, index) => `${index + 1}. ${STEP_TITLES[step]}`),
    );
    expect(entry("Reconciliation")).toBe("Not started: Not run yet.");
    await detectAndReconcile();
    await waitFor(() =>
      expect(entry("Reconciliation")).toMatch(/^Done: As of 2026-10-30: 3 breaks, 3 open\.$/),
    );
    expect(entry("Difference account")).toBe(
      "Due: 3 differences unresolved — post by Tue 10 Nov 2026 (4 business days left)",
    );
    expect(entry("Sheets and columns")).toBe("Done: Roles and columns confirmed.");
    expect(entry("GL review")).toBe("Not started: Not reviewed yet.");
  });

  it("says OVERDUE once the posting deadline has passed", async () => {
    renderInExcel(monthEndSheets(), {}, false, "2026-11-12" as IsoDate);
    await detectAndReconcile();
    await waitFor(() =>
      expect(entry("Difference account")).toMatch(/^Overdue: OVERDUE: 3 differences/),
    );
  });

  it("moves focus to the step an entry names", async () => {
    renderInExcel();
    await detectAndReconcile();
    fireEvent.click(within(glance()).getByRole("button", { name: /^\d+\. Difference account$/ }));
    const step = document.getElementById(stepAnchorId("posting"));
    expect(document.activeElement).toBe(step);
    expect(within(step!).getByRole("region", { name: "Post to Difference account" })).toBeTruthy();
    fireEvent.blur(step!);
    expect(step!.hasAttribute("tabindex")).toBe(false);
  });
});

describe("the Close Summary", () => {
  it("is written by Post, and again on request with the steps done since", async () => {
    const port = renderInExcel();
    await detectAndReconcile();
    const posting = screen.getByRole("region", { name: "Post to Difference account" });
    fireEvent.change(within(posting).getByRole("textbox", { name: /^Posted by/ }), {
      target: { value: "A. Preparer" },
    });
    fireEvent.click(within(posting).getByRole("button", { name: "Post to Difference account" }));
    await within(posting).findByText("Posted to the Difference account", undefined, {
      timeout: 5000,
    });
    const written = () => port.writtenTables.filter((t) => t.sheetName === CLOSE_SUMMARY_SHEET);
    expect(written()).toHaveLength(1);
    expect(written()[0]?.rows.some((row) => row[0] === "Reconciliation")).toBe(true);
    await waitFor(() =>
      expect(entry("Close Summary")).toBe("Done: Written for the count of 2026-10-30."),
    );

    const summary = screen.getByRole("region", { name: "Close Summary" });
    fireEvent.click(within(summary).getByRole("button", { name: "Write Close Summary" }));
    await within(summary).findByText("Close Summary written", undefined, { timeout: 5000 });
    expect(written()).toHaveLength(2);
  });
});

describe("themes", () => {
  it("maps a dark Office theme to Fluent's dark theme, and light or unknown to light", () => {
    expect(isDarkOfficeTheme({ isDarkTheme: true })).toBe(true);
    expect(isDarkOfficeTheme({ isDarkTheme: false, bodyBackgroundColor: "#000000" })).toBe(false);
    expect(isDarkOfficeTheme({ bodyBackgroundColor: "#262626" })).toBe(true);
    expect(isDarkOfficeTheme({ bodyBackgroundColor: "#FFFFFF" })).toBe(false);
    expect(isDarkOfficeTheme(undefined)).toBe(false);
    expect(paneTheme(true)).toBe(webDarkTheme);
    expect(paneTheme(false)).toBe(webLightTheme);
  });

  it("renders the whole pane, the glance included, in the dark theme's colours", () => {
    const port = new FakeWorkbook(monthEndSheets());
    const host: TaskpaneHost = { kind: "excel", workbook: { port, fileName: null, toBytes: null } };
    render(
      <PaneRoot theme={paneTheme(isDarkOfficeTheme({ isDarkTheme: true }))}>
        <App host={host} today={() => TEST_TODAY} />
      </PaneRoot>,
    );
    // FluentProvider writes the theme's tokens as CSS variables for its subtree.
    const css = [...document.querySelectorAll("style")].map((s) => s.textContent ?? "").join("\n");
    const rules = [...document.styleSheets]
      .flatMap((sheet) => [...sheet.cssRules])
      .map((rule) => rule.cssText)
      .join("\n");
    const all = `${css}\n${rules}`;
    expect(all).toContain(`--colorNeutralBackground1: ${webDarkTheme.colorNeutralBackground1}`);
    expect(all).not.toContain(
      `--colorNeutralBackground1: ${webLightTheme.colorNeutralBackground1};`,
    );
    // The glance is drawn with theme tokens, so it follows the theme.
    expect(all).toMatch(/background-color:\s*var\(--colorNeutralBackground2\)/);
    expect(glance()).toBeTruthy();
  });
});
