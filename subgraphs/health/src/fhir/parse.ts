import { textProblem } from '@care/common';
import { Fhir } from 'fhir';
import type { Bundle, Resource } from './r4';

export type FhirFormat = 'json' | 'xml';

/** One file (or mutation argument) to import. */
export interface FhirDocument {
  /** How problems name it: a file name, or "document" for the mutation's argument. */
  name: string;
  text: string;
  /** Sniffed from the first character when not given. */
  format?: FhirFormat | null;
}

/** Something that stops a document importing: where it is and what is wrong, for a person to fix. */
export interface ImportProblem {
  file: string;
  /** Index of the Bundle entry (from 0); null for a single resource or the document as a whole. */
  entry: number | null;
  resourceType: string | null;
  resourceId: string | null;
  /** The element at fault, e.g. `Condition.onsetDateTime`. */
  location: string | null;
  message: string;
}

/** A resource as found in a document, with where it came from. */
export interface FoundResource {
  file: string;
  entry: number | null;
  /** The Bundle entry's fullUrl, which references inside the Bundle may use. */
  fullUrl: string | null;
  resource: Resource;
}

export interface ParsedDocuments {
  resources: FoundResource[];
  problems: ImportProblem[];
  /** Bundle entries that carried no resource (e.g. a batch's read requests). */
  emptyEntries: number;
}

/** Bundle types whose entries are resources to take in. */
export const IMPORTABLE_BUNDLES: readonly string[] = ['collection', 'batch', 'transaction', 'searchset'];

let library: Fhir | null = null;
/** The R4 structure definitions load once (a few MB of JSON), on first use. */
export const fhirLibrary = (): Fhir => (library ??= new Fhir());

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function sniffFormat(text: string): FhirFormat | null {
  const first = text.trimStart()[0];
  return first === '<' ? 'xml' : first === '{' ? 'json' : null;
}

function elementCounts(xml: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of xml.matchAll(/<([A-Za-z_][\w.-]*)(?=[\s/>])/g))
    counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  return counts;
}

/** How deeply elements nest (comments already removed); a self-closing element counts as a level. */
function xmlDepth(xml: string): number {
  let depth = 0;
  let deepest = 0;
  for (const tag of xml.matchAll(/<(\/?)[A-Za-z_][^>]*?(\/?)>/g)) {
    if (tag[1]) depth -= 1;
    else deepest = Math.max(deepest, tag[2] ? depth + 1 : (depth += 1));
  }
  return deepest;
}

/**
 * XML through the `fhir` library (xml-js underneath). The library is lenient where an import
 * must not be: it ignores a missing closing tag and silently drops elements it does not know.
 * So the root must close and be in the FHIR namespace, and every element of the source must
 * survive a round trip through the library, or the document is refused.
 */
function parseXml(text: string): { value: unknown } | { error: string } {
  const xml = text.replace(/<!--[\s\S]*?-->/g, '').trim();
  const root = /^(?:<\?xml[^>]*\?>\s*)?<([A-Za-z]+)([^>]*)>/.exec(xml);
  if (!root) return { error: 'not an XML document with a FHIR resource at its root' };
  if (!/\sxmlns\s*=\s*["']http:\/\/hl7\.org\/fhir["']/.test(root[2])) {
    return { error: `the root element <${root[1]}> is not in the FHIR namespace http://hl7.org/fhir` };
  }
  if (!xml.endsWith(`</${root[1]}>`)) {
    return { error: `the document ends before </${root[1]}>: it is incomplete or not well formed` };
  }
  // The library converts recursively: nesting deeper than any resource overflows its stack.
  if (xmlDepth(xml) > MAX_FHIR_DEPTH)
    return { error: `the document is nested deeper than ${MAX_FHIR_DEPTH} levels` };
  let json: string | undefined;
  try {
    json = fhirLibrary().xmlToJson(xml);
  } catch (e) {
    return { error: `unreadable FHIR XML: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!json) return { error: 'unreadable FHIR XML: expected exactly one root element' };
  const value: unknown = JSON.parse(json);
  const kept = elementCounts(fhirLibrary().objToXml(value as object));
  const lost = [...elementCounts(xml)].filter(([name, n]) => (kept.get(name) ?? 0) < n).map(([name]) => name);
  if (lost.length > 0) {
    return {
      error: `elements that are not part of FHIR R4 where they appear: ${lost.slice(0, 10).join(', ')}`,
    };
  }
  return { value };
}

/** Deeper than any FHIR R4 resource nests, a Bundle's included (about 20 levels at most). */
export const MAX_FHIR_DEPTH = 100;

/**
 * What stops a parsed document being read at all: nesting deeper than MAX_FHIR_DEPTH (the
 * importer's walks recurse, and JSON.parse takes nesting hundreds of thousands deep), or a string
 * the text rule refuses. A loop over an explicit stack, so the check cannot overflow itself.
 */
function unreadableContent(root: unknown, rootPath: string): { path: string; message: string } | null {
  const stack: [unknown, string, number][] = [[root, rootPath, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, path, depth] = next;
    if (typeof value === 'string') {
      const problem = textProblem(value, true);
      if (problem) return { path, message: `text at ${path || 'the root'} ${problem}` };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_FHIR_DEPTH) {
      const at = path.length > 80 ? `${path.slice(0, 80)}…` : path;
      return { path: at, message: `the document is nested deeper than ${MAX_FHIR_DEPTH} levels, at ${at}` };
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}[${i}]`, depth + 1]);
      continue;
    }
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, v] = entries[i];
      const at = path ? `${path}.${key}` : key;
      stack.push([v, at, depth + 1], [key, at, depth + 1]);
    }
  }
  return null;
}

