/**
 * The OOXML (ECMA-376 Part 1, DrawingML) text of the native charts StockRec draws in an .xlsx:
 * one `c:chartSpace` part per chart and the `xdr:twoCellAnchor` that places it on a sheet's
 * drawing. ExcelJS cannot write charts, so src/xlsx/chartParts.ts adds these parts to the zip
 * ExcelJS produced. Pure text in, text out; every string from the workbook is XML-escaped.
 *
 * Each series keeps a cache of its labels and numbers (`c:strCache`, `c:numCache`): Excel
 * recalculates charts from the cell references, but viewers that do not (previews, some converters)
 * draw the cache.
 */
import { columnLetter, type ChartSpec } from "../workbook/port";

export const CHART_CONTENT_TYPE =
  "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
export const DRAWING_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml";
export const RELS_CONTENT_TYPE = "application/vnd.openxmlformats-package.relationships+xml";

const RELATIONSHIP_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
export const CHART_RELATIONSHIP = `${RELATIONSHIP_TYPES}/chart`;
export const DRAWING_RELATIONSHIP = `${RELATIONSHIP_TYPES}/drawing`;

export const NS = {
  chart: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  main: "http://schemas.openxmlformats.org/drawingml/2006/main",
  spreadsheetDrawing: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  relationships: RELATIONSHIP_TYPES,
  packageRelationships: "http://schemas.openxmlformats.org/package/2006/relationships",
} as const;

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A chart with the values it plots, read from the table when it was written. */
export interface RenderedChart {
  readonly spec: ChartSpec;
  readonly sheetName: string;
  /** One label per row of `spec.rows`. */
  readonly categories: readonly string[];
  /** One per value column: its header and one finite number per row. */
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[];
}

/** XML character data and attribute values. Characters XML 1.0 cannot hold are dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** `'Close Summary'!$B$12:$B$17`: always quoted, apostrophes doubled, as Excel writes formulas. */
export function absoluteReference(
  sheetName: string,
  column: number,
  firstRow: number,
  lastRow: number,
): string {
  const letter = columnLetter(column);
  const range =
    firstRow === lastRow
      ? `$${letter}$${firstRow}`
      : `$${letter}$${firstRow}:$${letter}$${lastRow}`;
  return `'${sheetName.replace(/'/g, "''")}'!${range}`;
}

/** xsd:double text of a finite number (JavaScript's shortest round-trip form is one). */
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`a chart value must be finite, got ${value}`);
  return Object.is(value, -0) ? "0" : String(value);
}

