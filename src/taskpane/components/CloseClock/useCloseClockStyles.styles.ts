import { makeStyles, tokens } from "@fluentui/react-components";

export const useCloseClockStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    minWidth: 0,
  },
  body: {
    overflowWrap: "anywhere",
  },
  overdue: {
    fontWeight: tokens.fontWeightSemibold,
  },
  note: {
    color: tokens.colorNeutralForeground3,
  },
});
