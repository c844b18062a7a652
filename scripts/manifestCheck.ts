// Offline checks for the add-in only (XML) manifest.
//
// Microsoft's validator (`office-addin-manifest validate`) posts the file to an online service, so
// it cannot run on the build machines. This module re-checks, from the published schemas
// (OfficeAppManifestV1_1, TaskPaneAppVersionOverridesV1_0, OfficeAppBasicTypesV1_0), the things
// that service rejects and that have bitten us, plus a few that the XSDs themselves let through
// (a misspelt host name, icon sizes Office does not use, resids that resolve to nothing).
//
// It is pure: it takes the XML text and, optionally, a function that tells the size of the image
// behind a URL, and returns human-readable problems. No I/O happens here so tests can feed it
// mutated manifests and fake image sizes.

import { XMLParser, XMLValidator } from "fast-xml-parser";

export interface ImageSize {
  width: number;
  height: number;
}

export interface CheckManifestOptions {
  /** Size of the image behind an icon URL, or null if it cannot be found or read. */
  readImageSize?: (url: string) => ImageSize | null;
  /** The Permissions value this add-in must request (default ReadWriteDocument). */
  requiredPermission?: string;
}

export interface CheckManifestResult {
  problems: string[];
}

const NS_APP = "http://schemas.microsoft.com/office/appforoffice/1.1";
const NS_XSI = "http://www.w3.org/2001/XMLSchema-instance";
const NS_BT = "http://schemas.microsoft.com/office/officeappbasictypes/1.0";
const NS_OV = "http://schemas.microsoft.com/office/taskpaneappversionoverrides";
const NS_OV_1_1 = "http://schemas.microsoft.com/office/taskpaneappversionoverrides/1.1";
const NS_XMLDSIG = "http://www.w3.org/2000/09/xmldsig#";
const NS_XML = "http://www.w3.org/XML/1998/namespace";

/** Values of the TaskPaneApp Permissions enumeration in OfficeAppManifestV1_1.xsd. */
const TASKPANE_PERMISSIONS = [
  "Restricted",
  "ReadDocument",
  "ReadAllDocument",
  "WriteDocument",
  "ReadWriteDocument",
];

/** Host names the base manifest accepts; the XSD types Name as any string, Office does not. */
const KNOWN_HOST_NAMES = [
  "Document",
  "Database",
  "Mailbox",
  "Notebook",
  "Presentation",
  "Project",
  "Workbook",
];

/** Icon sizes Office uses for add-in commands (OfficeAppBasicTypesV1_0.xsd, ImageResourceReference). */
const ALLOWED_ICON_SIZES = [16, 20, 24, 32, 40, 48, 64, 80];
const REQUIRED_ICON_SIZES = [16, 32, 80];

const GUID =
  /^(urn:uuid:)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$|^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$/;
/** The schema's Version type: one to four dot-separated numbers of up to five digits. */
const VERSION = /^[0-9]{1,5}(\.[0-9]{1,5}){0,3}$/;
const SHORT_VERSION = /^[0-9]{1,5}\.[0-9]{1,5}$/;
const CULTURE_NAME =
  /^([a-zA-Z]{2,3}-[a-zA-Z0-9]{3,8}(-[a-zA-Z]{2,3})?|[a-zA-Z]{2,3}(-[a-zA-Z]{2,3}(_tradnl|\.pseudo|-[a-zA-Z]{4,8})?)?)$/;

const SHORT_STRING_MAX = 125;
const LONG_STRING_MAX = 250;
const REFERENCE_ID_MAX = 32;

// ---- A small namespace-aware element tree over fast-xml-parser's ordered output -----------------

interface XmlElement {
  qname: string;
  local: string;
  ns: string | undefined;
  /** Attributes keyed by qualified name as written. */
  attrs: Map<string, string>;
  /** Prefix → namespace URI in scope at this element ("" is the default namespace). */
  scope: Map<string, string>;
  children: XmlElement[];
  text: string;
  path: string;
}

type OrderedNode = Record<string, unknown>;

function splitQName(qname: string): { prefix: string; local: string } {
  const colon = qname.indexOf(":");
  return colon < 0
    ? { prefix: "", local: qname }
    : { prefix: qname.slice(0, colon), local: qname.slice(colon + 1) };
}

