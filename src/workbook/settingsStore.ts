/**
 * Loads and saves the StockRec settings in the workbook, on a very hidden sheet, so mappings and
 * options travel with the file and no data leaves it.
 */
import type { Issue } from "../domain/issues";
import {
  DEFAULT_SETTINGS,
  parseSettings,
  SETTINGS_SHEET,
  SETTINGS_TABLE,
  settingsRows,
  type Settings,
} from "../domain/settings";
import type { WorkbookPort } from "./port";

export async function loadSettings(
  port: WorkbookPort,
): Promise<{ settings: Settings; issues: Issue[] }> {
  const sheets = await port.listSheets();
  const sheet = sheets.find((s) => s.name.toLowerCase() === SETTINGS_SHEET.toLowerCase());
  if (sheet === undefined || sheet.rowCount === 0)
    return { settings: DEFAULT_SETTINGS, issues: [] };
  return parseSettings((await port.readSheet(sheet.name)).rows);
}

export async function saveSettings(port: WorkbookPort, settings: Settings): Promise<void> {
  await port.writeTable({
    sheetName: SETTINGS_SHEET,
    tableName: SETTINGS_TABLE,
    columns: [
      { header: "Key", format: { kind: "text" }, width: 28 },
      { header: "Value", format: { kind: "text" }, width: 80 },
    ],
    rows: settingsRows(settings),
    visibility: "veryHidden",
  });
}
