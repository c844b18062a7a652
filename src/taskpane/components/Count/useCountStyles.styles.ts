import { makeStyles, tokens } from "@fluentui/react-components";

/** The quarterly count: narrow forms and lists that wrap inside a 350 px pane. */
export const useCountStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    minWidth: 0,
  },
  part: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    minWidth: 0,
    paddingTop: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  note: {
    color: tokens.colorNeutralForeground3,
    overflowWrap: "anywhere",
  },
  overdue: {
    color: tokens.colorStatusDangerForeground1,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
  },
  warning: {
    color: tokens.colorStatusWarningForeground1,
    overflowWrap: "anywhere",
  },
  good: {
    color: tokens.colorStatusSuccessForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
  },
  facts: {
    display: "grid",
    gridTemplateColumns: "auto minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
    minWidth: 0,
  },
  term: {
    color: tokens.colorNeutralForeground3,
    whiteSpace: "nowrap",
  },
  definition: {
    margin: 0,
    minWidth: 0,
    overflowWrap: "anywhere",
  },
  list: {
    display: "flex",
    flexDirection: "column",
    margin: 0,
    padding: 0,
    listStyleType: "none",
    minWidth: 0,
  },
  item: {
    display: "flex",
    flexDirection: "column",
    padding: `${tokens.spacingVerticalXS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    minWidth: 0,
    overflowWrap: "anywhere",
  },
  row: {
    display: "flex",
    justifyContent: "space-between",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    minWidth: 0,
  },
  number: {
    fontVariantNumeric: "tabular-nums",
    whiteSpace: "nowrap",
  },
  attention: {
    color: tokens.colorStatusDangerForeground1,
    fontWeight: tokens.fontWeightSemibold,
  },
  lineButton: {
    justifyContent: "flex-start",
    textAlign: "start",
    minWidth: 0,
    maxWidth: "100%",
    height: "auto",
    paddingLeft: 0,
    paddingRight: 0,
    overflowWrap: "anywhere",
  },
});