function buildElement(
  node: OrderedNode,
  qname: string,
  parentScope: Map<string, string>,
  parentPath: string,
): XmlElement {
  const attrs = new Map<string, string>();
  const rawAttrs = node[":@"];
  if (rawAttrs !== null && typeof rawAttrs === "object") {
    for (const [k, v] of Object.entries(rawAttrs as Record<string, unknown>)) {
      attrs.set(k, String(v));
    }
  }
  const scope = new Map(parentScope);
  for (const [k, v] of attrs) {
    if (k === "xmlns") scope.set("", v);
    else if (k.startsWith("xmlns:")) scope.set(k.slice("xmlns:".length), v);
  }
  const { prefix, local } = splitQName(qname);
  const path = parentPath === "" ? local : `${parentPath}/${local}`;
  const element: XmlElement = {
    qname,
    local,
    ns: scope.get(prefix),
    attrs,
    scope,
    children: [],
    text: "",
    path,
  };
  const content = node[qname];
  if (Array.isArray(content)) {
    for (const child of content as OrderedNode[]) {
      const key = elementKey(child);
      if (key === "#text") element.text += String(child["#text"]);
      else if (key !== undefined) element.children.push(buildElement(child, key, scope, path));
    }
  }
  element.text = element.text.trim();
  return element;
}

/** The tag name of an ordered node, "#text" for text, undefined for comments/PIs/doctype. */
function elementKey(node: OrderedNode): string | undefined {
  for (const key of Object.keys(node)) {
    if (key === ":@") continue;
    if (key === "#text") return key;
    if (key.startsWith("#") || key.startsWith("?") || key.startsWith("!")) return undefined;
    return key;
  }
  return undefined;
}

function attr(el: XmlElement, name: string): string | undefined {
  return el.attrs.get(name);
}

/** xsi:type, whatever prefix the document bound the XSI namespace to, without a value prefix. */
function xsiType(el: XmlElement): string | undefined {
  for (const [k, v] of el.attrs) {
    const { prefix, local } = splitQName(k);
    if (local === "type" && prefix !== "" && el.scope.get(prefix) === NS_XSI) {
      return splitQName(v).local;
    }
  }
  return undefined;
}

function child(el: XmlElement | undefined, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local);
}

function childrenNamed(el: XmlElement | undefined, local: string): XmlElement[] {
  return el === undefined ? [] : el.children.filter((c) => c.local === local);
}

