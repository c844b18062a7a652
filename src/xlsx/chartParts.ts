/**
 * Native charts in an .xlsx file, added to the zip ExcelJS wrote (ExcelJS neither writes charts
 * nor keeps the ones a file had). Two jobs:
 *
 * - `addChartParts` adds charts to sheets: a `xl/charts/chartN.xml` per chart, the sheet's
 *   drawing (a new `xl/drawings/drawingN.xml`, or the one ExcelJS wrote for the sheet's images),
 *   the relationships between them and the `[Content_Types].xml` overrides.
 * - `readChartParts` takes, from a file as it was opened, every classic chart anchored on a sheet
 *   together with the parts it depends on (style, colours, …), so that the charts of sheets StockRec
 *   does not rewrite can be put back when the workbook is saved again.
 *
 * Only the small, well-known parts are parsed (relationships, workbook, content types, drawings);
 * a worksheet part is only searched for the place its `<drawing>` element goes.
 */
import JSZip from "jszip";
import { WorkbookPortError } from "../workbook/port";
import {
  CHART_CONTENT_TYPE,
  CHART_RELATIONSHIP,
  DRAWING_CONTENT_TYPE,
  DRAWING_RELATIONSHIP,
  NS,
  chartAnchorXml,
  chartSpaceXml,
  drawingXml,
  escapeXml,
  relationshipsXml,
  type Relationship,
  type RenderedChart,
} from "./chartXml";

const CONTENT_TYPES_PART = "[Content_Types].xml";
const WORKBOOK_RELATIONSHIP = `${NS.relationships}/officeDocument`;
const WORKSHEET_RELATIONSHIP = `${NS.relationships}/worksheet`;

/** A chart of a sheet as it was in an opened file, with every part it needs. */
export interface KeptChart {
  /** The anchor element, namespaces declared on it; `relationshipId` is the id it refers to. */
  readonly anchorXml: string;
  readonly relationshipId: string;
  /** Zip path of the chart part. */
  readonly chartPath: string;
}

export interface KeptPart {
  readonly bytes: Uint8Array;
  readonly contentType: string | null;
  /** Its relationships, targets as zip paths (external ones as given). */
  readonly relationships: readonly Relationship[];
}

export interface KeptSheetCharts {
  readonly sheetName: string;
  readonly charts: readonly KeptChart[];
  /** Chart parts and everything they refer to, by zip path. */
  readonly parts: ReadonlyMap<string, KeptPart>;
}

export interface SheetChartsToWrite {
  readonly sheetName: string;
  readonly rendered: readonly RenderedChart[];
  readonly kept: KeptSheetCharts | null;
}

// ---------------------------------------------------------------------------------------------
// Paths and small XML helpers

function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash + 1);
}

function relsPathOf(part: string): string {
  return `${folderOf(part)}_rels/${part.slice(folderOf(part).length)}.rels`;
}

/** The zip path an OPC target names from `part` ("../charts/chart1.xml" → "xl/charts/chart1.xml"). */
export function resolveTarget(part: string, target: string): string {
  const joined = target.startsWith("/") ? target.slice(1) : folderOf(part) + target;
  const segments: string[] = [];
  for (const segment of joined.split("/")) {
    if (segment === "..") segments.pop();
    else if (segment !== "." && segment !== "") segments.push(segment);
  }
  return segments.join("/");
}

/** The relative target from `part` to the zip path `path`. */
export function relativeTarget(part: string, path: string): string {
  const from = folderOf(part).split("/").filter(Boolean);
  const to = path.split("/");
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => ".."), ...to.slice(common)].join("/");
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith("#x")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[entity] ?? "";
  });
}

/** Attributes of one start tag, by qualified name, decoded. */
function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes.set(match[1]!, decodeXml(match[2] ?? match[3] ?? ""));
  }
  return attributes;
}

