import {
  Badge,
  Button,
  Caption1,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  useId,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { LedgerEntry } from "../../../domain/differenceLedger";
import type { CloseResult } from "../../../workbook/monthEndClose";
import { countOf } from "../../format";
import {
  directionWord,
  kindLabel,
  postBlocker,
  quantityText,
  shownEntries,
  timelinessText,
  type ResolutionChoice,
} from "./postingModel";
import { useDifferencePostingStyles } from "./useDifferencePostingStyles.styles";

export interface DifferencePostingProps {
  readonly close: CloseResult;
  /** Differences the count no longer shows: each can be confirmed resolved. */
  readonly resolutions: readonly ResolutionChoice[];
  /** The name typed in Posted by (kept by the flow across runs). */
  readonly actor: string;
  readonly disabled: boolean;
  readonly onActorChange: (actor: string) => void;
  readonly onConfirmResolution: (securityKey: string, confirmed: boolean) => void;
  readonly onPost: () => void;
  /** Progress or a notice about posting. */
  readonly status: ReactNode;
}

function EntryRow({ entry }: { readonly entry: LedgerEntry }) {
  const styles = useDifferencePostingStyles();
  const direction = directionWord(entry.quantity);
  return (
    <TableRow>
      <TableCell className={styles.cell}>
        <span className={styles.stack}>
          <span className={styles.entryId}>{entry.entryId}</span>
          <span className={styles.securityId}>{entry.securityId}</span>
        </span>
      </TableCell>
      <TableCell className={styles.cell}>
        <span className={styles.stackEnd}>
          <span className={styles.quantity}>{quantityText(entry.quantity)}</span>
          <Badge appearance="tint" color={direction === "Short" ? "danger" : "informative"}>
            {direction}
          </Badge>
        </span>
      </TableCell>
      <TableCell className={styles.cell}>
        <span className={styles.stack}>
          <span>{kindLabel(entry)}</span>
          <span className={entry.onTime ? styles.onTime : styles.late}>
            {timelinessText(entry)}
          </span>
        </span>
      </TableCell>
    </TableRow>
  );
}

/** More rows than this slow the pane down; the Difference Account sheet has all of them. */
export const ENTRIES_SHOWN = 200;

function EntryTable(props: { readonly label: string; readonly entries: readonly LedgerEntry[] }) {
  const styles = useDifferencePostingStyles();
  const shown = props.entries.slice(0, ENTRIES_SHOWN);
  return (
    <>
      <Table size="small" aria-label={props.label} className={styles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.cell}>Entry</TableHeaderCell>
            <TableHeaderCell className={styles.cell}>Difference</TableHeaderCell>
            <TableHeaderCell className={styles.cell}>Posting</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.map((entry) => (
            <EntryRow key={entry.entryId} entry={entry} />
          ))}
        </TableBody>
      </Table>
      {props.entries.length > shown.length && (
        <Caption1 className={styles.note}>
          Showing the first {shown.length.toLocaleString("en-US")} of{" "}
          {countOf(props.entries.length, "entry", "entries")}; the Difference Account sheet lists
          every entry once posted.
        </Caption1>
      )}
    </>
  );
}

function Resolutions(
  props: Pick<DifferencePostingProps, "resolutions" | "disabled" | "onConfirmResolution">,
) {
  const styles = useDifferencePostingStyles();
  const headingId = useId("resolutions-heading");
  if (props.resolutions.length === 0) return null;
  return (
    <div className={styles.group} role="group" aria-labelledby={headingId}>
      <Text id={headingId} weight="semibold">
        No longer different
      </Text>
      <Caption1 className={styles.note}>
        The count no longer shows these open differences. Confirm each one that is resolved: its
        closing adjustment joins the entries to post.
      </Caption1>
      {props.resolutions.map((item) => (
        <Checkbox
          key={item.securityKey}
          checked={item.confirmed}
          disabled={props.disabled}
          label={`${item.securityId}: ${directionWord(item.openBalance)} ${quantityText(item.openBalance)} open — resolved`}
          onChange={(_event, data) =>
            props.onConfirmResolution(item.securityKey, data.checked === true)
          }
        />
      ))}
    </div>
  );
}

/**
 * FINRA 4522(b)(2): the count's unresolved differences go to the Difference account. Shows exactly
 * the entries a Post appends, the differences that went away for the user to confirm, and who
 * posts; Post appends them and writes the close's sheets.
 */
export function DifferencePosting(props: DifferencePostingProps) {
  const { close, actor, disabled } = props;
  const styles = useDifferencePostingStyles();
  const headingId = useId("posting-heading");
  const shown = shownEntries(close);
  const blocker = postBlocker(close, actor);
  const blockerId = useId("post-blocker");
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Post to Difference account
      </Subtitle2>
      {close.clock !== null && (
        <>
          <Caption1 className={styles.note}>
            Only what changed since the account's open balance is posted: a difference carried from
            an earlier count is never posted twice.
          </Caption1>
          {shown.entries.length > 0 && (
            <>
              <Text weight="semibold">
                {shown.posted
                  ? `Posted: ${countOf(shown.entries.length, "entry", "entries")}`
                  : `To post: ${countOf(shown.entries.length, "entry", "entries")}`}
              </Text>
              <EntryTable
                label={shown.posted ? "Entries posted" : "Entries to post"}
                entries={shown.entries}
              />
            </>
          )}
          <Resolutions
            resolutions={props.resolutions}
            disabled={disabled || shown.posted}
            onConfirmResolution={props.onConfirmResolution}
          />
          <Field
            label="Posted by"
            required
            hint="Excel gives add-ins no verified identity; the name you type is recorded."
          >
            <Input
              value={actor}
              disabled={disabled}
              onChange={(_event, data) => props.onActorChange(data.value)}
            />
          </Field>
        </>
      )}
      {/* Once posted, the clock and the Post's own notice say so. */}
      {blocker !== null && !shown.posted && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody id={blockerId} className={styles.message}>
            {blocker}
          </MessageBarBody>
        </MessageBar>
      )}
      {close.clock !== null && (
        <div className={styles.actions}>
          <Button
            appearance="primary"
            disabledFocusable={disabled || blocker !== null}
            aria-describedby={blocker === null || shown.posted ? undefined : blockerId}
            onClick={() => {
              if (blocker === null) props.onPost();
            }}
          >
            Post to Difference account
          </Button>
        </div>
      )}
      {props.status}
    </section>
  );
}