function descendants(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

function describe(el: XmlElement): string {
  const id = attr(el, "id");
  return id === undefined ? `<${el.path}>` : `<${el.path} id="${id}">`;
}

// ---- Schema sequences ----------------------------------------------------------------------------

interface Slot {
  name: string;
  min: number;
  max: number;
  /** Namespace the element must be in; defaults to the sequence's namespace. */
  ns?: string;
  /** Why a schema-optional element is required here, appended to the "missing" message. */
  why?: string;
}

const ONE = { min: 1, max: 1 };
const OPTIONAL = { min: 0, max: 1 };
const MANY = { min: 0, max: Number.POSITIVE_INFINITY };
const SOME = { min: 1, max: Number.POSITIVE_INFINITY };

/** OfficeApp (base type) followed by the TaskPaneApp extension, in schema order. */
const TASKPANE_APP_SEQUENCE: Slot[] = [
  { name: "Id", ...ONE },
  { name: "AlternateId", ...OPTIONAL },
  { name: "Version", ...ONE },
  { name: "ProviderName", ...ONE },
  { name: "DefaultLocale", ...ONE },
  { name: "DisplayName", ...ONE },
  { name: "Description", ...ONE },
  { name: "IconUrl", ...ONE, why: "AppSource and the Insert dialog show it" },
  { name: "HighResolutionIconUrl", ...ONE, why: "AppSource and high-DPI screens show it" },
  { name: "SupportUrl", ...ONE, why: "AppSource validation requires a support page" },
  { name: "AppDomains", ...OPTIONAL },
  { name: "Hosts", ...ONE, why: "without it the add-in would be offered outside Excel" },
  { name: "Requirements", ...ONE, why: "it keeps the add-in off Excel builds without our API" },
  { name: "DefaultSettings", ...ONE },
  { name: "Permissions", ...ONE },
  { name: "Dictionary", ...OPTIONAL },
  { name: "VersionOverrides", ...ONE, ns: NS_OV, why: "it carries the ribbon button" },
  { name: "Signature", ...OPTIONAL, ns: NS_XMLDSIG },
];

const VERSION_OVERRIDES_SEQUENCE: Slot[] = [
  { name: "Description", ...OPTIONAL },
  { name: "Requirements", ...OPTIONAL },
  { name: "Hosts", ...ONE, why: "it carries the ribbon button" },
  { name: "Resources", ...ONE, why: "every resid refers into it" },
  { name: "WebApplicationInfo", ...OPTIONAL },
  { name: "EquivalentAddins", ...OPTIONAL },
  { name: "VersionOverrides", ...OPTIONAL, ns: NS_OV_1_1 },
];

const HOST_SEQUENCE: Slot[] = [
  { name: "Runtimes", ...OPTIONAL },
  { name: "AllFormFactors", ...OPTIONAL },
  { name: "DesktopFormFactor", ...ONE, why: "the ribbon button lives in it" },
];

const FORM_FACTOR_SEQUENCE: Slot[] = [
  { name: "GetStarted", ...OPTIONAL },
  { name: "FunctionFile", ...OPTIONAL },
  { name: "ExtensionPoint", ...SOME },
];

const GET_STARTED_SEQUENCE: Slot[] = [
  { name: "Title", ...ONE },
  { name: "Description", ...ONE },
  { name: "LearnMoreUrl", ...ONE },
];

const COMMAND_SURFACE_SEQUENCE: Slot[] = [
  { name: "OfficeTab", ...MANY },
  { name: "CustomTab", ...MANY },
];

const OFFICE_TAB_SEQUENCE: Slot[] = [{ name: "Group", ...SOME }];

const GROUP_SEQUENCE: Slot[] = [
  { name: "Label", ...ONE },
  { name: "Icon", ...ONE },
  { name: "Control", ...SOME },
];

const BUTTON_SEQUENCE: Slot[] = [
  { name: "OverriddenByRibbonApi", ...OPTIONAL },
  { name: "Label", ...ONE },
  { name: "Supertip", ...ONE },
  { name: "Icon", ...ONE },
  { name: "Action", ...ONE },
  { name: "Enabled", ...OPTIONAL },
];

const SUPERTIP_SEQUENCE: Slot[] = [
  { name: "Title", ...ONE },
  { name: "Description", ...ONE },
];

const SHOW_TASKPANE_SEQUENCE: Slot[] = [
  { name: "TaskpaneId", ...OPTIONAL },
  { name: "SourceLocation", ...ONE },
  { name: "Title", ...OPTIONAL },
];

const ICON_SEQUENCE: Slot[] = [{ name: "Image", ...SOME, ns: NS_BT }];

const RESOURCES_SEQUENCE: Slot[] = [
  { name: "Images", ...OPTIONAL, ns: NS_BT },
  { name: "Urls", ...OPTIONAL, ns: NS_BT },
  { name: "ShortStrings", ...OPTIONAL, ns: NS_BT },
  { name: "LongStrings", ...OPTIONAL, ns: NS_BT },
];

/**
 * Checks the children of `parent` against an xs:sequence. An element that appears later in the
 * sequence than one already seen is reported as out of order rather than as "missing", because
 * the online validator's "not a valid child" message is what people misread.
 */
function checkSequence(parent: XmlElement, sequence: Slot[], ns: string, problems: string[]): void {
  const counts = sequence.map(() => 0);
  let position = 0;
  const names = parent.children.map((c) => c.local);
  const reportedMissing = new Set<number>();

  const reportMissingUpTo = (end: number, laterNames: string[]): void => {
    for (let k = position; k < end; k++) {
      const slot = sequence[k];
      if (slot === undefined || (counts[k] ?? 0) >= slot.min || reportedMissing.has(k)) continue;
      if (laterNames.includes(slot.name)) continue; // reported as out of order when reached
      reportedMissing.add(k);
      const before = sequence.slice(k + 1).find((s) => names.includes(s.name));
      const where = before === undefined ? "" : ` (it goes before <${before.name}>)`;
      const why = slot.why === undefined ? "" : `; ${slot.why}`;
      problems.push(`<${parent.path}> is missing required child <${slot.name}>${where}${why}.`);
    }
  };

  parent.children.forEach((c, index) => {
    const later = names.slice(index + 1);
    let found = -1;
    for (let k = position; k < sequence.length; k++) {
      if (sequence[k]?.name === c.local) {
        found = k;
        break;
      }
    }
    if (found < 0) {
      const earlier = sequence.findIndex((s) => s.name === c.local);
      if (earlier >= 0) {
        const current = sequence[position];
        problems.push(
          `<${c.path}> is out of order: in <${parent.path}> it must come before <${current?.name ?? "?"}>` +
            ` (schema order: ${sequence.map((s) => s.name).join(", ")}).`,
        );
      } else {
        problems.push(
          `<${c.path}> is not a valid child of <${parent.path}>; allowed, in order: ` +
            `${sequence.map((s) => s.name).join(", ")}.`,
        );
      }
      return;
    }
    reportMissingUpTo(found, [c.local, ...later]);
    position = found;
    const slot = sequence[found];
    if (slot === undefined) return;
    counts[found] = (counts[found] ?? 0) + 1;
    if ((counts[found] ?? 0) > slot.max) {
      problems.push(`<${parent.path}> has more than ${slot.max} <${slot.name}> element(s).`);
    }
    const expectedNs = slot.ns ?? ns;
    if (c.ns !== expectedNs) {
      problems.push(
        `<${c.path}> is in namespace "${c.ns ?? "(none)"}" but must be in "${expectedNs}".`,
      );
    }
  });
  reportMissingUpTo(sequence.length, []);
}

// ---- Field checks --------------------------------------------------------------------------------

function checkHttpsUrl(value: string | undefined, where: string, problems: string[]): void {
  if (value === undefined || value === "") {
    problems.push(`${where} has no URL.`);
    return;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`${where} is not a valid absolute URL: "${value}".`);
    return;
  }
  if (url.protocol !== "https:") {
    problems.push(`${where} must use https:// (Office refuses other schemes): "${value}".`);
  }
}

