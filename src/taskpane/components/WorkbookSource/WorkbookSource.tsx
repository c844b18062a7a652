import { Button, Subtitle2, Text, useId } from "@fluentui/react-components";
import { useRef, type ReactNode } from "react";
import type { OpenedWorkbook } from "../../host";
import { useWorkbookSourceStyles } from "./useWorkbookSourceStyles.styles";

const XLSX_ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface WorkbookSourceProps {
  /** Where the workbook comes from: the one open in Excel, or a file the user picks. */
  readonly source: "excel" | "file";
  readonly workbook: OpenedWorkbook | null;
  readonly detected: boolean;
  readonly disabled: boolean;
  readonly onOpenFile: (file: File) => void;
  readonly onDetect: () => void;
  /** Progress or a notice about this step. */
  readonly status: ReactNode;
}

/** Step 1: which workbook, and detecting what its sheets are. */
export function WorkbookSource(props: WorkbookSourceProps) {
  const { source, workbook, detected, disabled } = props;
  const styles = useWorkbookSourceStyles();
  const headingId = useId("workbook-heading");
  const fileInput = useRef<HTMLInputElement>(null);
  const description =
    source === "excel"
      ? "The workbook open in Excel."
      : (workbook?.fileName ?? "Open the month-end workbook: it stays on this computer.");

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Workbook
      </Subtitle2>
      <Text className={styles.fileName}>{description}</Text>
      <div className={styles.actions}>
        {source === "file" && (
          <>
            <input
              ref={fileInput}
              className={styles.fileInput}
              type="file"
              accept={XLSX_ACCEPT}
              aria-label="Workbook file (.xlsx)"
              tabIndex={-1}
              onChange={(event) => {
                const file = event.target.files?.[0];
                // Cleared so that picking the same file again is still a change.
                event.target.value = "";
                if (file !== undefined) props.onOpenFile(file);
              }}
            />
            <Button
              appearance={workbook === null ? "primary" : "secondary"}
              disabled={disabled}
              onClick={() => fileInput.current?.click()}
            >
              Open workbook (.xlsx)
            </Button>
          </>
        )}
        <Button
          appearance={workbook !== null && !detected ? "primary" : "secondary"}
          disabled={disabled || workbook === null}
          onClick={props.onDetect}
        >
          Detect sheets
        </Button>
      </div>
      {props.status}
    </section>
  );
}
