/**
 * A small XML reader and writer for the transfer format. The reader is only ever given documents
 * the XSD has already accepted, so it handles what such a document can hold (elements, attributes,
 * text, CDATA, comments, the XML declaration) and refuses anything else rather than guess.
 */

export interface XmlElement {
  /** Local name: the namespace was checked by the XSD. */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const named = ENTITIES[ref];
    if (named === undefined) throw new Error(`unknown entity ${whole}`);
    return named;
  });
}

const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

const NAME = /^[A-Za-z_][\w.:-]*/;
const ATTR = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/;

/** Parses a document into its root element; throws an Error saying where it went wrong. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const fail: (why: string) => never = (why) => {
    const line = source.slice(0, i).split('\n').length;
    throw new Error(`line ${line}: ${why}`);
  };
  const skip = (open: string, close: string) => {
    const end = source.indexOf(close, i + open.length);
    if (end < 0) fail(`unterminated ${open}`);
    const body = source.slice(i + open.length, end);
    i = end + close.length;
    return body;
  };

  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const text = source.slice(i, lt < 0 ? source.length : lt);
    if (text.trim()) {
      if (!stack.length) fail('text outside the root element');
      stack[stack.length - 1].text += decode(text);
    }
    if (lt < 0) break;
    i = lt;
    if (source.startsWith('<?', i)) skip('<?', '?>');
    else if (source.startsWith('<!--', i)) skip('<!--', '-->');
    else if (source.startsWith('<![CDATA[', i)) {
      const body = skip('<![CDATA[', ']]>');
      if (!stack.length) fail('CDATA outside the root element');
      stack[stack.length - 1].text += body;
    } else if (source.startsWith('<!', i)) fail('document type declarations are not accepted');
    else if (source.startsWith('</', i)) {
      const end = source.indexOf('>', i);
      if (end < 0) fail('unterminated end tag');
      const name = localName(source.slice(i + 2, end).trim());
      const open = stack.pop();
      if (!open || open.name !== name) fail(`unexpected </${name}>`);
      i = end + 1;
    } else {
      i++;
      const m = NAME.exec(source.slice(i));
      if (!m) fail('malformed start tag');
      const el: XmlElement = { name: localName(m[0]), attrs: {}, children: [], text: '' };
      i += m[0].length;
      for (let a = ATTR.exec(source.slice(i)); a; a = ATTR.exec(source.slice(i))) {
        el.attrs[localName(a[1])] = decode(a[3] ?? a[4] ?? '');
        i += a[0].length;
      }
      const rest = /^\s*(\/?)>/.exec(source.slice(i));
      if (!rest) fail(`malformed start tag <${el.name}>`);
      i += rest[0].length;
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) fail('more than one root element');
      else root = el;
      if (!rest[1]) stack.push(el);
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1].name}> is not closed`);
  if (!root) fail('no root element');
  return root;
}

/** The first child of that name, if any. */
export const child = (el: XmlElement, name: string): XmlElement | undefined =>
  el.children.find((c) => c.name === name);

/** Every child of that name. */
export const childrenNamed = (el: XmlElement, name: string): XmlElement[] =>
  el.children.filter((c) => c.name === name);

/** The trimmed text of a child, or null when the child is absent. */
export function textOf(el: XmlElement, name: string): string | null {
  const c = child(el, name);
  return c ? c.text.trim() : null;
}

export const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);

/** A node to write: an element with attributes and either text or children. Null children are left out. */
export interface XmlNode {
  name: string;
  attrs?: Record<string, string>;
  text?: string;
  children?: (XmlNode | null)[];
}

/** Writes a document, indented two spaces, with the XML declaration. */
export function writeXml(root: XmlNode): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const write = (n: XmlNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const attrs = Object.entries(n.attrs ?? {})
      .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
      .join('');
    const kids = (n.children ?? []).filter((c): c is XmlNode => c !== null);
    if (kids.length) {
      lines.push(`${pad}<${n.name}${attrs}>`);
      for (const k of kids) write(k, depth + 1);
      lines.push(`${pad}</${n.name}>`);
    } else if (n.text !== undefined) {
      lines.push(`${pad}<${n.name}${attrs}>${escapeXml(n.text)}</${n.name}>`);
    } else {
      lines.push(`${pad}<${n.name}${attrs}/>`);
    }
  };
  write(root, 0);
  return `${lines.join('\n')}\n`;
}

/** An element with text, or null (left out) when there is no value. */
export const leaf = (name: string, value: string | number | boolean | null | undefined): XmlNode | null =>
  value === null || value === undefined ? null : { name, text: String(value) };