/** Checks DefaultValue and every <Override Value> of a locale-aware URL setting. */
function checkLocaleAwareUrl(el: XmlElement, problems: string[]): void {
  checkHttpsUrl(attr(el, "DefaultValue"), `<${el.path}> DefaultValue`, problems);
  for (const o of childrenNamed(el, "Override")) {
    checkHttpsUrl(attr(o, "Value"), `<${o.path}> Value (locale ${attr(o, "Locale")})`, problems);
  }
}

function checkStringSetting(el: XmlElement | undefined, max: number, problems: string[]): void {
  if (el === undefined) return;
  const value = attr(el, "DefaultValue");
  if (value === undefined || value === "") {
    problems.push(`<${el.path}> needs a non-empty DefaultValue attribute.`);
  } else if (value.length > max) {
    problems.push(`<${el.path}> DefaultValue is ${value.length} characters; the limit is ${max}.`);
  }
}

function checkRequirements(app: XmlElement, problems: string[]): void {
  const requirements = child(app, "Requirements");
  if (requirements === undefined) return; // reported by the sequence check
  const setsElement = child(requirements, "Sets");
  const sets = childrenNamed(setsElement, "Set");
  const defaultMin = setsElement === undefined ? undefined : attr(setsElement, "DefaultMinVersion");
  if (defaultMin !== undefined && !SHORT_VERSION.test(defaultMin)) {
    problems.push(`<OfficeApp/Requirements/Sets> DefaultMinVersion "${defaultMin}" must be n.n.`);
  }
  for (const s of sets) {
    const min = attr(s, "MinVersion");
    if (min !== undefined && !SHORT_VERSION.test(min)) {
      problems.push(
        `<${s.path} Name="${attr(s, "Name")}"> MinVersion "${min}" must look like 1.9.`,
      );
    }
  }
  const excel = sets.find((s) => attr(s, "Name") === "ExcelApi");
  if (excel === undefined) {
    problems.push(
      `<OfficeApp/Requirements/Sets> must contain <Set Name="ExcelApi" MinVersion="…"/> so Excel ` +
        `builds without the API the add-in uses do not offer it.`,
    );
  } else if (attr(excel, "MinVersion") === undefined) {
    problems.push(
      `<${excel.path} Name="ExcelApi"> needs a MinVersion attribute; without it only ExcelApi 1.1 ` +
        `is required.`,
    );
  }
}

