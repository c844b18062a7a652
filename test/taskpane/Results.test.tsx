// @vitest-environment jsdom
import "./domShims";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseDecimal, subtract, type Decimal } from "../../src/domain/decimal";
import type { IsoDate } from "../../src/domain/isoDate";
import { Results } from "../../src/taskpane/components/Results/Results";
import { BREAKS_SHOWN } from "../../src/taskpane/components/Results/resultsModel";
import type { Break, ReconciliationResult } from "../../src/workbook/monthEnd";

afterEach(cleanup);

function decimal(text: string): Decimal {
  const value = parseDecimal(text);
  if (value === null) throw new Error(`bad decimal ${text}`);
  return value;
}

function aBreak(securityId: string, contra: string, books: string, statement: string): Break {
  const difference = subtract(decimal(statement), decimal(books));
  return {
    id: `${securityId}@${contra}`,
    securityId,
    securityKey: securityId,
    description: `${securityId} description`,
    contra,
    booksQuantity: decimal(books),
    statementQuantity: decimal(statement),
    difference,
    direction: difference.units < 0n ? "short" : "long",
    kind: "quantity_difference",
    booksRows: [],
    statementRows: [],
    locations: [contra],
    unreadableRows: [],
  };
}

function result(breaks: Break[], matchedCount = 1204): ReconciliationResult {
  const contras = [...new Set(breaks.map((item) => item.contra))].map((contra) => ({
    contra,
    breakCount: breaks.filter((item) => item.contra === contra).length,
    matchedCount: 10,
    booksTotal: decimal("0"),
    statementTotal: decimal("0"),
    differenceTotal: decimal("0"),
    conserved: true,
  }));
  return {
    asOf: "2026-10-30" as IsoDate,
    breaks,
    matched: [],
    matchedCount,
    contras,
    money: null,
    inputs: [],
    issues: [],
  };
}

function renderResults(
  value: ReconciliationResult,
  rowOfBreak: ReadonlyMap<string, number> | null,
) {
  const onSelectBreak = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <Results
        result={value}
        issues={value.issues}
        rowOfBreak={rowOfBreak}
        onSelectBreak={onSelectBreak}
      />
    </FluentProvider>,
  );
  return onSelectBreak;
}

function breakItems(): HTMLElement[] {
  return within(screen.getByRole("list", { name: "Breaks" })).getAllByRole("listitem");
}

describe("Results", () => {
  // Handed over in the wrong order on purpose: the pane must still show the largest first.
  const breaks = [
    aBreak("594918104", "DTC", "500", "450"),
    aBreak("023135106", "DTC", "250", "2250.5"),
    aBreak("88160R101", "OCC", "1300", "0"),
  ];

  it("summarises breaks, contras and matched positions", () => {
    renderResults(result(breaks), null);
    expect(screen.getByText("3 breaks across 2 contras — 1,204 positions matched")).toBeTruthy();
    const contras = within(screen.getByRole("list", { name: "Contras" })).getAllByRole("listitem");
    expect(contras.map((item) => item.textContent)).toEqual([
      expect.stringMatching(/^DTC.*2 breaks/),
      expect.stringMatching(/^OCC.*1 break\b/),
    ]);
  });

  it("lists breaks largest first with the words Long and Short, never a sign", () => {
    renderResults(result(breaks), null);
    const items = breakItems();
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining("023135106"),
      expect.stringContaining("88160R101"),
      expect.stringContaining("594918104"),
    ]);
    expect(within(items[0]!).getByText("Long")).toBeTruthy();
    expect(within(items[0]!).getByText("2,000.5")).toBeTruthy();
    expect(within(items[1]!).getByText("Short")).toBeTruthy();
    expect(within(items[1]!).getByText("1,300")).toBeTruthy();
    expect(within(items[2]!).getByText("Short")).toBeTruthy();
    for (const item of items) expect(item.textContent).not.toMatch(/-\d/);
  });

  it("marks a break whose rows could not all be read as incomplete", () => {
    const partial = {
      ...aBreak("594918104", "DTC", "500", "450"),
      unreadableRows: [{ sheet: "DTC", row: 9 }],
    };
    renderResults(result([partial]), null);
    expect(screen.getByText("Incomplete: 1 row could not be read.")).toBeTruthy();
  });

  it("says so when there are no breaks", () => {
    renderResults(result([], 1), null);
    expect(screen.getByText("No breaks — 1 position matched")).toBeTruthy();
    expect(screen.queryByRole("list", { name: "Breaks" })).toBeNull();
  });

  it("selects a break only once the Breaks sheet has its row", () => {
    const onSelectBreak = renderResults(result(breaks), new Map([["88160R101@OCC", 3]]));
    const [largest, second] = breakItems().map((item) => within(item).getByRole("button"));
    expect(largest).toHaveProperty("disabled", true);
    fireEvent.click(second!);
    expect(onSelectBreak).toHaveBeenCalledWith("88160R101@OCC");
    expect(second!.getAttribute("aria-label")).toBe(
      "88160R101 at OCC: Short 1,300. Go to row 3 of the Breaks sheet.",
    );
  });

  it(`shows the largest ${BREAKS_SHOWN} and says how many more the sheet has`, () => {
    const many = Array.from({ length: BREAKS_SHOWN + 5 }, (_, index) =>
      aBreak(`ID${String(index).padStart(7, "0")}`, "DTC", "0", String(index + 1)),
    );
    renderResults(result(many), null);
    expect(breakItems()).toHaveLength(BREAKS_SHOWN);
    expect(breakItems()[0]!.textContent).toContain(String(BREAKS_SHOWN + 5));
    expect(screen.getByText(/Showing the largest 200 of 205 breaks/)).toBeTruthy();
  });
});
