/** Handing the updated workbook back to the user in plain-browser mode. */

const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Long enough for the browser to start reading the blob; revoking at once can cancel it. */
const OBJECT_URL_LIFETIME_MS = 60_000;

/** `month-end.xlsx` → `month-end.reconciled.xlsx`. */
export function reconciledFileName(fileName: string): string {
  const stem = fileName.replace(/\.xlsx$/i, "");
  return `${stem === "" ? "workbook" : stem}.reconciled.xlsx`;
}

export const JSON_MEDIA_TYPE = "application/json";

/** Offers `bytes` to the user as a file download named `fileName` (an .xlsx unless told). */
export function downloadBytes(
  bytes: Uint8Array,
  fileName: string,
  mediaType: string = XLSX_MEDIA_TYPE,
): void {
  // A copy backed by a plain ArrayBuffer: Blob does not take views of shared buffers.
  const blob = new Blob([new Uint8Array(bytes)], { type: mediaType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
}
