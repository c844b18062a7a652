/**
 * Native charts through the .xlsx host, end to end: `stockrec close` writes the Close Summary with
 * its charts; every part and relationship of the saved file resolves; ExcelJS opens it again; a
 * later command that rewrites the workbook without touching the Close Summary keeps the charts,
 * and the next close replaces them instead of adding a second set.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { XMLParser } from "fast-xml-parser";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import type { Row, TableOutput } from "../../src/workbook/port";
import { addChartParts, resolveTarget } from "../../src/xlsx/chartParts";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";

const scratch = mkdtempSync(join(tmpdir(), "stockrec-charts-"));
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });
const RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

function table(sheetName: string, header: readonly string[], rows: readonly Row[]): TableOutput {
  return {
    sheetName,
    tableName: sheetName.replace(/\W/g, ""),
    columns: header.map((h) => ({
      header: h,
      format:
        h === "CUSIP"
          ? { kind: "text" }
          : h === "Opened On"
            ? { kind: "date" }
            : { kind: "general" },
      width: 14,
    })),
    rows,
  };
}

async function inputWorkbook(): Promise<string> {
  const workbook = XlsxWorkbook.createEmpty();
  await workbook.writeTable(
    table(
      "Stock Record",
      ["CUSIP", "Location", "Quantity", "Price"],
      [["037833100", "DTC", 1000, 150]],
    ),
  );
  await workbook.writeTable(table("DTC", ["CUSIP", "Quantity"], [["037833100", 900]]));
  await workbook.writeTable(
    table(
      "Suspense Items",
      ["Item ID", "GL Account", "Type", "Opened On", "Amount", "Owner"],
      [
        ["S-1", "2900", "DK", "2026-10-27", 100, "Ann"],
        ["S-2", "2900", "Returned delivery", "2026-09-15", -1250, "Ann"],
      ],
    ),
  );
  const path = join(scratch, "input.xlsx");
  writeFileSync(path, await workbook.toBuffer());
  return path;
}

async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const code = await main(args, { out: () => undefined, err: (text) => (stderr += text) });
  return { code, stderr };
}

async function close(input: string, out: string): Promise<void> {
  const run = await cli(
    "close",
    input,
    "--as-of",
    "2026-10-30",
    "--today",
    "2026-11-12",
    "--out",
    out,
    "--json",
  );
  expect(run.stderr).toBe("");
}

/** Every relationship of every part names a part in the zip, and every part has a content type. */
async function checkPackage(zip: JSZip): Promise<void> {
  const types = parser.parse(await zip.file("[Content_Types].xml")!.async("string"))["Types"];
  const overrideList = [types["Override"]].flat() as {
    "@PartName": string;
    "@ContentType": string;
  }[];
  const overrides = new Set(overrideList.map((o) => o["@PartName"].slice(1)));
  const typeOf = new Map(overrideList.map((o) => [o["@PartName"].slice(1), o["@ContentType"]]));
  // Charts and drawings need their own content types: the xml Default would not make them charts.
  for (const path of Object.keys(zip.files)) {
    if (/^xl\/charts\/chart\d+\.xml$/.test(path))
      expect(`${path}: ${typeOf.get(path)}`).toBe(
        `${path}: application/vnd.openxmlformats-officedocument.drawingml.chart+xml`,
      );
    if (/^xl\/drawings\/drawing\d+\.xml$/.test(path))
      expect(`${path}: ${typeOf.get(path)}`).toBe(
        `${path}: application/vnd.openxmlformats-officedocument.drawing+xml`,
      );
  }
  const defaults = new Set(
    [types["Default"]].flat().map((d: { "@Extension": string }) => d["@Extension"]),
  );
  for (const path of Object.keys(zip.files).filter((p) => !zip.files[p]!.dir)) {
    const extension = path.slice(path.lastIndexOf(".") + 1);
    expect(`${path}: ${overrides.has(path) || defaults.has(extension)}`).toBe(`${path}: true`);
    if (!path.endsWith(".rels")) continue;
    const source = path.replace(/_rels\/([^/]*)\.rels$/, "$1");
    const rels = parser.parse(await zip.file(path)!.async("string"))["Relationships"];
    const ids = new Set<string>();
    for (const r of [rels["Relationship"] ?? []].flat()) {
      if (r["@TargetMode"] === "External") continue;
      const target = resolveTarget(source === path ? "" : source, r["@Target"]);
      expect(`${path} ${r["@Id"]} → ${target}: ${zip.file(target) !== null}`).toBe(
        `${path} ${r["@Id"]} → ${target}: true`,
      );
      ids.add(r["@Id"]);
    }
    // Every r:id the part itself uses is one of its relationships.
    const part = zip.file(source);
    if (part === null || source.endsWith(".rels")) continue;
    for (const m of (await part.async("string")).matchAll(/\sr:id="([^"]+)"/g)) {
      expect(`${source} uses ${m[1]}: ${ids.has(m[1]!)}`).toBe(`${source} uses ${m[1]}: true`);
    }
  }
}

