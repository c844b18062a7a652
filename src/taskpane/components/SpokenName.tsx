import { makeStyles } from "@fluentui/react-components";

const useSpokenNameStyles = makeStyles({
  hidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    margin: "-1px",
    padding: 0,
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
    border: 0,
  },
});

/**
 * A control's name in words, for screen readers, when it says more than the control shows
 * (Long/Short spelled out, the row it goes to). Put first inside the control, with the visible
 * parts aria-hidden: the name then comes from the content, and starts with what is shown (WCAG
 * 2.5.3; an aria-label that leaves out visible text fails axe's label-content-name-mismatch).
 */
export function SpokenName({ name }: { readonly name: string }) {
  const styles = useSpokenNameStyles();
  return (
    <span className={styles.hidden} data-spoken-name="">
      {name}
    </span>
  );
}
