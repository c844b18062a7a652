import { makeStyles, tokens } from "@fluentui/react-components";

export const useColumnMappingStyles = makeStyles({
  // The accordion's header button is full width; its padding lines up with the fields above.
  header: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
  },
  panel: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    margin: 0,
    paddingBottom: tokens.spacingVerticalS,
    minWidth: 0,
  },
  note: {
    color: tokens.colorNeutralForeground3,
    overflowWrap: "anywhere",
  },
  // Fluent's Dropdown asks for 250 px; in a 350 px pane it must shrink instead.
  control: {
    minWidth: 0,
    width: "100%",
  },
  options: {
    display: "flex",
    flexDirection: "column",
  },
});