function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: `unreadable JSON: ${(e as Error).message}` };
  }
}

/**
 * Reads documents into resources: a single resource, or the entries of an importable Bundle.
 * Nothing is interpreted here beyond the document's shape; the plan validates each resource.
 */
export function parseDocuments(documents: readonly FhirDocument[]): ParsedDocuments {
  const out: ParsedDocuments = { resources: [], problems: [], emptyEntries: 0 };
  for (const doc of documents) {
    const problem = (message: string, extra: Partial<ImportProblem> = {}) =>
      out.problems.push({
        file: doc.name,
        entry: null,
        resourceType: null,
        resourceId: null,
        location: null,
        message,
        ...extra,
      });
    const format = doc.format ?? sniffFormat(doc.text);
    if (!format) {
      problem('neither JSON nor XML: the document must start with { or <');
      continue;
    }
    const parsed = format === 'xml' ? parseXml(doc.text) : parseJson(doc.text);
    if ('error' in parsed) {
      problem(parsed.error);
      continue;
    }
    const value = parsed.value;
    // The text rule every argument is held to, applied to what the document's escapes decode to
    // (`"\u0000"` is six harmless characters in the argument, a NUL once parsed).
    const root = isObject(value) && typeof value.resourceType === 'string' ? value.resourceType : '';
    const unreadable = unreadableContent(value, root);
    if (unreadable) {
      problem(unreadable.message, { location: unreadable.path || null });
      continue;
    }
    if (!isObject(value) || typeof value.resourceType !== 'string') {
      problem('not a FHIR resource: resourceType is missing');
      continue;
    }
    if (value.resourceType !== 'Bundle') {
      out.resources.push({
        file: doc.name,
        entry: null,
        fullUrl: null,
        resource: value as unknown as Resource,
      });
      continue;
    }
    const bundle = value as unknown as Bundle;
    const at = { resourceType: 'Bundle', resourceId: bundle.id ?? null };
    if (!IMPORTABLE_BUNDLES.includes(bundle.type)) {
      problem(`a ${String(bundle.type)} Bundle cannot be imported (${IMPORTABLE_BUNDLES.join(', ')})`, {
        ...at,
        location: 'Bundle.type',
      });
      continue;
    }
    if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) {
      problem('Bundle.entry must be a list', { ...at, location: 'Bundle.entry' });
      continue;
    }
    (bundle.entry ?? []).forEach((entry, i) => {
      if (!isObject(entry)) {
        problem('a Bundle entry must be an object', { ...at, entry: i, location: `Bundle.entry[${i}]` });
        return;
      }
      const method = isObject(entry.request) ? entry.request.method : undefined;
      if (method === 'DELETE' || method === 'PATCH') {
        // Skipping a delete would leave what the sender meant removed: refuse instead.
        problem(`${method} requests are not supported by this import`, {
          ...at,
          entry: i,
          location: `Bundle.entry[${i}].request`,
        });
        return;
      }
      const resource: unknown = entry.resource;
      if (resource === undefined) {
        out.emptyEntries++;
        return;
      }
      if (!isObject(resource) || typeof resource.resourceType !== 'string') {
        problem('not a FHIR resource: resourceType is missing', {
          entry: i,
          location: `Bundle.entry[${i}].resource`,
        });
        return;
      }
      out.resources.push({
        file: doc.name,
        entry: i,
        fullUrl: typeof entry.fullUrl === 'string' ? entry.fullUrl : null,
        resource: resource as unknown as Resource,
      });
    });
  }
  return out;
}
