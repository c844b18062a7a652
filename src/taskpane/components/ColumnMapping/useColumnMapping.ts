import { useCallback } from "react";
import type { PositionField } from "../../../domain/headers";
import { withColumn, type MappingChoice } from "./columnMappingModel";

export interface ColumnMappingHandlers {
  readonly setColumn: (field: PositionField, column: number | null) => void;
  readonly setNegateQuantities: (negate: boolean) => void;
  readonly setInThousands: (thousands: boolean) => void;
}

/** The mapping's edits, each producing the whole new choice for the form to keep. */
export function useColumnMapping(
  sheet: string,
  choice: MappingChoice,
  onChange: (sheet: string, choice: MappingChoice) => void,
): ColumnMappingHandlers {
  const setColumn = useCallback(
    (field: PositionField, column: number | null) =>
      onChange(sheet, withColumn(choice, field, column)),
    [sheet, choice, onChange],
  );
  const setNegateQuantities = useCallback(
    (negateQuantities: boolean) => onChange(sheet, { ...choice, negateQuantities }),
    [sheet, choice, onChange],
  );
  const setInThousands = useCallback(
    (thousands: boolean) =>
      onChange(sheet, { ...choice, quantityUnit: thousands ? "thousands" : "as_written" }),
    [sheet, choice, onChange],
  );
  return { setColumn, setNegateQuantities, setInThousands };
}