/** Start tags (or empty elements) whose local name is `localName`, any prefix. */
function startTags(xml: string, localName: string): string[] {
  return [...xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${localName}(?=[\\s/>])[^>]*>`, "g"))].map(
    (m) => m[0],
  );
}

async function text(zip: JSZip, path: string): Promise<string | null> {
  const file = zip.file(path);
  return file === null ? null : file.async("string");
}

async function relationshipsOf(zip: JSZip, part: string): Promise<Relationship[]> {
  const xml = await text(zip, relsPathOf(part));
  if (xml === null) return [];
  return startTags(xml, "Relationship").map((tag) => {
    const a = attributesOf(tag);
    const external = a.get("TargetMode") === "External";
    const target = a.get("Target") ?? "";
    return {
      id: a.get("Id") ?? "",
      type: a.get("Type") ?? "",
      target: external ? target : resolveTarget(part, target),
      ...(external ? { external: true } : {}),
    };
  });
}

/** Relationships with zip-path targets, written relative to `part` again. */
function relsXmlFor(part: string, relationships: readonly Relationship[]): string {
  return relationshipsXml(
    relationships.map((r) =>
      r.external === true ? r : { ...r, target: relativeTarget(part, r.target) },
    ),
  );
}

function freshId(taken: Set<string>): string {
  for (let n = taken.size + 1; ; n++) {
    const id = `rId${n}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** Sheet name (lower case) → worksheet part, from the workbook part and its relationships. */
async function worksheetParts(zip: JSZip): Promise<Map<string, { name: string; path: string }>> {
  const root = (await relationshipsOf(zip, "")).find((r) => r.type === WORKBOOK_RELATIONSHIP);
  const workbookPath = root?.target ?? "xl/workbook.xml";
  const workbook = (await text(zip, workbookPath)) ?? "";
  const targets = new Map(
    (await relationshipsOf(zip, workbookPath))
      .filter((r) => r.type === WORKSHEET_RELATIONSHIP)
      .map((r) => [r.id, r.target]),
  );
  const sheets = new Map<string, { name: string; path: string }>();
  for (const tag of startTags(workbook, "sheet")) {
    const a = attributesOf(tag);
    const id = [...a].find(([key]) => key.endsWith(":id"))?.[1];
    const name = a.get("name");
    const path = id === undefined ? undefined : targets.get(id);
    if (name !== undefined && path !== undefined) sheets.set(name.toLowerCase(), { name, path });
  }
  return sheets;
}

interface ContentTypes {
  readonly defaults: Map<string, string>;
  readonly overrides: Map<string, string>;
}

async function contentTypesOf(zip: JSZip): Promise<ContentTypes> {
  const xml = (await text(zip, CONTENT_TYPES_PART)) ?? "";
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  for (const tag of startTags(xml, "Default")) {
    const a = attributesOf(tag);
    defaults.set((a.get("Extension") ?? "").toLowerCase(), a.get("ContentType") ?? "");
  }
  for (const tag of startTags(xml, "Override")) {
    const a = attributesOf(tag);
    overrides.set(resolveTarget("", a.get("PartName") ?? ""), a.get("ContentType") ?? "");
  }
  return { defaults, overrides };
}

function contentTypeOf(types: ContentTypes, path: string): string | null {
  const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return types.overrides.get(path) ?? types.defaults.get(extension) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Reading the charts of an opened file

const ANCHOR = /<((?:[\w.-]+:)?)(twoCellAnchor|oneCellAnchor|absoluteAnchor)\b[\s\S]*?<\/\1\2>/g;

/**
 * Every classic chart (`c:chart` in a graphic frame) anchored on a sheet of the file, by sheet
 * name in lower case. Pictures and shapes are left to ExcelJS (which keeps pictures and drops
 * shapes); charts inside `mc:AlternateContent` (the newer chart types) are not kept.
 */
export async function readChartParts(bytes: Uint8Array): Promise<Map<string, KeptSheetCharts>> {
  const zip = await JSZip.loadAsync(bytes);
  const kept = new Map<string, KeptSheetCharts>();
  const types = await contentTypesOf(zip);
  for (const [key, sheet] of await worksheetParts(zip)) {
    const drawingPath = (await relationshipsOf(zip, sheet.path)).find(
      (r) => r.type === DRAWING_RELATIONSHIP && r.external !== true,
    )?.target;
    const drawing = drawingPath === undefined ? null : await text(zip, drawingPath);
    if (drawingPath === undefined || drawing === null) continue;
    const rels = new Map((await relationshipsOf(zip, drawingPath)).map((r) => [r.id, r] as const));
    const declarations = namespaceDeclarations(drawing);
    const charts: KeptChart[] = [];
    const parts = new Map<string, KeptPart>();
    for (const match of drawing.matchAll(ANCHOR)) {
      const anchor = match[0];
      if (!anchor.includes(`"${NS.chart}"`)) continue;
      const chartTag = startTags(anchor, "chart")[0];
      const id = chartTag === undefined ? undefined : relationshipIdIn(chartTag);
      const rel = id === undefined ? undefined : rels.get(id);
      if (id === undefined || rel === undefined || rel.type !== CHART_RELATIONSHIP) continue;
      if (!(await keepPart(zip, types, rel.target, parts))) continue;
      charts.push({
        anchorXml: withDeclarations(anchor, match[1]!.length + match[2]!.length + 1, declarations),
        relationshipId: id,
        chartPath: rel.target,
      });
    }
    if (charts.length > 0) kept.set(key, { sheetName: sheet.name, charts, parts });
  }
  return kept;
}

function relationshipIdIn(tag: string): string | undefined {
  return [...attributesOf(tag)].find(([name]) => /^[\w.-]+:id$/.test(name))?.[1];
}

/** The xmlns declarations of the drawing's root element, as attribute text. */
function namespaceDeclarations(drawing: string): string[] {
  const root = startTags(drawing, "wsDr")[0] ?? "";
  return [...root.matchAll(/\sxmlns(?::[\w.-]+)?\s*=\s*(?:"[^"]*"|'[^']*')/g)].map((m) => m[0]);
}

/** The anchor with the root's namespace declarations it does not make itself, so it can move. */
function withDeclarations(anchor: string, nameEnd: number, declarations: string[]): string {
  const startTag = anchor.slice(0, anchor.indexOf(">"));
  const declared = (d: string) => d.trim().split(/\s*=/)[0]!;
  const missing = declarations.filter(
    (d) => !new RegExp(`\\s${declared(d).replace(".", "\\.")}\\s*=`).test(startTag),
  );
  return anchor.slice(0, nameEnd) + missing.join("") + anchor.slice(nameEnd);
}

/** Copies `path` and what it refers to into `parts`; false when a part is missing. */
async function keepPart(
  zip: JSZip,
  types: ContentTypes,
  path: string,
  parts: Map<string, KeptPart>,
): Promise<boolean> {
  if (parts.has(path)) return true;
  const file = zip.file(path);
  if (file === null) return false;
  const relationships = await relationshipsOf(zip, path);
  parts.set(path, {
    bytes: await file.async("uint8array"),
    contentType: contentTypeOf(types, path),
    relationships,
  });
  for (const r of relationships) {
    if (r.external !== true && !(await keepPart(zip, types, r.target, parts))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Zip paths taken so far, to name new parts without overwriting any. */
class PartNames {
  private readonly taken: Set<string>;

  constructor(zip: JSZip) {
    this.taken = new Set(Object.keys(zip.files));
  }

  /** `xl/charts/chart3.xml` for folder "xl/charts/", stem "chart", extension ".xml". */
  next(folder: string, stem: string, extension: string): string {
    for (let n = 1; ; n++) {
      const path = `${folder}${stem}${n}${extension}`;
      if (!this.taken.has(path)) {
        this.taken.add(path);
        return path;
      }
    }
  }

  /** Like `path` itself when free, else the next free name in its folder. */
  like(path: string): string {
    const name = path.slice(folderOf(path).length);
    const dot = name.lastIndexOf(".");
    const base = dot < 0 ? name : name.slice(0, dot);
    const stem = base.replace(/\d+$/, "");
    return this.next(folderOf(path), stem, dot < 0 ? "" : name.slice(dot));
  }
}

/** Adds the charts to the workbook ExcelJS wrote; returns the new file. */
export async function addChartParts(
  bytes: Uint8Array,
  sheets: readonly SheetChartsToWrite[],
): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const names = new PartNames(zip);
  const parts = await worksheetParts(zip);
  const overrides = new Map<string, string>();
  for (const sheet of sheets) {
    const target = parts.get(sheet.sheetName.toLowerCase());
    if (target === undefined) {
      throw new WorkbookPortError(
        `Cannot draw the charts of sheet "${sheet.sheetName}": the saved workbook has no such sheet.`,
        "chart_sheet_missing",
      );
    }
    const anchors: PendingAnchor[] = [];
    for (const chart of sheet.rendered) {
      const path = names.next("xl/charts/", "chart", ".xml");
      zip.file(path, chartSpaceXml(chart));
      overrides.set(path, CHART_CONTENT_TYPE);
      anchors.push({ chartPath: path, xml: (id, shape) => chartAnchorXml(chart.spec, id, shape) });
    }
    if (sheet.kept !== null) anchors.push(...copyKept(zip, names, sheet.kept, overrides));
    if (anchors.length > 0) await addToDrawing(zip, names, target.path, anchors, overrides);
  }
  await addOverrides(zip, overrides);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

interface PendingAnchor {
  readonly chartPath: string;
  /** The anchor XML referring to the chart by `relationshipId`, with shape id `shapeId`. */
  xml(relationshipId: string, shapeId: number): string;
}

/** Copies a kept sheet's chart parts under free names; returns their anchors. */
function copyKept(
  zip: JSZip,
  names: PartNames,
  kept: KeptSheetCharts,
  overrides: Map<string, string>,
): PendingAnchor[] {
  const renamed = new Map([...kept.parts.keys()].map((path) => [path, names.like(path)]));
  for (const [path, part] of kept.parts) {
    const to = renamed.get(path)!;
    zip.file(to, part.bytes);
    if (part.contentType !== null) overrides.set(to, part.contentType);
    if (part.relationships.length > 0) {
      const moved = part.relationships.map((r) =>
        r.external === true ? r : { ...r, target: renamed.get(r.target) ?? r.target },
      );
      zip.file(relsPathOf(to), relsXmlFor(to, moved));
    }
  }
  return kept.charts.map((chart) => ({
    chartPath: renamed.get(chart.chartPath)!,
    xml: (id, shapeId) => renumberAnchor(chart, id, shapeId),
  }));
}

/** The kept anchor pointing at its new relationship id, with a shape id free in its drawing. */
function renumberAnchor(chart: KeptChart, relationshipId: string, shapeId: number): string {
  const escapedOld = escapeXml(chart.relationshipId).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return chart.anchorXml
    .replace(
      new RegExp(`(:id\\s*=\\s*["'])${escapedOld}(["'])`),
      `$1${escapeXml(relationshipId)}$2`,
    )
    .replace(/(<(?:[\w.-]+:)?cNvPr\b[^>]*?\sid\s*=\s*["'])\d+(["'])/, `$1${shapeId}$2`);
}

/** Puts the anchors on the sheet's drawing, creating the drawing when the sheet has none. */
async function addToDrawing(
  zip: JSZip,
  names: PartNames,
  sheetPath: string,
  anchors: readonly PendingAnchor[],
  overrides: Map<string, string>,
): Promise<void> {
  const sheetRels = await relationshipsOf(zip, sheetPath);
  const existing = sheetRels.find((r) => r.type === DRAWING_RELATIONSHIP && r.external !== true);
  const drawingPath = existing?.target ?? names.next("xl/drawings/", "drawing", ".xml");
  let drawing = existing === undefined ? drawingXml([]) : await text(zip, drawingPath);
  if (drawing === null) {
    throw new WorkbookPortError(
      `Cannot draw charts on the sheet saved as ${sheetPath}: its drawing ${drawingPath} is missing.`,
      "chart_drawing_missing",
    );
  }
  const drawingRels = await relationshipsOf(zip, drawingPath);
  const ids = new Set(drawingRels.map((r) => r.id));
  let shapeId = Math.max(
    1,
    ...[...drawing.matchAll(/<(?:[\w.-]+:)?cNvPr\b[^>]*?\sid\s*=\s*["'](\d+)["']/g)].map((m) =>
      Number(m[1]),
    ),
  );
  const xml = anchors.map((anchor) => {
    const id = freshId(ids);
    drawingRels.push({ id, type: CHART_RELATIONSHIP, target: anchor.chartPath });
    return anchor.xml(id, ++shapeId);
  });
  const close = /<\/(?:[\w.-]+:)?wsDr>\s*$/.exec(drawing);
  if (close === null) {
    throw new WorkbookPortError(
      `Cannot draw charts in ${drawingPath}: it is not a spreadsheet drawing.`,
      "chart_drawing_unreadable",
    );
  }
  drawing = drawing.slice(0, close.index) + xml.join("") + drawing.slice(close.index);
  zip.file(drawingPath, drawing);
  zip.file(relsPathOf(drawingPath), relsXmlFor(drawingPath, drawingRels));
  overrides.set(drawingPath, DRAWING_CONTENT_TYPE);
  if (existing === undefined) {
    const id = freshId(new Set(sheetRels.map((r) => r.id)));
    sheetRels.push({ id, type: DRAWING_RELATIONSHIP, target: drawingPath });
    zip.file(relsPathOf(sheetPath), relsXmlFor(sheetPath, sheetRels));
    zip.file(sheetPath, withDrawingElement((await text(zip, sheetPath)) ?? "", id, sheetPath));
  }
}

/** CT_Worksheet's children that come after `drawing`, in schema order (ECMA-376 §18.3.1.99). */
const AFTER_DRAWING = [
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];

/** The worksheet XML with `<drawing r:id>` where the schema puts it. */
export function withDrawingElement(sheet: string, relationshipId: string, where: string): string {
  // After the cell data (which may be large, and whose text never holds a raw "<").
  const dataEnd = sheet.search(/<\/sheetData>|<sheetData\s*\/>/);
  const searchFrom = dataEnd < 0 ? 0 : dataEnd;
  const tail = sheet.slice(searchFrom);
  const after = new RegExp(`<(?:${AFTER_DRAWING.join("|")})[\\s/>]|</worksheet>`).exec(tail);
  if (dataEnd < 0 || after === null || /<drawing[\s/>]/.test(tail)) {
    throw new WorkbookPortError(
      `Cannot draw charts on the sheet saved as ${where}: its XML is not laid out as expected.`,
      "chart_sheet_unreadable",
    );
  }
  const root = startTags(sheet, "worksheet")[0] ?? "";
  const prefixed = attributesOf(root).get("xmlns:r") === NS.relationships;
  const element = prefixed
    ? `<drawing r:id="${escapeXml(relationshipId)}"/>`
    : `<drawing xmlns:r="${NS.relationships}" r:id="${escapeXml(relationshipId)}"/>`;
  const at = searchFrom + after.index;
  return sheet.slice(0, at) + element + sheet.slice(at);
}

async function addOverrides(zip: JSZip, overrides: ReadonlyMap<string, string>): Promise<void> {
  let xml = (await text(zip, CONTENT_TYPES_PART)) ?? "";
  const present = new Set(
    startTags(xml, "Override").map((tag) =>
      resolveTarget("", attributesOf(tag).get("PartName") ?? ""),
    ),
  );
  const added = [...overrides]
    .filter(([path]) => !present.has(path))
    .map(
      ([path, type]) =>
        `<Override PartName="/${escapeXml(path)}" ContentType="${escapeXml(type)}"/>`,
    );
  const close = xml.lastIndexOf("</Types>");
  if (close < 0) {
    throw new WorkbookPortError(
      "Cannot draw charts: the saved workbook has no readable [Content_Types].xml.",
      "chart_content_types_unreadable",
    );
  }
  xml = xml.slice(0, close) + added.join("") + xml.slice(close);
  zip.file(CONTENT_TYPES_PART, xml);
}