function checkBaseHosts(app: XmlElement, problems: string[]): void {
  const hosts = childrenNamed(child(app, "Hosts"), "Host");
  if (child(app, "Hosts") === undefined) return; // reported by the sequence check
  for (const h of hosts) {
    const name = attr(h, "Name");
    if (name === undefined) {
      problems.push(`<${h.path}> needs a Name attribute ("Workbook" for Excel).`);
    } else if (!KNOWN_HOST_NAMES.includes(name)) {
      problems.push(
        `<${h.path}> Name="${name}" is not an Office host name; Excel is exactly "Workbook".`,
      );
    }
  }
  if (!hosts.some((h) => attr(h, "Name") === "Workbook")) {
    problems.push(`<OfficeApp/Hosts> must contain <Host Name="Workbook"/> (Excel).`);
  }
}

// ---- Resources and resid references ------------------------------------------------------------

type Collection = "Images" | "Urls" | "ShortStrings" | "LongStrings";

interface Resource {
  id: string;
  collection: Collection;
  value: string | undefined;
  element: XmlElement;
}

const ENTRY_NAME: Record<Collection, string> = {
  Images: "Image",
  Urls: "Url",
  ShortStrings: "String",
  LongStrings: "String",
};

/** Which collection a resid must point into, by the referencing element's schema type. */
const RESID_COLLECTION: Record<string, Collection> = {
  Image: "Images", // bt:ImageResourceReference inside <Icon>
  SourceLocation: "Urls", // bt:URLResourceReference
  FunctionFile: "Urls",
  LearnMoreUrl: "Urls",
  Label: "ShortStrings", // bt:ShortResourceReference
  Title: "ShortStrings",
  Namespace: "ShortStrings",
  Description: "LongStrings", // bt:LongResourceReference (GetStarted, Supertip, VersionOverrides)
};

function collectResources(versionOverrides: XmlElement, problems: string[]): Map<string, Resource> {
  const resources = new Map<string, Resource>();
  const root = child(versionOverrides, "Resources");
  if (root === undefined) return resources;
  for (const collection of ["Images", "Urls", "ShortStrings", "LongStrings"] as const) {
    const group = child(root, collection);
    if (group === undefined) continue;
    for (const entry of group.children) {
      if (entry.local !== ENTRY_NAME[collection] || entry.ns !== NS_BT) {
        problems.push(
          `<${entry.path}> is not allowed in bt:${collection}; use <bt:${ENTRY_NAME[collection]}>.`,
        );
        continue;
      }
      const id = attr(entry, "id");
      if (id === undefined || id === "") {
        problems.push(`<${entry.path}> needs an id attribute.`);
        continue;
      }
      if (id.length > REFERENCE_ID_MAX) {
        problems.push(
          `<${entry.path} id="${id}"> id is ${id.length} characters; resource ids are at most ` +
            `${REFERENCE_ID_MAX}.`,
        );
      }
      const previous = resources.get(id);
      if (previous !== undefined) {
        problems.push(
          `Resource id "${id}" is defined twice (bt:${previous.collection} and bt:${collection}); ` +
            `resource ids must be unique.`,
        );
        continue;
      }
      const value = attr(entry, "DefaultValue");
      resources.set(id, { id, collection, value, element: entry });
      if (collection === "Images" || collection === "Urls") {
        checkLocaleAwareUrl(entry, problems);
      } else {
        const max = collection === "ShortStrings" ? SHORT_STRING_MAX : LONG_STRING_MAX;
        checkStringSetting(entry, max, problems);
      }
    }
  }
  return resources;
}

function checkResids(
  versionOverrides: XmlElement,
  resources: Map<string, Resource>,
  problems: string[],
): void {
  for (const el of descendants(versionOverrides)) {
    const resid = attr(el, "resid");
    if (resid === undefined) continue;
    if (resid.length > REFERENCE_ID_MAX) {
      problems.push(`<${el.path}> resid "${resid}" is longer than ${REFERENCE_ID_MAX} characters.`);
    }
    const expected = RESID_COLLECTION[el.local];
    const target = resources.get(resid);
    if (target === undefined) {
      const into =
        expected === undefined ? "Resources" : `bt:${expected} (as <bt:${ENTRY_NAME[expected]}>)`;
      problems.push(
        `<${el.path}> resid="${resid}" does not resolve: no resource has id="${resid}"; ` +
          `add it to ${into} or fix the resid.`,
      );
    } else if (expected === undefined) {
      problems.push(`<${el.path}> has a resid but is not an element that takes a resource.`);
    } else if (target.collection !== expected) {
      problems.push(
        `<${el.path}> resid="${resid}" points into bt:${target.collection}, but a <${el.local}> ` +
          `needs an entry in bt:${expected}.`,
      );
    }
  }
}

