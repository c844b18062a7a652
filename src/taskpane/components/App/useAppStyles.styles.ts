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
  // A step's place in the flow: the glance moves focus here, and the focus shows.
  step: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXL,
    minWidth: 0,
    scrollMarginTop: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    ":focus": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: tokens.spacingHorizontalXXS,
    },
  },
  fixedToday: {
    color: tokens.colorStatusWarningForeground1,
  },
});
