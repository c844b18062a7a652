import { useState } from "react";
import type { ResolutionReason, StatusChange } from "../../../domain/breakStatus";
import type { IsoDate } from "../../../domain/isoDate";
import type { Issue } from "../../../domain/issues";
import {
  changeOf,
  defaultValues,
  problemOfIssue,
  type FieldProblem,
  type StatusAction,
  type StatusFormValues,
} from "./breakStatusModel";

/** Checks a change with the domain's rules and saves it; returns the issue when it breaks one. */
export type ChangeStatus = (change: StatusChange) => Issue | null;

export interface BreakStatusForm {
  /** The form being filled in, or null when only the actions are shown. */
  readonly values: StatusFormValues | null;
  readonly problem: FieldProblem | null;
  readonly open: (action: StatusAction) => void;
  readonly close: () => void;
  readonly setDateText: (text: string) => void;
  readonly setReason: (reason: ResolutionReason) => void;
  readonly setNote: (note: string) => void;
  readonly submit: () => void;
}

/** `today` is read when the form opens: the date defaults to the day the change is recorded. */
export function useBreakStatusForm(today: () => IsoDate, onChange: ChangeStatus): BreakStatusForm {
  const [values, setValues] = useState<StatusFormValues | null>(null);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const update = (patch: Partial<StatusFormValues>) => {
    setValues((current) => (current === null ? null : { ...current, ...patch }));
    setProblem(null);
  };
  return {
    values,
    problem,
    open: (action) => {
      setValues(defaultValues(action, today()));
      setProblem(null);
    },
    close: () => {
      setValues(null);
      setProblem(null);
    },
    setDateText: (dateText) => update({ dateText }),
    setReason: (reason) => update({ reason }),
    setNote: (note) => update({ note }),
    submit: () => {
      if (values === null) return;
      const asked = changeOf(values);
      if (!asked.ok) {
        setProblem(asked.problem);
        return;
      }
      const issue = onChange(asked.change);
      if (issue === null) {
        setValues(null);
        setProblem(null);
      } else {
        setProblem(problemOfIssue(issue));
      }
    },
  };
}