// ---- VersionOverrides (ribbon) ------------------------------------------------------------------

function checkVersionOverrides(vo: XmlElement, problems: string[]): void {
  if (xsiType(vo) !== "VersionOverridesV1_0") {
    problems.push(`<${vo.path}> must have xsi:type="VersionOverridesV1_0" for a task pane add-in.`);
  }
  checkSequence(vo, VERSION_OVERRIDES_SEQUENCE, NS_OV, problems);
  const resources = child(vo, "Resources");
  if (resources !== undefined) checkSequence(resources, RESOURCES_SEQUENCE, NS_BT, problems);

  const hosts = childrenNamed(child(vo, "Hosts"), "Host");
  let hasTaskpaneButton = false;
  for (const host of hosts) {
    const type = xsiType(host);
    if (type !== "Workbook") {
      problems.push(
        `<${host.path}> has xsi:type="${type ?? ""}"; StockRec's ribbon host must be ` +
          `xsi:type="Workbook" (Excel).`,
      );
      continue;
    }
    checkSequence(host, HOST_SEQUENCE, NS_OV, problems);
    const formFactor = child(host, "DesktopFormFactor");
    if (formFactor === undefined) continue;
    checkSequence(formFactor, FORM_FACTOR_SEQUENCE, NS_OV, problems);
    const getStarted = child(formFactor, "GetStarted");
    if (getStarted !== undefined) checkSequence(getStarted, GET_STARTED_SEQUENCE, NS_OV, problems);
    for (const point of childrenNamed(formFactor, "ExtensionPoint")) {
      if (xsiType(point) !== "PrimaryCommandSurface") continue;
      checkSequence(point, COMMAND_SURFACE_SEQUENCE, NS_OV, problems);
      for (const tab of childrenNamed(point, "OfficeTab")) {
        checkSequence(tab, OFFICE_TAB_SEQUENCE, NS_OV, problems);
        for (const group of childrenNamed(tab, "Group")) {
          checkSequence(group, GROUP_SEQUENCE, NS_OV, problems);
          for (const control of childrenNamed(group, "Control")) {
            if (xsiType(control) !== "Button") continue;
            checkSequence(control, BUTTON_SEQUENCE, NS_OV, problems);
            const supertip = child(control, "Supertip");
            if (supertip !== undefined) {
              checkSequence(supertip, SUPERTIP_SEQUENCE, NS_OV, problems);
            }
            const action = child(control, "Action");
            if (action !== undefined && xsiType(action) === "ShowTaskpane") {
              checkSequence(action, SHOW_TASKPANE_SEQUENCE, NS_OV, problems);
              if (attr(tab, "id") === "TabHome" && child(action, "SourceLocation") !== undefined) {
                hasTaskpaneButton = true;
              }
            }
          }
        }
      }
    }
  }
  if (!hosts.some((h) => xsiType(h) === "Workbook")) {
    problems.push(`<OfficeApp/VersionOverrides/Hosts> must contain <Host xsi:type="Workbook">.`);
  }
  if (!hasTaskpaneButton) {
    problems.push(
      `VersionOverrides has no ribbon button that opens the task pane: expected ` +
        `ExtensionPoint xsi:type="PrimaryCommandSurface" → OfficeTab id="TabHome" → Group → ` +
        `Control xsi:type="Button" → Action xsi:type="ShowTaskpane" with a SourceLocation.`,
    );
  }

  // Office keys ribbon state by these ids; duplicates make one control shadow another.
  const seenIds = new Map<string, string>();
  for (const el of descendants(vo)) {
    if (el.local !== "Group" && el.local !== "Control") continue;
    const id = attr(el, "id");
    if (id === undefined || id === "") {
      problems.push(`<${el.path}> needs an id attribute.`);
    } else if (id.length > SHORT_STRING_MAX) {
      problems.push(`<${el.path}> id is longer than ${SHORT_STRING_MAX} characters.`);
    } else if (seenIds.has(id)) {
      problems.push(`<${el.path}> id "${id}" is already used by <${seenIds.get(id)}>.`);
    } else {
      seenIds.set(id, el.path);
    }
  }
}