/** The charts of one sheet: chart part paths in drawing order, and their XML. */
async function chartsOf(zip: JSZip, sheetName: string): Promise<string[]> {
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const tag = [...workbook.matchAll(/<sheet [^>]*>/g)].find((m) =>
    m[0].includes(`name="${sheetName}"`),
  );
  const id = /r:id="([^"]+)"/.exec(tag![0])![1]!;
  const workbookRels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const sheetTarget = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(workbookRels)![1]!;
  const sheetPath = resolveTarget("xl/workbook.xml", sheetTarget);
  const sheetRels = zip.file(sheetPath.replace(/([^/]*)$/, "_rels/$1.rels"));
  const drawingTarget = /Type="[^"]*\/drawing" Target="([^"]+)"/.exec(
    (await sheetRels?.async("string")) ?? "",
  )?.[1];
  if (drawingTarget === undefined) return [];
  const drawingPath = resolveTarget(sheetPath, drawingTarget);
  const drawing = await zip.file(drawingPath)!.async("string");
  const drawingRels = await zip
    .file(drawingPath.replace(/([^/]*)$/, "_rels/$1.rels"))!
    .async("string");
  return [...drawing.matchAll(/<c:chart [^>]*r:id="([^"]+)"/g)].map((m) => {
    const target = new RegExp(`Id="${m[1]}"[^>]*Target="([^"]+)"`).exec(drawingRels)![1]!;
    return resolveTarget(drawingPath, target);
  });
}

