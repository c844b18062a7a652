import {
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import { reconciledFileName } from "../../download";
import { countOf } from "../../format";
import type { OpenedWorkbook } from "../../host";
import { useSaveWorkbookStyles } from "./useSaveWorkbookStyles.styles";

export interface SaveWorkbookProps {
  readonly workbook: OpenedWorkbook;
  readonly sheetName: string;
  readonly breakCount: number;
  /** The Money Breaks sheet, when the run reconciled cash balances. */
  readonly moneySheetName: string | null;
  readonly moneyBreakCount: number;
  /** True once the close's sheets (Difference Account, Difference Aging, Notices) are written. */
  readonly closeWritten: boolean;
  readonly disabled: boolean;
  readonly onDownload: () => void;
}

/**
 * In Excel the Breaks sheet is already in the open workbook; in a plain browser the updated copy
 * has to be downloaded, since the file the user picked cannot be written back.
 */
export function SaveWorkbook(props: SaveWorkbookProps) {
  const { workbook, sheetName, breakCount } = props;
  const styles = useSaveWorkbookStyles();
  const money =
    props.moneySheetName === null
      ? ""
      : ` and ${countOf(props.moneyBreakCount, "cash break", "cash breaks")} to the ${props.moneySheetName} sheet`;
  const close = props.closeWritten
    ? " The Difference Account, Difference Aging and Notices sheets are written too."
    : "";
  const written = `${countOf(breakCount, "break", "breaks")} written to the ${sheetName} sheet${money}.${close}`;
  if (workbook.toBytes === null) {
    return (
      <MessageBar intent="success">
        <MessageBarBody>
          <MessageBarTitle>Done</MessageBarTitle>
          {written} Select a break above to go to its row.
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <div className={styles.root}>
      <Button appearance="primary" disabled={props.disabled} onClick={props.onDownload}>
        Download updated workbook
      </Button>
      <Caption1 className={styles.note}>
        {written} Saves {reconciledFileName(workbook.fileName ?? "workbook.xlsx")}; the file you
        opened is not changed.
      </Caption1>
    </div>
  );
}
