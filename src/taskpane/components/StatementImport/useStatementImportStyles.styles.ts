import { makeStyles, tokens } from "@fluentui/react-components";

export const useStatementImportStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    minWidth: 0,
  },
  note: {
    color: tokens.colorNeutralForeground3,
    overflowWrap: "anywhere",
  },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
  },
  // The native picker stays out of sight; the Fluent button opens it.
  fileInput: {
    display: "none",
  },
  issues: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    minWidth: 0,
  },
  message: {
    overflowWrap: "anywhere",
  },
});
