/**
 * The task pane's entry point and its only Office-aware file: it finds out where it runs and
 * hands the components a host (STYLE.md: host calls behind a small interface passed as props).
 * In Excel the port is the open workbook through Office.js; in a plain browser (office.js reports
 * no host, or did not load at all) the user opens an .xlsx file instead.
 */
import { webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";
import { StrictMode, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { createOfficeWorkbook } from "../excel/officeWorkbook";
import { openXlsxFile } from "./browserWorkbook";
import { App } from "./components/App/App";
import { PaneRoot, StartupFailure } from "./components/App/PaneRoot";
import { errorMessage } from "./format";
import type { TaskpaneHost } from "./host";

interface Startup {
  readonly host: TaskpaneHost;
  readonly theme: Theme;
}

const PLAIN_BROWSER: Startup = {
  host: { kind: "browser", openFile: openXlsxFile },
  theme: webLightTheme,
};

async function startup(): Promise<Startup> {
  if (typeof Office === "undefined") return PLAIN_BROWSER;
  const info = await Office.onReady();
  if (info.host !== Office.HostType.Excel) return PLAIN_BROWSER;
  // officeTheme is read once: Excel sends no event when the user changes the Office theme.
  const dark = Office.context.officeTheme?.isDarkTheme === true;
  // eslint-disable-next-line no-restricted-globals -- the one place in the pane that may touch Excel
  const port = createOfficeWorkbook(Excel.run);
  return {
    host: { kind: "excel", workbook: { port, fileName: null, toBytes: null } },
    theme: dark ? webDarkTheme : webLightTheme,
  };
}

function render(theme: Theme, content: ReactNode): void {
  const container = document.getElementById("container");
  if (container === null) throw new Error("taskpane.html has no element with id “container”.");
  createRoot(container).render(
    <StrictMode>
      <PaneRoot theme={theme}>{content}</PaneRoot>
    </StrictMode>,
  );
}

startup().then(
  ({ host, theme }) => render(theme, <App host={host} />),
  (error: unknown) => render(webLightTheme, <StartupFailure message={errorMessage(error)} />),
);
