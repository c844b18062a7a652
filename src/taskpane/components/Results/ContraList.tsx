import { Badge, Caption1, Text } from "@fluentui/react-components";
import type { ContraSummary } from "../../../workbook/monthEnd";
import { countOf } from "../../format";
import { contrasByBreakCount } from "./resultsModel";
import { useResultsStyles } from "./useResultsStyles.styles";

export interface ContraListProps {
  readonly contras: readonly ContraSummary[];
}

/** Each contra organization with its break count, most breaks first. */
export function ContraList({ contras }: ContraListProps) {
  const styles = useResultsStyles();
  return (
    <ul className={styles.list} aria-label="Contras">
      {contrasByBreakCount(contras).map((contra) => (
        <li key={contra.contra} className={styles.contra}>
          <Text weight="semibold" className={styles.contraName}>
            {contra.contra}
          </Text>
          <Caption1 className={styles.contraCounts}>
            {countOf(contra.breakCount, "break", "breaks")} ·{" "}
            {contra.matchedCount.toLocaleString("en-US")} matched
            {/* The engine checks books + differences = statement per contra; say so if not. */}
            {!contra.conserved && (
              <>
                {" "}
                <Badge appearance="filled" color="danger">
                  Totals do not tie
                </Badge>
              </>
            )}
          </Caption1>
        </li>
      ))}
    </ul>
  );
}
