import { Badge, Caption1, useId } from "@fluentui/react-components";
import { useState } from "react";
import {
  STATUS_LABELS,
  type BreakStatusRecord,
  type StatusChange,
} from "../../../domain/breakStatus";
import { abs, formatGrouped } from "../../../domain/decimal";
import type { IsoDate } from "../../../domain/isoDate";
import type { Issue } from "../../../domain/issues";
import { directionLabel, type Break } from "../../../workbook/monthEnd";
import { countOf } from "../../format";
import { BreakStatusActions } from "../BreakStatus/BreakStatusActions";
import { STATUS_COLORS, statusSummary } from "../BreakStatus/breakStatusModel";
import { BREAKS_SHOWN, largestFirst } from "./resultsModel";
import { SpokenName } from "../SpokenName";
import { useResultsStyles } from "./useResultsStyles.styles";

/** What the break list needs to show and change the breaks' statuses. */
export interface BreakStatusControls {
  /** Each break's status by break id, as on the Breaks sheet. */
  readonly statuses: ReadonlyMap<string, BreakStatusRecord>;
  readonly disabled: boolean;
  readonly today: () => IsoDate;
  /** Checks the change with the domain's rules and saves it; the issue when it breaks one. */
  readonly onChange: (breakId: string, change: StatusChange) => Issue | null;
}

export interface BreakListProps {
  readonly breaks: readonly Break[];
  /** Sheet row of each break on the Breaks sheet, once it is written. */
  readonly rowOfBreak: ReadonlyMap<string, number> | null;
  readonly onSelectBreak: (breakId: string) => void;
  /** Absent until the Breaks sheet, where the statuses live, is written. */
  readonly statusControls?: BreakStatusControls | undefined;
}

interface BreakItemProps {
  readonly item: Break;
  readonly row: number | undefined;
  readonly selected: boolean;
  readonly onSelect: (breakId: string) => void;
  readonly statusControls: BreakStatusControls | undefined;
}

function BreakItem({ item, row, selected, onSelect, statusControls }: BreakItemProps) {
  const styles = useResultsStyles();
  const direction = directionLabel(item.direction);
  const quantity = formatGrouped(abs(item.difference));
  const context = item.description === "" ? item.contra : `${item.contra} · ${item.description}`;
  const target = row === undefined ? "" : ` Go to row ${row} of the Breaks sheet.`;
  // Rows whose quantity could not be read belong to this break: its figure is not final.
  const unreadable = item.unreadableRows.length;
  const incomplete =
    unreadable === 0 ? "" : `Incomplete: ${countOf(unreadable, "row", "rows")} could not be read.`;
  const record = statusControls?.statuses.get(item.id);
  const status = record === undefined ? "" : ` Status: ${statusSummary(record)}.`;
  const panelId = useId("break-status");
  return (
    <li>
      <button
        type="button"
        className={styles.breakButton}
        disabled={row === undefined}
        {...(record === undefined ? {} : { "aria-expanded": selected, "aria-controls": panelId })}
        onClick={() => onSelect(item.id)}
      >
        <SpokenName
          name={`${item.securityId} at ${item.contra}: ${direction} ${quantity}.${incomplete === "" ? "" : ` ${incomplete}`}${status}${target}`}
        />
        <span className={styles.breakText} aria-hidden="true">
          <span className={styles.securityId}>{item.securityId}</span>
          <span className={styles.breakContext}>{context}</span>
          {incomplete !== "" && <span className={styles.incomplete}>{incomplete}</span>}
          {record !== undefined && (
            <span className={styles.status}>
              <Badge appearance="outline" size="small" color={STATUS_COLORS[record.status]}>
                {STATUS_LABELS[record.status]}
              </Badge>
              {record.status !== "open" && (
                <span className={styles.statusText}>
                  {statusSummary(record).replace(/^\S+ /, "")}
                </span>
              )}
            </span>
          )}
        </span>
        <span className={styles.breakFigure} aria-hidden="true">
          <span className={styles.quantity}>{quantity}</span>
          <Badge appearance="tint" color={item.direction === "short" ? "danger" : "informative"}>
            {direction}
          </Badge>
        </span>
      </button>
      {selected && record !== undefined && statusControls !== undefined && (
        <div id={panelId}>
          <BreakStatusActions
            label={`${item.securityId} at ${item.contra}`}
            record={record}
            disabled={statusControls.disabled}
            today={statusControls.today}
            onChange={(change) => statusControls.onChange(item.id, change)}
          />
        </div>
      )}
    </li>
  );
}

/**
 * The largest breaks, each a button that selects its row on the Breaks sheet and opens the
 * status changes it can take.
 */
export function BreakList({ breaks, rowOfBreak, onSelectBreak, statusControls }: BreakListProps) {
  const styles = useResultsStyles();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const shown = largestFirst(breaks).slice(0, BREAKS_SHOWN);
  const select = (breakId: string) => {
    setSelectedId((current) => (current === breakId ? null : breakId));
    onSelectBreak(breakId);
  };
  return (
    <>
      <ul className={styles.list} aria-label="Breaks">
        {shown.map((item) => (
          <BreakItem
            key={item.id}
            item={item}
            row={rowOfBreak?.get(item.id)}
            selected={selectedId === item.id}
            onSelect={select}
            statusControls={statusControls}
          />
        ))}
      </ul>
      {breaks.length > shown.length && (
        <Caption1 className={styles.note}>
          Showing the largest {shown.length.toLocaleString("en-US")} of{" "}
          {countOf(breaks.length, "break", "breaks")}; the Breaks sheet lists them all.
        </Caption1>
      )}
    </>
  );
}
