import { makeStyles, tokens } from "@fluentui/react-components";

export const useBreakStatusStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
    minWidth: 0,
  },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
  },
  control: {
    minWidth: 0,
    width: "100%",
  },
  note: {
    color: tokens.colorNeutralForeground3,
  },
  message: {
    overflowWrap: "anywhere",
  },
});