function points(values: readonly string[]): string {
  const pts = values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXml(v)}</c:v></c:pt>`);
  return `<c:ptCount val="${values.length}"/>${pts.join("")}`;
}

function seriesXml(chart: RenderedChart, index: number): string {
  const { spec, sheetName } = chart;
  const series = chart.series[index]!;
  const column = spec.valueColumns.first + index;
  const { first, last } = spec.rows;
  const name = absoluteReference(sheetName, column, 1, 1);
  const categories = absoluteReference(sheetName, spec.categoryColumn, first, last);
  const values = absoluteReference(sheetName, column, first, last);
  return (
    `<c:ser><c:idx val="${index}"/><c:order val="${index}"/>` +
    `<c:tx><c:strRef><c:f>${escapeXml(name)}</c:f><c:strCache>${points([series.name])}</c:strCache></c:strRef></c:tx>` +
    `<c:invertIfNegative val="0"/>` +
    `<c:cat><c:strRef><c:f>${escapeXml(categories)}</c:f><c:strCache>${points(chart.categories)}</c:strCache></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${escapeXml(values)}</c:f><c:numCache><c:formatCode>General</c:formatCode>` +
    `${points(series.values.map(numberText))}</c:numCache></c:numRef></c:val></c:ser>`
  );
}

function assertRendered(chart: RenderedChart): void {
  const { spec } = chart;
  const rows = spec.rows.last - spec.rows.first + 1;
  const columns = spec.valueColumns.last - spec.valueColumns.first + 1;
  const fits =
    chart.categories.length === rows &&
    chart.series.length === columns &&
    chart.series.every((s) => s.values.length === rows);
  if (!fits) throw new RangeError(`chart "${spec.name}": its values do not match its ranges`);
}

/** Axis ids only need to be unique within the chart part. */
const CATEGORY_AXIS_ID = 500_000_001;
const VALUE_AXIS_ID = 500_000_002;

/** The `xl/charts/chartN.xml` part. Elements are in the order the schema (CT_ChartSpace) fixes. */
export function chartSpaceXml(chart: RenderedChart): string {
  assertRendered(chart);
  const { spec } = chart;
  const horizontal = spec.kind === "barClustered";
  const title =
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr b="1"/></a:pPr>` +
    `<a:r><a:rPr lang="en-US" b="1"/><a:t>${escapeXml(spec.title)}</a:t></a:r></a:p></c:rich></c:tx>` +
    `<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>`;
  const bars =
    `<c:barChart><c:barDir val="${horizontal ? "bar" : "col"}"/><c:grouping val="clustered"/>` +
    `<c:varyColors val="0"/>${chart.series.map((_, i) => seriesXml(chart, i)).join("")}` +
    `<c:gapWidth val="150"/><c:axId val="${CATEGORY_AXIS_ID}"/><c:axId val="${VALUE_AXIS_ID}"/></c:barChart>`;
  const categoryAxis =
    `<c:catAx><c:axId val="${CATEGORY_AXIS_ID}"/><c:scaling><c:orientation val="minMax"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${horizontal ? "l" : "b"}"/><c:numFmt formatCode="General" sourceLinked="1"/>` +
    `<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:crossAx val="${VALUE_AXIS_ID}"/><c:crosses val="autoZero"/><c:auto val="1"/>` +
    `<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`;
  const valueAxis =
    `<c:valAx><c:axId val="${VALUE_AXIS_ID}"/><c:scaling><c:orientation val="minMax"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${horizontal ? "b" : "l"}"/><c:majorGridlines/>` +
    `<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/>` +
    `<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="${CATEGORY_AXIS_ID}"/>` +
    `<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>`;
  // One series needs no legend: the title says what the bars are.
  const legend =
    chart.series.length > 1
      ? `<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>`
      : "";
  return (
    XML_DECLARATION +
    `<c:chartSpace xmlns:c="${NS.chart}" xmlns:a="${NS.main}" xmlns:r="${NS.relationships}">` +
    `<c:roundedCorners val="0"/><c:chart>${title}<c:plotArea><c:layout/>${bars}${categoryAxis}${valueAxis}` +
    `</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

function cellPosition(tag: "from" | "to", column: number, row: number): string {
  return (
    `<xdr:${tag}><xdr:col>${column}</xdr:col><xdr:colOff>0</xdr:colOff>` +
    `<xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`
  );
}

/**
 * One `xdr:twoCellAnchor` holding the chart whose part the drawing's relationship `relationshipId`
 * names. Namespaces are declared on the anchor itself so it can join any drawing. `shapeId` must
 * be unique within the drawing.
 */
export function chartAnchorXml(spec: ChartSpec, relationshipId: string, shapeId: number): string {
  const { anchor } = spec;
  // Zero-based cells; `to` is the cell just past the chart (its top-left corner, offset 0).
  const from = cellPosition("from", anchor.column - 1, anchor.row - 1);
  const to = cellPosition(
    "to",
    anchor.column - 1 + anchor.columnSpan,
    anchor.row - 1 + anchor.rowSpan,
  );
  return (
    `<xdr:twoCellAnchor xmlns:xdr="${NS.spreadsheetDrawing}" xmlns:a="${NS.main}" editAs="oneCell">${from}${to}` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${shapeId}" name="${escapeXml(spec.name)}"/>` +
    `<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${NS.chart}"><c:chart xmlns:c="${NS.chart}" xmlns:r="${NS.relationships}" ` +
    `r:id="${escapeXml(relationshipId)}"/></a:graphicData></a:graphic></xdr:graphicFrame>` +
    `<xdr:clientData/></xdr:twoCellAnchor>`
  );
}

/** A whole `xl/drawings/drawingN.xml` part around anchors made by {@link chartAnchorXml}. */
export function drawingXml(anchors: readonly string[]): string {
  return (
    XML_DECLARATION +
    `<xdr:wsDr xmlns:xdr="${NS.spreadsheetDrawing}" xmlns:a="${NS.main}">${anchors.join("")}</xdr:wsDr>`
  );
}

export interface Relationship {
  readonly id: string;
  readonly type: string;
  /** Relative to the source part's folder, as OPC resolves it. */
  readonly target: string;
  readonly external?: boolean;
}

export function relationshipXml(relationship: Relationship): string {
  const mode = relationship.external === true ? ' TargetMode="External"' : "";
  return (
    `<Relationship Id="${escapeXml(relationship.id)}" Type="${escapeXml(relationship.type)}" ` +
    `Target="${escapeXml(relationship.target)}"${mode}/>`
  );
}

export function relationshipsXml(relationships: readonly Relationship[]): string {
  return (
    XML_DECLARATION +
    `<Relationships xmlns="${NS.packageRelationships}">${relationships.map(relationshipXml).join("")}</Relationships>`
  );
}
