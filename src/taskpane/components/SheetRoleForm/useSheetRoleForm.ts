import { useCallback, useMemo, useState } from "react";
import type { Detection, SheetRole } from "../../../workbook/monthEnd";
import {
  checkForm,
  initialFormValues,
  type FormCheck,
  type SheetRoleFormValues,
} from "./sheetRolePlan";

export interface SheetRoleFormState {
  readonly values: SheetRoleFormValues;
  readonly check: FormCheck;
  readonly setRole: (sheet: string, role: SheetRole) => void;
  readonly setContra: (sheet: string, contra: string) => void;
  readonly setAsOfText: (text: string) => void;
}

/** Form state for one detection; the parent remounts the form (a new `key`) on a new detection. */
export function useSheetRoleForm(detection: Detection): SheetRoleFormState {
  const [values, setValues] = useState<SheetRoleFormValues>(() => initialFormValues(detection));

  const setRole = useCallback((sheet: string, role: SheetRole) => {
    setValues((current) => ({
      ...current,
      sheets: current.sheets.map((choice) =>
        choice.sheet === sheet ? { ...choice, role } : choice,
      ),
    }));
  }, []);

  const setContra = useCallback((sheet: string, contra: string) => {
    setValues((current) => ({
      ...current,
      sheets: current.sheets.map((choice) =>
        choice.sheet === sheet ? { ...choice, contra } : choice,
      ),
    }));
  }, []);

  const setAsOfText = useCallback((asOfText: string) => {
    setValues((current) => ({ ...current, asOfText }));
  }, []);

  const check = useMemo(() => checkForm(values), [values]);
  return { values, check, setRole, setContra, setAsOfText };
}