function checkIcons(vo: XmlElement, problems: string[]): Array<{ el: XmlElement; size: number }> {
  const imageRefs: Array<{ el: XmlElement; size: number }> = [];
  for (const icon of descendants(vo).filter((e) => e.local === "Icon")) {
    checkSequence(icon, ICON_SEQUENCE, NS_BT, problems);
    const sizes: number[] = [];
    for (const image of childrenNamed(icon, "Image")) {
      const raw = attr(image, "size");
      const size = raw === undefined ? Number.NaN : Number(raw);
      if (!Number.isInteger(size) || !ALLOWED_ICON_SIZES.includes(size)) {
        problems.push(
          `<${image.path}> size="${raw ?? ""}" is not an icon size Office uses; use one of ` +
            `${ALLOWED_ICON_SIZES.join(", ")}.`,
        );
        continue;
      }
      if (sizes.includes(size)) {
        problems.push(`${describe(icon)} lists size ${size} twice.`);
      }
      sizes.push(size);
      imageRefs.push({ el: image, size });
    }
    const missing = REQUIRED_ICON_SIZES.filter((s) => !sizes.includes(s));
    if (missing.length > 0) {
      problems.push(
        `<${icon.path}> is missing required icon size(s) ${missing.join(", ")} ` +
          `(16, 32 and 80 are mandatory).`,
      );
    }
  }
  return imageRefs;
}

function checkImageSizes(
  app: XmlElement,
  imageRefs: Array<{ el: XmlElement; size: number }>,
  resources: Map<string, Resource>,
  readImageSize: (url: string) => ImageSize | null,
  problems: string[],
): void {
  const wanted: Array<{ url: string; size: number; from: string }> = [];
  // The base-manifest icons have fixed sizes: 32 px, and 64 px for high-DPI screens.
  for (const [name, size] of [
    ["IconUrl", 32],
    ["HighResolutionIconUrl", 64],
  ] as const) {
    const el = child(app, name);
    const url = el === undefined ? undefined : attr(el, "DefaultValue");
    if (url !== undefined) wanted.push({ url, size, from: `<OfficeApp/${name}>` });
  }
  for (const { el, size } of imageRefs) {
    const resource = resources.get(attr(el, "resid") ?? "");
    if (resource?.collection === "Images" && resource.value !== undefined) {
      wanted.push({
        url: resource.value,
        size,
        from: `<${el.path} size="${size}" resid="${resource.id}">`,
      });
    }
  }
  const checked = new Set<string>();
  for (const { url, size, from } of wanted) {
    const key = `${size} ${url}`;
    if (checked.has(key)) continue;
    checked.add(key);
    const actual = readImageSize(url);
    if (actual === null) {
      problems.push(
        `${from}: cannot read the image at ${url}; it should be a ${size}×${size} PNG.`,
      );
    } else if (actual.width !== size || actual.height !== size) {
      problems.push(
        `${from}: the image at ${url} is ${actual.width}×${actual.height} px but is declared as ` +
          `${size}×${size}; regenerate it (node scripts/make-icons.mjs) or fix the reference.`,
      );
    }
  }
}

// ---- Entry point ---------------------------------------------------------------------------------

