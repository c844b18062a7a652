import { useState } from "react";
import type { SignoffRole } from "../../../domain/signoff";
import type { SignoffAsk } from "../App/useSupervisionActions";
import { checkSignoffForm, type SignoffFormProblem } from "./supervisionModel";

export interface SignOffForm {
  readonly periodText: string;
  readonly scope: string;
  readonly role: "preparer" | "reviewer";
  readonly name: string;
  readonly comment: string;
  readonly unlockReason: string;
  readonly problem: SignoffFormProblem | null;
  /** Where the unlock form's problem is shown. */
  readonly unlockProblem: string | null;
  readonly set: (patch: Partial<Omit<SignOffForm, "problem" | "unlockProblem">>) => void;
  readonly submit: () => void;
  readonly unlock: () => void;
}

/** The sign-off form: checks what it can before asking the workbook (the domain refuses the rest). */
export function useSignOffForm(
  defaultPeriod: string,
  scopes: readonly string[],
  onSignOff: (ask: SignoffAsk) => void,
): SignOffForm {
  const [values, setValues] = useState({
    periodText: defaultPeriod,
    scope: "",
    role: "preparer" as "preparer" | "reviewer",
    name: "",
    comment: "",
    unlockReason: "",
  });
  const [problem, setProblem] = useState<SignoffFormProblem | null>(null);
  const [unlockProblem, setUnlockProblem] = useState<string | null>(null);
  const scope = values.scope !== "" ? values.scope : (scopes[0] ?? "");
  const ask = (role: SignoffRole, comment: string) => {
    const checked = checkSignoffForm({ ...values, scope, comment, unlocking: role === "unlock" });
    if (!checked.ok) return checked.problem;
    onSignOff({ role, period: checked.period, scope, name: values.name.trim(), comment });
    return null;
  };
  return {
    ...values,
    scope,
    problem,
    unlockProblem,
    set: (patch) => {
      setValues((current) => ({ ...current, ...patch }));
      setProblem(null);
      setUnlockProblem(null);
    },
    submit: () => setProblem(ask(values.role, values.comment)),
    unlock: () => {
      const refused = ask("unlock", values.unlockReason);
      if (refused === null) setValues((current) => ({ ...current, unlockReason: "" }));
      else if (refused.field === "comment") setUnlockProblem(refused.message);
      else setProblem(refused);
      if (refused?.field === "comment") setProblem(null);
    },
  };
}
