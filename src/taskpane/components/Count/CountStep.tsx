import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Subtitle2,
  Text,
  useId,
} from "@fluentui/react-components";
import { useState, type ReactNode } from "react";
import { parseIsoDate, type IsoDate } from "../../../domain/isoDate";
import type { CountActions } from "../App/useCountActions";
import { CountComparePart } from "./CountComparePart";
import { CountOutcomes } from "./CountOutcomes";
import { CountSchedulePanel } from "./CountSchedulePanel";
import {
  outcomeRows,
  parseLocationList,
  tallyLines,
  tallyRows,
  type CountPart,
} from "./countModel";
import { useCountStyles } from "./useCountStyles.styles";

export interface CountStepProps {
  readonly count: CountActions;
  /** The reconciliation's as-of date when one was run, else the end of today's quarter. */
  readonly defaultCountDate: IsoDate;
  /** The name typed in the pane: who posts. */
  readonly actor: string;
  readonly onActorChange: (actor: string) => void;
  readonly disabled: boolean;
  /** The part whose task is running or was last reported; its status shows there. */
  readonly activePart: CountPart | null;
  readonly status: ReactNode;
}

/**
 * SEA Rule 17a-13 (FINRA 4522(a)): the quarterly security count. Generate the count sheet, count
 * and confirm in Excel, check the entries, compare with the records and post the differences to
 * the Difference account within seven business days.
 */
export function CountStep(props: CountStepProps) {
  const { count, disabled, activePart } = props;
  const styles = useCountStyles();
  const headingId = useId("count-heading");
  const [typedDate, setTypedDate] = useState<string | null>(null);
  const [cycle, setCycle] = useState("");
  const [locations, setLocations] = useState("");
  const dateText = typedDate ?? props.defaultCountDate;
  const countDate = parseIsoDate(dateText);
  const ask = (date: IsoDate) => ({
    countDate: date,
    cycle,
    locations: parseLocationList(locations),
  });
  const generated = count.generated?.countDate === countDate ? count.generated : null;
  const refused = count.overwriteRefused !== null && count.overwriteRefused === countDate;
  const statusOf = (part: CountPart) => (activePart === part ? props.status : null);

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Quarterly security count (SEA Rule 17a-13)
      </Subtitle2>
      <Caption1 className={styles.note}>
        Count what the firm holds, verify what has been out of its possession more than 30 days, and
        post the differences within seven business days.
      </Caption1>
      <CountSchedulePanel schedule={count.schedule} />
      <div className={styles.part} role="group" aria-label="Generate the count sheet">
        <Field
          label="Count date"
          required
          {...(countDate === null
            ? { validationState: "error", validationMessage: "Pick a date." }
            : {})}
        >
          <Input
            type="date"
            value={dateText}
            disabled={disabled}
            onChange={(_event, data) => setTypedDate(data.value)}
          />
        </Field>
        <Field
          label="Cycle"
          hint="For a cyclical count only, e.g. 2026-Q4; empty for a whole count."
        >
          <Input value={cycle} disabled={disabled} onChange={(_e, data) => setCycle(data.value)} />
        </Field>
        <Field
          label="Locations"
          hint="For a part of a cycle: location codes separated by commas; empty for every location."
        >
          <Input
            value={locations}
            disabled={disabled}
            onChange={(_e, data) => setLocations(data.value)}
          />
        </Field>
        <div className={styles.actions}>
          <Button
            appearance="primary"
            disabled={disabled || countDate === null}
            onClick={() => countDate !== null && count.generate(ask(countDate), false)}
          >
            Generate count sheet
          </Button>
        </div>
        {refused && countDate !== null && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody className={styles.note}>
              The count sheet of {countDate} already holds entries. Rebuilding it from the stock
              record keeps every entry on its line; it is refused if an entry would lose its line.
            </MessageBarBody>
            <MessageBarActions>
              <Button disabled={disabled} onClick={() => count.generate(ask(countDate), true)}>
                Rebuild, keeping entries
              </Button>
            </MessageBarActions>
          </MessageBar>
        )}
        {statusOf("generate")}
        {generated !== null && (
          <ul className={styles.list} aria-label="Lines on the count sheet">
            {tallyRows(tallyLines(generated.lines)).map((row) => (
              <li key={row.label} className={styles.item}>
                <div className={styles.row}>
                  <Text weight="semibold">{row.label}</Text>
                  <Text className={styles.number}>{row.count}</Text>
                </div>
                <Caption1 className={styles.note}>{row.detail}</Caption1>
              </li>
            ))}
          </ul>
        )}
      </div>
      {countDate !== null && (
        <RecordPart
          count={count}
          countDate={countDate}
          disabled={disabled}
          status={statusOf("record")}
        />
      )}
      {countDate !== null && (
        <CountComparePart
          count={count}
          countDate={countDate}
          actor={props.actor}
          onActorChange={props.onActorChange}
          disabled={disabled}
          status={statusOf("compare")}
        />
      )}
    </section>
  );
}

interface RecordPartProps {
  readonly count: CountActions;
  readonly countDate: IsoDate;
  readonly disabled: boolean;
  readonly status: ReactNode;
}

/** Counting happens in Excel; the pane fills in who counted and supervised, and checks. */
function RecordPart({ count, countDate, disabled, status }: RecordPartProps) {
  const styles = useCountStyles();
  const [countedBy, setCountedBy] = useState("");
  const [supervisedBy, setSupervisedBy] = useState("");
  const checked = count.checked?.countDate === countDate ? count.checked : null;
  return (
    <div className={styles.part} role="group" aria-label="Record the count">
      <Text weight="semibold">Record the count</Text>
      <Caption1 className={styles.note}>
        Type the counted quantities, and for items out of possession more than 30 days the
        confirmation's date, reference and quantity, into the Count {countDate} sheet in Excel.
      </Caption1>
      <div className={styles.actions}>
        <Button disabled={disabled} onClick={() => count.selectSheet(countDate, 2)}>
          Go to the count sheet
        </Button>
      </div>
      <Field
        label="Counted by"
        hint="Typed, not a verified identity: filled into lines with an entry and no name."
      >
        <Input
          value={countedBy}
          disabled={disabled}
          onChange={(_e, data) => setCountedBy(data.value)}
        />
      </Field>
      <Field label="Supervised by" hint="Typed, not a verified identity.">
        <Input
          value={supervisedBy}
          disabled={disabled}
          onChange={(_e, data) => setSupervisedBy(data.value)}
        />
      </Field>
      <div className={styles.actions}>
        <Button disabled={disabled} onClick={() => count.check(countDate, countedBy, supervisedBy)}>
          Check entries
        </Button>
      </div>
      {status}
      {checked !== null && (
        <CountOutcomes
          label="Count lines"
          rows={outcomeRows(checked.comparison.lines)}
          disabled={disabled}
          onSelectRow={(row) => count.selectSheet(countDate, row)}
        />
      )}
    </div>
  );
}
