/**
 * The open workbook's bytes, as an .xlsx file, through the Common API's
 * `Office.context.document.getFileAsync(Office.FileType.Compressed)`: Excel hands the file over in
 * slices (at most 4 MB each), which are read one after another and joined. The file is closed
 * whatever happens: Office allows only a couple of open files per document.
 *
 * The document is a parameter (the slice of the API described below), so tests drive it with a
 * stand-in and only the pane's entry touches the real `Office`.
 */

/** `Office.FileType.Compressed` at run time: the whole document as a zip (.xlsx for Excel). */
export const COMPRESSED_FILE_TYPE = "compressed";

/** 4 MB: the largest slice Office hands over (and its default). */
export const SLICE_SIZE_BYTES = 4_194_304;

export interface AsyncResultLike<T> {
  /** "succeeded" or "failed" at run time (Office.AsyncResultStatus, typed as an enum). */
  readonly status: unknown;
  readonly value: T;
  readonly error?: { readonly code?: number | string; readonly message?: string } | null;
}

export interface SliceLike {
  /** The slice's bytes as numbers 0–255 (Office hands them over as an array). */
  readonly data: ArrayLike<number> | ArrayBuffer;
  readonly index: number;
  readonly size: number;
}

export interface OfficeFileLike {
  readonly size: number;
  readonly sliceCount: number;
  getSliceAsync(index: number, callback: (result: AsyncResultLike<SliceLike>) => void): void;
  closeAsync(callback?: (result: AsyncResultLike<void>) => void): void;
}

export interface DocumentLike<FileType = string> {
  getFileAsync(
    fileType: FileType,
    options: { readonly sliceSize: number },
    callback: (result: AsyncResultLike<OfficeFileLike>) => void,
  ): void;
}

export class DocumentFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocumentFileError";
  }
}

function failure(what: string, result: AsyncResultLike<unknown>): DocumentFileError {
  const detail = result.error?.message ?? "no reason given";
  const code = result.error?.code === undefined ? "" : ` (code ${result.error.code})`;
  return new DocumentFileError(`Excel could not ${what}: ${detail}${code}.`);
}

function getFile<FileType>(
  document: DocumentLike<FileType>,
  fileType: FileType,
): Promise<OfficeFileLike> {
  return new Promise((resolve, reject) => {
    document.getFileAsync(fileType, { sliceSize: SLICE_SIZE_BYTES }, (result) => {
      if (result.status === "succeeded") resolve(result.value);
      else reject(failure("hand over the workbook's file", result));
    });
  });
}

function getSlice(file: OfficeFileLike, index: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    file.getSliceAsync(index, (result) => {
      if (result.status !== "succeeded") {
        reject(
          failure(`read part ${index + 1} of ${file.sliceCount} of the workbook's file`, result),
        );
        return;
      }
      const data = result.value.data;
      resolve(data instanceof ArrayBuffer ? new Uint8Array(data) : Uint8Array.from(data));
    });
  });
}

/**
 * The workbook's bytes as Excel saves it now (an .xlsx file). `compressed` is
 * `Office.FileType.Compressed`, passed by the caller so that this file needs no Office global.
 */
export async function readDocumentBytes<FileType>(
  document: DocumentLike<FileType>,
  compressed: FileType,
): Promise<Uint8Array> {
  const file = await getFile(document, compressed);
  try {
    const slices: Uint8Array[] = [];
    for (let index = 0; index < file.sliceCount; index += 1) {
      slices.push(await getSlice(file, index));
    }
    const length = slices.reduce((total, slice) => total + slice.length, 0);
    if (length !== file.size) {
      throw new DocumentFileError(
        `Excel handed over ${length} bytes of a ${file.size}-byte file; try again.`,
      );
    }
    const bytes = new Uint8Array(length);
    let offset = 0;
    for (const slice of slices) {
      bytes.set(slice, offset);
      offset += slice.length;
    }
    return bytes;
  } finally {
    file.closeAsync();
  }
}
