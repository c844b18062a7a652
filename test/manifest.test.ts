// The manifest is checked offline (Microsoft's validator needs the internet). These tests pin
// the real manifest to the checks and prove each check bites by feeding it broken copies.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkManifest,
  devUrlToRelativePath,
  pngSize,
  type ImageSize,
} from "../scripts/manifestCheck";

const ROOT = join(__dirname, "..");
const MANIFEST = readFileSync(join(ROOT, "manifest.xml"), "utf8");

/** Reads icon sizes the way scripts/validate-manifest.ts does, recording what was asked for. */
function diskImageSizes(): { read: (url: string) => ImageSize | null; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    read: (url) => {
      urls.push(url);
      const relative = devUrlToRelativePath(url);
      if (relative === null) return null;
      try {
        return pngSize(readFileSync(join(ROOT, relative)));
      } catch {
        return null;
      }
    },
  };
}

/** Replaces exactly what the test means to break; a pattern that no longer matches is a bug. */
function mutate(xml: string, from: string | RegExp, to: string): string {
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`mutation did not apply: ${String(from)}`);
  return out;
}

function problemsOf(xml: string, read = diskImageSizes().read): string[] {
  return checkManifest(xml, { readImageSize: read }).problems;
}

describe("the real manifest", () => {
  it("passes every check, with the icon files' real sizes", () => {
    const images = diskImageSizes();
    expect(checkManifest(MANIFEST, { readImageSize: images.read }).problems).toEqual([]);
    // The size check really looked at the files (IconUrl, HighResolutionIconUrl, 16/32/80).
    expect(new Set(images.urls)).toEqual(
      new Set([
        "https://localhost:3000/assets/icon-16.png",
        "https://localhost:3000/assets/icon-32.png",
        "https://localhost:3000/assets/icon-64.png",
        "https://localhost:3000/assets/icon-80.png",
      ]),
    );
  });

  it("passes without an image reader too", () => {
    expect(checkManifest(MANIFEST).problems).toEqual([]);
  });

  it("requires ExcelApi 1.9 and explains why in a comment", () => {
    expect(MANIFEST).toMatch(/<Set Name="ExcelApi" MinVersion="1\.9"\/>/);
    expect(MANIFEST).toMatch(/getRangeByIndexes/);
    expect(MANIFEST).toMatch(/suspendScreenUpdatingUntilNextSync/);
  });

  it("has generated icons of the sizes their names claim", () => {
    for (const size of [16, 32, 64, 80, 128]) {
      const bytes = readFileSync(join(ROOT, "assets", `icon-${size}.png`));
      expect(pngSize(bytes)).toEqual({ width: size, height: size });
    }
  });
});