export function checkManifest(
  xmlText: string,
  options: CheckManifestOptions = {},
): CheckManifestResult {
  const problems: string[] = [];
  const requiredPermission = options.requiredPermission ?? "ReadWriteDocument";

  const wellFormed = XMLValidator.validate(xmlText);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    return {
      problems: [`The manifest is not well-formed XML (line ${line}, column ${col}): ${msg}`],
    };
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    commentPropName: "#comment",
  });
  const ordered = parser.parse(xmlText) as OrderedNode[];
  const rootScope = new Map<string, string>([["xml", NS_XML]]);
  const roots: XmlElement[] = [];
  for (const node of ordered) {
    const key = elementKey(node);
    if (key !== undefined && key !== "#text") roots.push(buildElement(node, key, rootScope, ""));
  }
  if (roots.length !== 1 || roots[0] === undefined) {
    return {
      problems: [`The manifest must have exactly one root element; found ${roots.length}.`],
    };
  }
  const app = roots[0];

  if (app.local !== "OfficeApp") {
    return { problems: [`The root element is <${app.qname}>; it must be <OfficeApp>.`] };
  }
  if (app.ns !== NS_APP) {
    problems.push(`<OfficeApp> must declare xmlns="${NS_APP}" (found "${app.ns ?? "none"}").`);
  }
  const rootType = xsiType(app);
  if (rootType !== "TaskPaneApp") {
    problems.push(
      `<OfficeApp> must have xsi:type="TaskPaneApp" (with xmlns:xsi="${NS_XSI}"); ` +
        `found "${rootType ?? "none"}".`,
    );
  }

  checkSequence(app, TASKPANE_APP_SEQUENCE, NS_APP, problems);

  const id = child(app, "Id")?.text;
  if (id !== undefined && !GUID.test(id)) {
    problems.push(
      `<OfficeApp/Id> "${id}" must be a GUID such as 2dae80fc-50fa-4f4e-9c77-795a52ac6a4d.`,
    );
  }
  const version = child(app, "Version")?.text;
  if (version !== undefined && !VERSION.test(version)) {
    problems.push(`<OfficeApp/Version> "${version}" must look like 1.0.0.0 (up to four numbers).`);
  }
  const provider = child(app, "ProviderName")?.text;
  if (provider !== undefined && (provider === "" || provider.length > SHORT_STRING_MAX)) {
    problems.push(`<OfficeApp/ProviderName> must be 1–${SHORT_STRING_MAX} characters.`);
  }
  const locale = child(app, "DefaultLocale")?.text;
  if (locale !== undefined && !CULTURE_NAME.test(locale)) {
    problems.push(`<OfficeApp/DefaultLocale> "${locale}" must be a culture name such as en-US.`);
  }
  checkStringSetting(child(app, "DisplayName"), SHORT_STRING_MAX, problems);
  checkStringSetting(child(app, "Description"), LONG_STRING_MAX, problems);

  for (const name of ["IconUrl", "HighResolutionIconUrl", "SupportUrl"]) {
    const el = child(app, name);
    if (el !== undefined) checkLocaleAwareUrl(el, problems);
  }
  for (const domain of childrenNamed(child(app, "AppDomains"), "AppDomain")) {
    checkHttpsUrl(domain.text, `<${domain.path}>`, problems);
  }
  const sourceLocation = child(child(app, "DefaultSettings"), "SourceLocation");
  if (sourceLocation !== undefined) checkLocaleAwareUrl(sourceLocation, problems);
  else if (child(app, "DefaultSettings") !== undefined) {
    problems.push(
      `<OfficeApp/DefaultSettings> must contain <SourceLocation DefaultValue="https://…"/>.`,
    );
  }

  checkBaseHosts(app, problems);
  checkRequirements(app, problems);

  const permissions = child(app, "Permissions");
  if (permissions !== undefined) {
    if (!TASKPANE_PERMISSIONS.includes(permissions.text)) {
      problems.push(
        `<OfficeApp/Permissions> "${permissions.text}" is not valid for a task pane add-in; ` +
          `use one of ${TASKPANE_PERMISSIONS.join(", ")}.`,
      );
    } else if (permissions.text !== requiredPermission) {
      problems.push(
        `<OfficeApp/Permissions> is "${permissions.text}" but StockRec needs ` +
          `"${requiredPermission}" (it writes result sheets).`,
      );
    }
  }

  const vo = child(app, "VersionOverrides");
  if (vo !== undefined) {
    checkVersionOverrides(vo, problems);
    const resources = collectResources(vo, problems);
    checkResids(vo, resources, problems);
    const imageRefs = checkIcons(vo, problems);
    if (options.readImageSize !== undefined) {
      checkImageSizes(app, imageRefs, resources, options.readImageSize, problems);
    }
  } else if (options.readImageSize !== undefined) {
    checkImageSizes(app, [], new Map(), options.readImageSize, problems);
  }

  return { problems };
}

// ---- Helpers for callers that read icons from disk ----------------------------------------------

/** The webpack dev server origin every URL in the source manifest points at. */
export const DEV_SERVER_ORIGIN = "https://localhost:3000";

/**
 * Maps a dev-server URL to the repository-relative file it serves, or null for other origins.
 * webpack copies assets/ to the site root unchanged, so https://localhost:3000/assets/icon-32.png
 * is assets/icon-32.png in the repository.
 */
export function devUrlToRelativePath(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== DEV_SERVER_ORIGIN) return null;
  const relative = decodeURIComponent(parsed.pathname).replace(/^\/+/, "");
  // Refuse anything that could climb out of the repository.
  if (relative === "" || relative.split("/").some((part) => part === ".." || part === ".")) {
    return null;
  }
  return relative;
}

/** Width and height from a PNG's IHDR chunk, or null if the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): ImageSize | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkType = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunkType !== "IHDR") return null;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
