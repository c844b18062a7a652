import { makeStyles, tokens } from "@fluentui/react-components";

export const useSaveWorkbookStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalS,
    minWidth: 0,
  },
  note: {
    color: tokens.colorNeutralForeground3,
    overflowWrap: "anywhere",
  },
});
