import { makeStyles, tokens } from "@fluentui/react-components";

export const useDifferenceAgingStyles = makeStyles({
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
  warning: {
    color: tokens.colorStatusWarningForeground1,
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
  layer: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr) auto",
    columnGap: tokens.spacingHorizontalS,
    alignItems: "center",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  text: {
    display: "flex",
    flexDirection: "column",
    minWidth: 0,
  },
  securityId: {
    fontFamily: tokens.fontFamilyMonospace,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
  },
  detail: {
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    overflowWrap: "anywhere",
  },
  figure: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-end",
    gap: tokens.spacingVerticalXXS,
  },
  quantity: {
    fontVariantNumeric: "tabular-nums",
    whiteSpace: "nowrap",
  },
  totals: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr) auto",
    rowGap: tokens.spacingVerticalXXS,
    columnGap: tokens.spacingHorizontalS,
    margin: 0,
    "& dd": { margin: 0, textAlign: "end" },
  },
});
