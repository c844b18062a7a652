/** The workbook's file through getFileAsync, against a stand-in of Office's document and file. */
import { describe, expect, it } from "vitest";
import {
  readDocumentBytes,
  type AsyncResultLike,
  type DocumentLike,
  type OfficeFileLike,
  type SliceLike,
} from "../../src/excel/documentFile";

function standIn(bytes: number[], sliceSize: number, failSlice: number | null = null) {
  const calls = { closed: 0, fileType: "" };
  const slices: number[][] = [];
  for (let i = 0; i < bytes.length; i += sliceSize) slices.push(bytes.slice(i, i + sliceSize));
  const file: OfficeFileLike = {
    size: bytes.length,
    sliceCount: slices.length,
    getSliceAsync(index, callback) {
      const result: AsyncResultLike<SliceLike> =
        index === failSlice
          ? {
              status: "failed",
              value: undefined as never,
              error: { code: 5001, message: "Internal error" },
            }
          : {
              status: "succeeded",
              value: { data: slices[index]!, index, size: slices[index]!.length },
            };
      setTimeout(() => callback(result), 0);
    },
    closeAsync() {
      calls.closed += 1;
    },
  };
  const document: DocumentLike = {
    getFileAsync(fileType, _options, callback) {
      calls.fileType = fileType;
      setTimeout(() => callback({ status: "succeeded", value: file }), 0);
    },
  };
  return { document, calls };
}

describe("readDocumentBytes", () => {
  it("joins the slices in order and closes the file", async () => {
    const bytes = Array.from({ length: 10 }, (_, i) => i * 7);
    const { document, calls } = standIn(bytes, 4);
    expect([...(await readDocumentBytes(document, "compressed"))]).toEqual(bytes);
    expect(calls).toEqual({ closed: 1, fileType: "compressed" });
  });

  it("says which slice failed, and still closes the file", async () => {
    const { document, calls } = standIn([1, 2, 3, 4, 5], 2, 1);
    await expect(readDocumentBytes(document, "compressed")).rejects.toThrow(
      "Excel could not read part 2 of 3 of the workbook's file: Internal error (code 5001).",
    );
    expect(calls.closed).toBe(1);
  });

  it("reports a refused file", async () => {
    const document: DocumentLike = {
      getFileAsync: (_type, _options, callback) =>
        callback({ status: "failed", value: undefined as never, error: { message: "busy" } }),
    };
    await expect(readDocumentBytes(document, "compressed")).rejects.toThrow(
      "Excel could not hand over the workbook's file: busy.",
    );
  });
});
