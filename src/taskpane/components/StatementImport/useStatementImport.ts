import { useCallback, useState, type ChangeEvent } from "react";

export interface StatementImportState {
  readonly contra: string;
  readonly setContra: (contra: string) => void;
  readonly onFileChosen: (event: ChangeEvent<HTMLInputElement>) => void;
}

export function useStatementImport(
  onImport: (file: File, contra: string) => void,
): StatementImportState {
  const [contra, setContra] = useState("");
  const onFileChosen = useCallback(
    (event: ChangeEvent<HTMLInputElement>) => {
      const file = event.target.files?.[0];
      // Cleared so that picking the same file again (after fixing it) is still a change.
      event.target.value = "";
      if (file !== undefined) onImport(file, contra);
    },
    [onImport, contra],
  );
  return { contra, setContra, onFileChosen };
}
