import { Badge, Caption1, Link, Subtitle2, mergeClasses, useId } from "@fluentui/react-components";
import {
  STATE_WORDS,
  STEP_TITLES,
  type FlowStep,
  type GlanceEntry,
  type StepState,
} from "./monthModel";
import { useMonthAtAGlanceStyles } from "./useMonthAtAGlanceStyles.styles";

const BADGE_COLORS: Readonly<Record<StepState, "success" | "warning" | "danger" | "informative">> =
  {
    done: "success",
    due: "warning",
    overdue: "danger",
    todo: "informative",
  };

export interface MonthAtAGlanceProps {
  readonly entries: readonly GlanceEntry[];
  /** Moves focus to the step (its section in the pane). */
  readonly onGoTo: (step: FlowStep) => void;
}

/**
 * The state of the month at the top of the pane: every step of the close in order, done, due or
 * overdue, and by when; each entry moves focus to its step.
 */
export function MonthAtAGlance({ entries, onGoTo }: MonthAtAGlanceProps) {
  const styles = useMonthAtAGlanceStyles();
  const headingId = useId("month-heading");
  const entryId = useId("month-entry");
  return (
    <nav className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        The month at a glance
      </Subtitle2>
      <ol className={styles.list}>
        {entries.map((entry, index) => {
          const describedBy = `${entryId}-${entry.step}`;
          return (
            <li key={entry.step} className={styles.entry}>
              <Link
                as="button"
                className={styles.link}
                aria-describedby={describedBy}
                onClick={() => onGoTo(entry.step)}
              >
                {index + 1}. {STEP_TITLES[entry.step]}
              </Link>
              <Badge
                aria-hidden="true"
                appearance="tint"
                color={BADGE_COLORS[entry.state]}
                shape="rounded"
              >
                {STATE_WORDS[entry.state]}
              </Badge>
              <Caption1
                id={describedBy}
                className={mergeClasses(styles.detail, entry.state === "overdue" && styles.overdue)}
              >
                {/* The badge is shown; the state is said again here for the link's description. */}
                <span className={styles.hidden}>{STATE_WORDS[entry.state]}: </span>
                {entry.detail}
              </Caption1>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
