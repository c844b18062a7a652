import { Button, Caption1, Subtitle2, Text, useId } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { auditHead } from "../../../domain/auditLog";
import { formatWhere } from "../../../domain/issues";
import type { Verification } from "../../../workbook/verifyRun";
import { firstBroken } from "../App/useSupervisionActions";
import { useSupervisionStyles } from "./useSupervisionStyles.styles";

export interface VerifyStepProps {
  /** Shown once the user asked to verify. */
  readonly verification: Verification | null;
  readonly disabled: boolean;
  readonly onVerify: () => void;
  readonly status: ReactNode;
}

/** The Audit Log's chain and every sign-off against its data now, naming the first broken row. */
export function VerifyStep({ verification, disabled, onVerify, status }: VerifyStepProps) {
  const styles = useSupervisionStyles();
  const headingId = useId("verify-heading");
  const audit = verification?.evidence.audit ?? null;
  const count = (wanted: string) =>
    verification?.checks.filter((check) => check.status === wanted).length ?? 0;
  const broken = verification === null ? null : firstBroken(verification);
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Verify
      </Subtitle2>
      <Caption1 className={styles.note}>
        Checks the Audit Log’s hash chain and recomputes the hash of every signed sheet. Changes
        nothing.
      </Caption1>
      <div className={styles.actions}>
        <Button disabled={disabled} onClick={onVerify}>
          Verify
        </Button>
      </div>
      {status}
      {verification !== null && audit !== null && (
        <div role="status" aria-label="Verification" className={styles.form}>
          <Text>
            Audit Log:{" "}
            {verification.evidence.auditRows.length === 0
              ? "none yet."
              : audit.issues.length > 0
                ? `BROKEN at ${formatWhere(audit.issues[0]!.where)}.`
                : `${audit.records.length} rows, chain intact; head ${auditHead(audit.records).slice(0, 12)}…`}
          </Text>
          <Text>
            Sign-offs: {verification.checks.length} ({count("valid")} intact, {count("broken")}{" "}
            broken, {count("superseded")} superseded, {count("recorded")} unlocks).
          </Text>
          {broken === null ? (
            <Text className={styles.intact}>Everything holds.</Text>
          ) : (
            <Text className={styles.broken}>First broken: {broken}</Text>
          )}
        </div>
      )}
    </section>
  );
}
