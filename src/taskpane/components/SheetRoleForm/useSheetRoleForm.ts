import { useCallback, useMemo, useState } from "react";
import type { Detection, SheetRole } from "../../../workbook/monthEnd";
import type { MappingChoice } from "../ColumnMapping/columnMappingModel";
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
  readonly setMapping: (sheet: string, mapping: MappingChoice) => void;
  readonly setAsOfText: (text: string) => void;
}

/**
 * Form state for one detection; the parent remounts the form (a new `key`) on a new detection.
 * The detection may still change under the same key when mappings are saved: the check then
 * compares the user's mappings with the saved ones.
 */
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

  const setMapping = useCallback((sheet: string, mapping: MappingChoice) => {
    setValues((current) => ({ ...current, mappings: { ...current.mappings, [sheet]: mapping } }));
  }, []);

  const setAsOfText = useCallback((asOfText: string) => {
    setValues((current) => ({ ...current, asOfText }));
  }, []);

  const check = useMemo(() => checkForm(values, detection), [values, detection]);
  return { values, check, setRole, setContra, setMapping, setAsOfText };
}