describe("broken manifests are rejected", () => {
  it("reports base elements out of schema order", () => {
    const swapped = mutate(
      MANIFEST,
      /(<Version>[^<]*<\/Version>)(\s*)(<ProviderName>[^<]*<\/ProviderName>)/,
      "$3$2$1",
    );
    const problems = problemsOf(swapped);
    expect(problems).toEqual([expect.stringMatching(/<OfficeApp\/Version> is out of order/)]);
  });

  it("reports Permissions placed after VersionOverrides", () => {
    const moved = mutate(
      mutate(MANIFEST, "<Permissions>ReadWriteDocument</Permissions>", ""),
      "</OfficeApp>",
      "<Permissions>ReadWriteDocument</Permissions></OfficeApp>",
    );
    expect(problemsOf(moved).join("\n")).toMatch(/<OfficeApp\/Permissions> is out of order/);
  });

  it("reports GetStarted after FunctionFile inside DesktopFormFactor", () => {
    const functionFile = /(<FunctionFile resid="Commands.Url"\/>)/;
    const moved = mutate(
      mutate(MANIFEST, functionFile, ""),
      "<GetStarted>",
      '<FunctionFile resid="Commands.Url"/><GetStarted>',
    );
    expect(problemsOf(moved).join("\n")).toMatch(/DesktopFormFactor\/GetStarted> is out of order/);
  });

  it("reports resource collections out of order", () => {
    const urls = /(<bt:Urls>[\s\S]*?<\/bt:Urls>)/.exec(MANIFEST)?.[1] ?? "";
    const moved = mutate(mutate(MANIFEST, urls, ""), "<bt:Images>", `${urls}<bt:Images>`);
    expect(problemsOf(moved).join("\n")).toMatch(/Resources\/Images> is out of order/);
  });

  it('reports Host Name="Workbok"', () => {
    const problems = problemsOf(
      mutate(MANIFEST, '<Host Name="Workbook"/>', '<Host Name="Workbok"/>'),
    );
    expect(problems).toContainEqual(expect.stringMatching(/Name="Workbok".*exactly "Workbook"/));
    expect(problems).toContainEqual(expect.stringMatching(/must contain <Host Name="Workbook"\/>/));
  });

  it("reports a ribbon host that is not Workbook", () => {
    const problems = problemsOf(
      mutate(MANIFEST, '<Host xsi:type="Workbook">', '<Host xsi:type="Document">'),
    );
    expect(problems.join("\n")).toMatch(/xsi:type="Document".*must be xsi:type="Workbook"/);
  });

  it("reports an http:// SourceLocation", () => {
    const problems = problemsOf(
      mutate(
        MANIFEST,
        '<SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/>',
        '<SourceLocation DefaultValue="http://localhost:3000/taskpane.html"/>',
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(/DefaultSettings\/SourceLocation> DefaultValue must use https/),
    ]);
  });

  it("reports an http:// resource URL and AppDomain", () => {
    let xml = mutate(MANIFEST, '"https://localhost:3000/commands.html"', '"http://x.test/c.html"');
    xml = mutate(xml, "<AppDomain>https://", "<AppDomain>http://");
    const problems = problemsOf(xml).join("\n");
    expect(problems).toMatch(/Urls\/Url> DefaultValue must use https/);
    expect(problems).toMatch(/AppDomain> must use https/);
  });

  it("reports a resid that does not resolve", () => {
    const problems = problemsOf(
      mutate(MANIFEST, '<Label resid="OpenButton.Label"/>', '<Label resid="OpenButton.Lable"/>'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/Control\/Label> resid="OpenButton.Lable" does not resolve/),
    ]);
  });

  it("reports a resid that points into the wrong collection", () => {
    const problems = problemsOf(
      mutate(MANIFEST, '<Label resid="OpenButton.Label"/>', '<Label resid="Taskpane.Url"/>'),
    );
    expect(problems.join("\n")).toMatch(/points into bt:Urls.*needs an entry in bt:ShortStrings/);
  });

  it("reports duplicate and over-long resource ids", () => {
    let xml = mutate(
      MANIFEST,
      '<bt:String id="Taskpane.Title"',
      '<bt:String id="OpenButton.Label"',
    );
    xml = mutate(xml, /"GetStarted\.LearnMoreUrl"/g, '"GetStarted.LearnMoreUrl.ThatIsTooLong"');
    const problems = problemsOf(xml).join("\n");
    expect(problems).toMatch(/Resource id "OpenButton.Label" is defined twice/);
    expect(problems).toMatch(/resource ids are at most 32/);
  });

  it("reports an icon claiming size 81", () => {
    const problems = problemsOf(
      mutate(
        MANIFEST,
        '<bt:Image size="80" resid="Icon.80x80"/>',
        '<bt:Image size="81" resid="Icon.80x80"/>',
      ),
    );
    expect(problems).toContainEqual(expect.stringMatching(/size="81" is not an icon size/));
    expect(problems).toContainEqual(expect.stringMatching(/missing required icon size\(s\) 80/));
  });

  it("reports a 32 px icon whose file is really 16 px", () => {
    const disk = diskImageSizes();
    const read = (url: string): ImageSize | null =>
      url.endsWith("/icon-32.png") ? { width: 16, height: 16 } : disk.read(url);
    const problems = problemsOf(MANIFEST, read);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toMatch(/icon-32\.png is 16×16 px but is declared as 32×32/);
  });

  it("reports an icon file that cannot be read", () => {
    const xml = mutate(MANIFEST, /assets\/icon-80\.png/g, "assets/icon-81.png");
    expect(problemsOf(xml).join("\n")).toMatch(/cannot read the image at .*icon-81\.png/);
  });

  it("reports a missing Permissions element", () => {
    const problems = problemsOf(
      mutate(MANIFEST, /\s*<Permissions>ReadWriteDocument<\/Permissions>/, ""),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /missing required child <Permissions> \(it goes before <VersionOverrides>\)/,
      ),
    ]);
  });

  it("reports a Permissions value that is invalid or not ours", () => {
    expect(
      problemsOf(mutate(MANIFEST, ">ReadWriteDocument<", ">ReadWriteMailbox<")).join("\n"),
    ).toMatch(/"ReadWriteMailbox" is not valid for a task pane add-in/);
    expect(
      problemsOf(mutate(MANIFEST, ">ReadWriteDocument<", ">ReadDocument<")).join("\n"),
    ).toMatch(/StockRec needs "ReadWriteDocument"/);
  });

  it("reports a bad Id, Version and a missing ExcelApi MinVersion", () => {
    let xml = mutate(MANIFEST, /<Id>[^<]*<\/Id>/, "<Id>not-a-guid</Id>");
    xml = mutate(xml, "<Version>1.0.0.0</Version>", "<Version>1.0.0.0.0</Version>");
    xml = mutate(xml, '<Set Name="ExcelApi" MinVersion="1.9"/>', '<Set Name="ExcelApi"/>');
    const problems = problemsOf(xml).join("\n");
    expect(problems).toMatch(/<OfficeApp\/Id> "not-a-guid" must be a GUID/);
    expect(problems).toMatch(/<OfficeApp\/Version> "1.0.0.0.0"/);
    expect(problems).toMatch(/Name="ExcelApi"> needs a MinVersion/);
  });

  it("reports a manifest without the Home-tab task pane button", () => {
    const problems = problemsOf(mutate(MANIFEST, 'id="TabHome"', 'id="TabData"'));
    expect(problems.join("\n")).toMatch(/no ribbon button that opens the task pane/);
  });

  it("reports XML that is not well-formed, and the wrong root", () => {
    expect(problemsOf(mutate(MANIFEST, "</Hosts>", "</Host>"))[0]).toMatch(/not well-formed XML/);
    expect(
      problemsOf(mutate(MANIFEST, 'xsi:type="TaskPaneApp"', 'xsi:type="MailApp"')),
    ).toContainEqual(expect.stringMatching(/xsi:type="TaskPaneApp"/));
  });
});

describe("helpers", () => {
  it("maps only dev-server URLs to repository paths", () => {
    expect(devUrlToRelativePath("https://localhost:3000/assets/icon-32.png")).toBe(
      "assets/icon-32.png",
    );
    expect(devUrlToRelativePath("https://example.com/assets/icon-32.png")).toBeNull();
    expect(devUrlToRelativePath("https://localhost:3000/assets/..%2F..%2Fsecret")).toBeNull();
  });

  it("reads PNG sizes and rejects non-PNG bytes", () => {
    expect(pngSize(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(pngSize(Buffer.from("not a png at all, but long enough"))).toBeNull();
  });
});
