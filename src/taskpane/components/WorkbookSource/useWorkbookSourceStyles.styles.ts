import { makeStyles, tokens } from "@fluentui/react-components";

export const useWorkbookSourceStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    minWidth: 0,
  },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
  },
  fileName: {
    overflowWrap: "anywhere",
  },
  // The native picker stays out of sight; the Fluent button opens it.
  fileInput: {
    display: "none",
  },
});