describe("Close Summary charts in an .xlsx file", () => {
  it("writes one chart part per spec, referring to the summary's cells, with their values cached", async () => {
    const out = join(scratch, "closed.xlsx");
    await close(await inputWorkbook(), out);
    const bytes = readFileSync(out);
    const zip = await JSZip.loadAsync(bytes);
    await checkPackage(zip);
    const charts = await chartsOf(zip, "Close Summary");
    expect(charts).toHaveLength(5); // breaks by status; layers, deduction; suspense count, amount
    const summary = (await XlsxWorkbook.fromBuffer(bytes)).readSheet("Close Summary");
    const rows = (await summary).rows;
    for (const path of charts) {
      const xml = await zip.file(path)!.async("string");
      const refs = [...xml.matchAll(/<c:f>([^<]+)<\/c:f>/g)].map((m) => m[1]!);
      expect(refs.every((f) => f.startsWith("&apos;Close Summary&apos;!$"))).toBe(true);
      // The cached numbers are the numbers in the cells the value reference names.
      const valueRef = /<c:val><c:numRef><c:f>[^!]+!\$([A-Z])\$(\d+):\$[A-Z]\$(\d+)<\/c:f>/.exec(
        xml,
      )!;
      const column = valueRef[1]!.charCodeAt(0) - 65;
      const cells = rows.slice(Number(valueRef[2]) - 1, Number(valueRef[3])).map((r) => r[column]);
      const cached = [...xml.matchAll(/<c:numCache>.*<\/c:numCache>/g)][0]![0];
      expect([...cached.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => Number(m[1]))).toEqual(cells);
    }
    const suspenseChart = await zip.file(charts[3]!)!.async("string");
    expect(suspenseChart).toContain("<a:t>Suspense items by age (calendar days)</a:t>");
    // ExcelJS (and so every later stockrec command) opens the file.
    const reopened = new ExcelJS.Workbook();
    await reopened.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(reopened.getWorksheet("Close Summary")?.getCell("A1").value).toBe("Section");
  });

  it("keeps the charts when another command rewrites the workbook, and replaces them on the next close", async () => {
    const closed = join(scratch, "closed-again.xlsx");
    await close(await inputWorkbook(), closed);
    const aged = join(scratch, "aged.xlsx");
    const suspense = await cli("suspense", closed, "--as-of", "2026-10-30", "--out", aged);
    expect(suspense.stderr).toBe("");
    const afterSuspense = await JSZip.loadAsync(readFileSync(aged));
    await checkPackage(afterSuspense);
    const kept = await chartsOf(afterSuspense, "Close Summary");
    expect(kept).toHaveLength(5);
    const before = await JSZip.loadAsync(readFileSync(closed));
    const original = await chartsOf(before, "Close Summary");
    for (const [i, path] of kept.entries()) {
      expect(await afterSuspense.file(path)!.async("string")).toBe(
        await before.file(original[i]!)!.async("string"),
      );
    }
    const reclosed = join(scratch, "reclosed.xlsx");
    await close(aged, reclosed);
    const again = await JSZip.loadAsync(readFileSync(reclosed));
    await checkPackage(again);
    expect(await chartsOf(again, "Close Summary")).toHaveLength(5);
    expect(
      Object.keys(again.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p)),
    ).toHaveLength(5);
  });

  it("drops the charts with the sheet when the sheet is rewritten without them", async () => {
    const workbook = await XlsxWorkbook.fromBuffer(readFileSync(join(scratch, "closed.xlsx")));
    await workbook.writeTable(table("Close Summary", ["Section"], [["replaced"]]));
    const zip = await JSZip.loadAsync(await workbook.toBuffer());
    expect(await chartsOf(zip, "Close Summary")).toEqual([]);
    expect(Object.keys(zip.files).some((p) => p.startsWith("xl/charts/"))).toBe(false);
  });

  it("adds kept charts to the drawing ExcelJS writes for a sheet's pictures", async () => {
    // A sheet with a picture (ExcelJS writes its drawing) and a chart on it.
    const excel = new ExcelJS.Workbook();
    const sheet = excel.addWorksheet("Dashboard");
    sheet.getCell("A1").value = "Label";
    sheet.getCell("A2").value = "a";
    sheet.getCell("B1").value = "Count";
    sheet.getCell("B2").value = 4;
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
      "base64",
    );
    const image = excel.addImage({ buffer: png, extension: "png" } as unknown as Parameters<
      typeof excel.addImage
    >[0]);
    sheet.addImage(image, { tl: { col: 4, row: 0 }, ext: { width: 20, height: 20 } });
    const plain = new Uint8Array((await excel.xlsx.writeBuffer()) as ArrayBuffer);
    const withChart = await addChartParts(plain, [
      {
        sheetName: "Dashboard",
        kept: null,
        rendered: [
          {
            sheetName: "Dashboard",
            categories: ["a"],
            series: [{ name: "Count", values: [4] }],
            spec: {
              name: "Counts",
              kind: "barClustered",
              title: "Counts",
              rows: { first: 2, last: 2 },
              categoryColumn: 1,
              valueColumns: { first: 2, last: 2 },
              anchor: { row: 4, column: 4, rowSpan: 10, columnSpan: 6 },
            },
          },
        ],
      },
    ]);
    const first = await JSZip.loadAsync(withChart);
    await checkPackage(first);
    const drawings = Object.keys(first.files).filter((p) =>
      /^xl\/drawings\/drawing\d+\.xml$/.test(p),
    );
    expect(drawings).toHaveLength(1); // the chart joined the picture's drawing
    // Open and save through the port: ExcelJS keeps the picture, the port puts the chart back.
    const port = await XlsxWorkbook.fromBuffer(withChart);
    await port.writeTable(table("Other", ["A"], [["x"]]));
    const resaved = await JSZip.loadAsync(await port.toBuffer());
    await checkPackage(resaved);
    expect(await chartsOf(resaved, "Dashboard")).toHaveLength(1);
    const drawing = Object.keys(resaved.files).filter((p) =>
      /^xl\/drawings\/drawing\d+\.xml$/.test(p),
    );
    expect(drawing).toHaveLength(1);
    const xml = await resaved.file(drawing[0]!)!.async("string");
    expect(xml).toContain("<xdr:pic>");
    expect(xml).toContain(`xmlns:r="${RELATIONSHIPS}"`);
    const reopened = new ExcelJS.Workbook();
    await reopened.xlsx.load(
      (await resaved.generateAsync({ type: "uint8array" })) as unknown as ArrayBuffer,
    );
    expect(reopened.getWorksheet("Dashboard")?.getImages()).toHaveLength(1);
  });

  const soffice = (() => {
    try {
      return execFileSync("which", ["soffice"], { encoding: "utf8" }).trim();
    } catch {
      return "";
    }
  })();
  it.skipIf(soffice === "")("converts to PDF in LibreOffice (when installed)", () => {
    const out = join(scratch, "pdf");
    execFileSync(
      soffice,
      ["--headless", "--convert-to", "pdf", "--outdir", out, join(scratch, "closed.xlsx")],
      {
        timeout: 120_000,
      },
    );
    expect(existsSync(join(out, "closed.pdf"))).toBe(true);
  });
});
