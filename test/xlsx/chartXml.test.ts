/**
 * The DrawingML text of one chart and its anchor, parsed back with an XML parser: references to
 * the right cells, caches holding the values, text escaped, elements in schema order.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { resolveTarget, relativeTarget, withDrawingElement } from "../../src/xlsx/chartParts";
import {
  absoluteReference,
  chartAnchorXml,
  chartSpaceXml,
  drawingXml,
  escapeXml,
  type RenderedChart,
} from "../../src/xlsx/chartXml";
import type { ChartSpec } from "../../src/workbook/port";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  isArray: (name) => ["c:ser", "c:pt", "c:axId", "xdr:twoCellAnchor"].includes(name),
});

const SPEC: ChartSpec = {
  name: "StockRec Suspense Items by Age",
  kind: "columnClustered",
  title: "Suspense <items> & 'amounts'",
  rows: { first: 12, last: 14 },
  categoryColumn: 2,
  valueColumns: { first: 3, last: 4 },
  anchor: { row: 2, column: 7, rowSpan: 15, columnSpan: 8 },
};

const CHART: RenderedChart = {
  spec: SPEC,
  sheetName: "Bob's Summary",
  categories: ["0–7 days", "8–15 <days>", "Over 90"],
  series: [
    { name: "Value", values: [2, 0, 1] },
    { name: "Amount", values: [350.5, -0, 1e-7] },
  ],
};

interface Point {
  "@idx": string;
  "c:v": string;
}

describe("chartSpaceXml", () => {
  const xml = chartSpaceXml(CHART);
  const doc = parser.parse(xml) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const space = doc["c:chartSpace"];
  const bar = space["c:chart"]["c:plotArea"]["c:barChart"];

  it("is well-formed XML with the chart namespaces", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(space["@xmlns:c"]).toBe("http://schemas.openxmlformats.org/drawingml/2006/chart");
    expect(space["@xmlns:r"]).toBe(
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    );
  });

  it("draws clustered columns, one series per value column, named from the header cell", () => {
    expect(bar["c:barDir"]["@val"]).toBe("col");
    expect(bar["c:grouping"]["@val"]).toBe("clustered");
    const series = bar["c:ser"];
    expect(series).toHaveLength(2);
    expect(series[0]["c:tx"]["c:strRef"]["c:f"]).toBe("'Bob''s Summary'!$C$1");
    expect(series[1]["c:tx"]["c:strRef"]["c:f"]).toBe("'Bob''s Summary'!$D$1");
    expect(series[1]["c:tx"]["c:strRef"]["c:strCache"]["c:pt"][0]["c:v"]).toBe("Amount");
  });

  it("refers to the category and value cells and caches their contents", () => {
    const [first, second] = bar["c:ser"];
    expect(first["c:cat"]["c:strRef"]["c:f"]).toBe("'Bob''s Summary'!$B$12:$B$14");
    expect(first["c:val"]["c:numRef"]["c:f"]).toBe("'Bob''s Summary'!$C$12:$C$14");
    expect(second["c:val"]["c:numRef"]["c:f"]).toBe("'Bob''s Summary'!$D$12:$D$14");
    const cache = first["c:cat"]["c:strRef"]["c:strCache"];
    expect(cache["c:ptCount"]["@val"]).toBe("3");
    expect(cache["c:pt"].map((p: Point) => [p["@idx"], p["c:v"]])).toEqual([
      ["0", "0–7 days"],
      ["1", "8–15 <days>"],
      ["2", "Over 90"],
    ]);
    expect(xml).toContain("<c:v>8–15 &lt;days&gt;</c:v>");
    const numbers = second["c:val"]["c:numRef"]["c:numCache"]["c:pt"].map((p: Point) => p["c:v"]);
    expect(numbers).toEqual(["350.5", "0", "1e-7"]);
  });

  it("escapes the title and pairs the axes", () => {
    expect(xml).toContain("<a:t>Suspense &lt;items&gt; &amp; &apos;amounts&apos;</a:t>");
    const axes = bar["c:axId"].map((a: { "@val": string }) => a["@val"]);
    const plot = space["c:chart"]["c:plotArea"];
    expect(plot["c:catAx"]["c:axId"][0]["@val"]).toBe(axes[0]);
    expect(plot["c:catAx"]["c:crossAx"]["@val"]).toBe(axes[1]);
    expect(plot["c:valAx"]["c:axId"][0]["@val"]).toBe(axes[1]);
    expect(plot["c:valAx"]["c:crossAx"]["@val"]).toBe(axes[0]);
    // CT_Chart order: title, autoTitleDeleted, plotArea, legend, plotVisOnly, dispBlanksAs.
    const order = [
      "<c:title>",
      "<c:autoTitleDeleted",
      "<c:plotArea>",
      "<c:legend>",
      "<c:plotVisOnly",
    ];
    const at = order.map((tag) => xml.indexOf(tag));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("draws horizontal bars for barClustered, and refuses values that do not match the ranges", () => {
    const bars = parser.parse(chartSpaceXml({ ...CHART, spec: { ...SPEC, kind: "barClustered" } }));
    expect(bars["c:chartSpace"]["c:chart"]["c:plotArea"]["c:barChart"]["c:barDir"]["@val"]).toBe(
      "bar",
    );
    expect(() => chartSpaceXml({ ...CHART, categories: ["one"] })).toThrow(/do not match/);
    expect(() =>
      chartSpaceXml({ ...CHART, series: [CHART.series[0]!, { name: "x", values: [1, NaN, 2] }] }),
    ).toThrow(/finite/);
  });
});

describe("chartAnchorXml and drawingXml", () => {
  it("anchors the chart over exactly its cells and refers to it by relationship id", () => {
    const xml = drawingXml([chartAnchorXml(SPEC, "rId7", 3)]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const anchor = parser.parse(xml)["xdr:wsDr"]["xdr:twoCellAnchor"][0];
    // G2 is zero-based column 6, row 1; 8 columns by 15 rows end at the top-left of O17.
    expect(anchor["xdr:from"]).toMatchObject({ "xdr:col": "6", "xdr:row": "1" });
    expect(anchor["xdr:to"]).toMatchObject({ "xdr:col": "14", "xdr:row": "16" });
    const frame = anchor["xdr:graphicFrame"];
    expect(frame["xdr:nvGraphicFramePr"]["xdr:cNvPr"]).toMatchObject({
      "@id": "3",
      "@name": SPEC.name,
    });
    const data = frame["a:graphic"]["a:graphicData"];
    expect(data["@uri"]).toBe("http://schemas.openxmlformats.org/drawingml/2006/chart");
    expect(data["c:chart"]["@r:id"]).toBe("rId7");
  });
});

describe("small helpers", () => {
  it("escapes XML and drops characters XML cannot hold", () => {
    expect(escapeXml(`a<b>&"c"'\u0001`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;&apos;");
    expect(absoluteReference("Close Summary", 2, 5, 5)).toBe("'Close Summary'!$B$5");
  });

  it("resolves and relativises OPC targets", () => {
    expect(resolveTarget("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml")).toBe(
      "xl/drawings/drawing1.xml",
    );
    expect(resolveTarget("xl/workbook.xml", "/xl/worksheets/sheet2.xml")).toBe(
      "xl/worksheets/sheet2.xml",
    );
    expect(relativeTarget("xl/drawings/drawing1.xml", "xl/charts/chart2.xml")).toBe(
      "../charts/chart2.xml",
    );
    expect(relativeTarget("xl/charts/chart1.xml", "xl/charts/style1.xml")).toBe("style1.xml");
  });

  it("puts <drawing> after pageSetup and before legacyDrawing and tableParts", () => {
    const sheet =
      '<worksheet xmlns="x" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lt;tableParts</t></is></c></row></sheetData>' +
      '<pageMargins/><pageSetup/><headerFooter/><legacyDrawing r:id="rId3"/><tableParts count="1"/></worksheet>';
    const out = withDrawingElement(sheet, "rId9", "sheet1.xml");
    expect(out).toContain('<headerFooter/><drawing r:id="rId9"/><legacyDrawing');
    const bare = '<worksheet xmlns="x"><sheetData/><pageMargins/></worksheet>';
    expect(withDrawingElement(bare, "rId1", "s")).toContain(
      '<pageMargins/><drawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></worksheet>',
    );
    expect(() =>
      withDrawingElement(
        sheet.replace("<legacyDrawing", '<drawing r:id="rId1"/><legacyDrawing'),
        "rId9",
        "s",
      ),
    ).toThrow(/not laid out as expected/);
  });
});
