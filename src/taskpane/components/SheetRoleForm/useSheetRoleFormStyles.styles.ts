import { makeStyles, tokens } from "@fluentui/react-components";

export const useSheetRoleFormStyles = makeStyles({
  form: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    minWidth: 0,
  },
  sheetList: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
  sheet: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  sheetName: {
    overflowWrap: "anywhere",
  },
  sheetFacts: {
    color: tokens.colorNeutralForeground3,
    overflowWrap: "anywhere",
  },
  // Fluent's Dropdown and Combobox ask for 250 px; in a 350 px pane they must shrink instead.
  control: {
    minWidth: 0,
    width: "100%",
  },
  problems: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
  },
});
