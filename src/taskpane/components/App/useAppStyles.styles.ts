import { makeStyles, tokens } from "@fluentui/react-components";

export const useAppStyles = makeStyles({
  // The pane is 350 px wide by default in Excel on the web: everything wraps, nothing scrolls
  // sideways.
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXL,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalM}`,
    boxSizing: "border-box",
    width: "100%",
    minWidth: 0,
  },
  header: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
  },
  tagline: {
    color: tokens.colorNeutralForeground3,
  },
  fixedToday: {
    color: tokens.colorStatusWarningForeground1,
  },
});
