// @vitest-environment jsdom
import "./domShims";
import { nameOf } from "./renderApp";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseDecimal, subtract, type Decimal } from "../../src/domain/decimal";
import type { IsoDate } from "../../src/domain/isoDate";
import type { MatchedBalance, MoneyBreak } from "../../src/domain/money";
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
    differencePositions: [],
    prices: new Map(),
    inputs: [],
    issues: [],
  };
}

function renderResults(
  value: ReconciliationResult,
  rowOfBreak: ReadonlyMap<string, number> | null,
  rowOfMoneyBreak: ReadonlyMap<string, number> | null = null,
  onSelectMoneyBreak = vi.fn(),
) {
  const onSelectBreak = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <Results
        result={value}
        issues={value.issues}
        rowOfBreak={rowOfBreak}
        onSelectBreak={onSelectBreak}
        rowOfMoneyBreak={rowOfMoneyBreak}
        onSelectMoneyBreak={onSelectMoneyBreak}
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
    expect(nameOf(second!)).toBe("88160R101 at OCC: Short 1,300. Go to row 3 of the Breaks sheet.");
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

function moneyBreak(
  account: string,
  contra: string,
  currency: string,
  books: string,
  statement: string,
  kind: MoneyBreak["kind"] = "balance_difference",
): MoneyBreak {
  const difference = subtract(decimal(statement), decimal(books));
  return {
    id: `${account}@${contra}/${currency}`,
    contra,
    account,
    glAccounts: ["1010-100"],
    currency,
    description: "",
    booksBalance: decimal(books),
    statementBalance: decimal(statement),
    difference,
    direction: difference.units < 0n ? "short" : "long",
    kind,
    booksRows: [],
    statementRows: [],
    unreadableRows: [],
  };
}

function matchedBalance(withinTolerance: boolean): MatchedBalance {
  return {
    id: "0123@DTC/USD",
    contra: "DTC",
    account: "0123",
    glAccounts: ["1010-100"],
    currency: "USD",
    booksBalance: decimal("100"),
    statementBalance: decimal(withinTolerance ? "100.25" : "100"),
    difference: decimal(withinTolerance ? "0.25" : "0"),
    withinTolerance,
    booksRows: [],
    statementRows: [],
  };
}

function withMoney(
  breaks: MoneyBreak[],
  matched: MatchedBalance[],
  tolerance: string,
): ReconciliationResult {
  return { ...result([]), money: { breaks, matched, contras: [], tolerance } };
}

describe("Results, cash balances", () => {
  const breaks = [
    moneyBreak("123456789", "BNYM", "EUR", "10000", "9875.5"),
    moneyBreak("00456", "OCC", "USD", "500000", "500100"),
    moneyBreak("777", "DTC", "USD", "0", "-1234.567", "statement_only"),
  ];

  it("counts breaks and matched balances and names the tolerance", () => {
    renderResults(withMoney(breaks, [matchedBalance(false), matchedBalance(true)], "0.5"), null);
    expect(screen.getByRole("heading", { name: "Cash balances" })).toBeTruthy();
    expect(
      screen.getByText("3 cash breaks · 2 balances matched, 1 within the tolerance of 0.50"),
    ).toBeTruthy();
  });

  it("shows each break's account, contra, currency and amount with the words Long and Short", () => {
    renderResults(withMoney(breaks, [], "0"), null);
    expect(screen.getByText("3 cash breaks · 0 balances matched, tolerance 0.00")).toBeTruthy();
    const items = within(screen.getByRole("list", { name: "Cash breaks" })).getAllByRole(
      "listitem",
    );
    expect(items.map((item) => within(item).getByText(/^(Long|Short)$/).textContent)).toEqual([
      "Short",
      "Long",
      "Short",
    ]);
    expect(items[0]!.textContent).toContain("123456789");
    expect(items[0]!.textContent).toContain("BNYM · EUR");
    expect(within(items[0]!).getByText("124.50 EUR")).toBeTruthy();
    expect(within(items[1]!).getByText("100.00 USD")).toBeTruthy();
    // More places than cents are shown as they are, never rounded away.
    expect(within(items[2]!).getByText("1,234.567 USD")).toBeTruthy();
    expect(items[2]!.textContent).toContain("Statement only");
    for (const item of items) expect(item.textContent).not.toMatch(/-\d/);
  });

  it("goes to a cash break's row once the Money Breaks sheet has it", () => {
    const onSelect = vi.fn();
    renderResults(withMoney(breaks, [], "0"), null, new Map([["00456@OCC/USD", 3]]), onSelect);
    const buttons = within(screen.getByRole("list", { name: "Cash breaks" })).getAllByRole(
      "button",
    );
    expect(buttons[0]).toHaveProperty("disabled", true);
    expect(nameOf(buttons[1]!)).toBe(
      "Account 00456 at OCC: Long 100.00 USD. Go to row 3 of the Money Breaks sheet.",
    );
    fireEvent.click(buttons[1]!);
    expect(onSelect).toHaveBeenCalledWith("00456@OCC/USD");
  });

  it("has no cash section when the run reconciled no cash", () => {
    renderResults(result([]), null);
    expect(screen.queryByRole("heading", { name: "Cash balances" })).toBeNull();
  });
});
