import { makeStyles, tokens } from "@fluentui/react-components";

export const useRunProgressStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalS,
  },
  field: { alignSelf: "stretch" },
});
