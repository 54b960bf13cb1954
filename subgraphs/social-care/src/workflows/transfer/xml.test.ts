import { parseXml, textOf, writeXml } from './xml';

describe('the transfer XML reader and writer', () => {
  it('reads back what it writes, escaping text and attributes', () => {
    const xml = writeXml({
      name: 'Root',
      attrs: { xmlns: 'urn:x', note: 'a "quoted" & <odd> value' },
      children: [{ name: 'Name', text: "O'Brien & Sons <Ltd>" }, null, { name: 'Empty', children: [] }],
    });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Root')).toBe(true);
    const root = parseXml(xml);
    expect(root.attrs.note).toBe('a "quoted" & <odd> value');
    expect(textOf(root, 'Name')).toBe("O'Brien & Sons <Ltd>");
    expect(root.children.map((c) => c.name)).toEqual(['Name', 'Empty']);
  });

  it('strips namespace prefixes, and reads CDATA, comments and character references', () => {
    const root = parseXml(
      `<?xml version="1.0"?><!-- sent by ELSID --><t:A xmlns:t="urn:x"><t:B><![CDATA[1 < 2 & 3]]></t:B><t:C>&#65;&#x42;</t:C><D x='1'/></t:A>`,
    );
    expect(root.name).toBe('A');
    expect(textOf(root, 'B')).toBe('1 < 2 & 3');
    expect(textOf(root, 'C')).toBe('AB');
    expect(root.children[2].attrs.x).toBe('1');
  });

  it.each([
    ['an unclosed element', '<A><B></B>', /<A> is not closed/],
    ['a mismatched end tag', '<A><B></C></A>', /unexpected <\/C>/],
    ['a DOCTYPE', '<!DOCTYPE A><A/>', /document type/],
    ['two roots', '<A/><B/>', /more than one root/],
    ['text outside the root', 'hello <A/>', /outside the root/],
    ['an unknown entity', '<A>&nbsp;</A>', /unknown entity/],
    ['nothing at all', '   ', /no root/],
  ])('refuses %s, saying where', (_label, xml, why) => {
    expect(() => parseXml(xml)).toThrow(why);
  });
});
