/**
 * The task pane's entry point and its only Office-aware file: it finds out where it runs and
 * hands the components a host (STYLE.md: host calls behind a small interface passed as props).
 * In Excel the port is the open workbook through Office.js; in a plain browser (office.js reports
 * no host, or did not load at all) the user opens an .xlsx file instead.
 */
import { webLightTheme, type Theme } from "@fluentui/react-components";
import { StrictMode, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import type { IsoDate } from "../domain/isoDate";
import type { Timestamp } from "../domain/auditLog";
import { readDocumentBytes } from "../excel/documentFile";
import { createOfficeWorkbook } from "../excel/officeWorkbook";
import { openXlsxFile } from "./browserWorkbook";
import { App } from "./components/App/App";
import type { EngineClient } from "./engine/engine";
import { browserWorkerEngine } from "./engine/workerEngine";
import { PaneRoot, StartupFailure } from "./components/App/PaneRoot";
import { errorMessage } from "./format";
import type { TaskpaneHost } from "./host";
import { isDarkOfficeTheme, paneTheme } from "./theme";
import { fixedDayTimestamp, localIsoDate, localTimestamp, todayParameter } from "./today";

interface Startup {
  readonly host: TaskpaneHost;
  readonly theme: Theme;
  readonly today: () => IsoDate;
  /** The time of an event (sign-offs, the Audit Log), read when it happens. */
  readonly now: () => Timestamp;
  /** Set when the date is fixed by the test and demo hook, which the pane then says. */
  readonly fixedToday: IsoDate | null;
}

/** The clock, read here at the edge whenever the pane starts an action, never inside the rules. */
function systemToday(): IsoDate {
  return localIsoDate(new Date());
}

function systemNow(): Timestamp {
  return localTimestamp(new Date());
}

/**
 * Test and demo hook, plain-browser mode only: `taskpane.html?today=2026-11-04` fixes the date,
 * so the browser test sees the bundled sample's clock as on that day. Excel ignores it.
 */
function plainBrowser(): Startup {
  const fixed = todayParameter(window.location.search);
  // No Office theme here: follow the system's light or dark colour scheme.
  const dark = window.matchMedia?.("(prefers-color-scheme: dark)").matches === true;
  return {
    host: { kind: "browser", openFile: openXlsxFile },
    theme: paneTheme(dark),
    today: fixed === null ? systemToday : () => fixed,
    now: fixed === null ? systemNow : () => fixedDayTimestamp(fixed),
    fixedToday: fixed,
  };
}

async function startup(): Promise<Startup> {
  if (typeof Office === "undefined") return plainBrowser();
  const info = await Office.onReady();
  if (info.host !== Office.HostType.Excel) return plainBrowser();
  // officeTheme is read once: Excel sends no event when the user changes the Office theme.
  const dark = isDarkOfficeTheme(Office.context.officeTheme);
  // eslint-disable-next-line no-restricted-globals -- the one place in the pane that may touch Excel
  const port = createOfficeWorkbook(Excel.run);
  return {
    host: {
      kind: "excel",
      workbook: {
        port,
        fileName: null,
        toBytes: null,
        fileBytes: () =>
          readDocumentBytes<Office.FileType>(Office.context.document, Office.FileType.Compressed),
      },
    },
    theme: paneTheme(dark),
    today: systemToday,
    now: systemNow,
    fixedToday: null,
  };
}

/**
 * The reconciliation and the close's planning run in a Web Worker: desktop Excel restarts an
 * add-in whose UI thread is unresponsive for 5 seconds.
 */
const engine: EngineClient = browserWorkerEngine();

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
  ({ host, theme, today, now, fixedToday }) =>
    render(
      theme,
      <App host={host} today={today} now={now} fixedToday={fixedToday} engine={engine} />,
    ),
  (error: unknown) => render(webLightTheme, <StartupFailure message={errorMessage(error)} />),
);
