import { describe, expect, it } from 'vitest';
import { parseXml, XmlError } from './index.ts';

describe('parseXml', () => {
  it('keeps element lines, attributes and text', () => {
    const root = parseXml('<sdf version="1.9">\n  <world name="w">\n    <gravity>0 0 -9.8</gravity>\n  </world>\n</sdf>', 'w.sdf');
    expect(root.name).toBe('sdf');
    expect(root.attributes.version).toBe('1.9');
    const world = root.children[0]!;
    expect(world.line).toBe(2);
    expect(world.children[0]!.text).toBe('0 0 -9.8');
    expect(world.children[0]!.line).toBe(3);
    expect(world.children[0]!.parent).toBe(world);
  });

  it('reports malformed XML with file and line', () => {
    expect(() => parseXml('<a>\n<b>\n</a>', 'bad.xml')).toThrow(XmlError);
    try {
      parseXml('<a>\n<b>\n</a>', 'bad.xml');
    } catch (e) {
      expect((e as XmlError).message).toMatch(/^bad\.xml:3: malformed XML/);
    }
  });
});

describe('parseXml with tinyxml2 leniency (as libsdformat reads SDF)', () => {
  // gz-sim's own examples/worlds/empty.sdf has comments like this one; strict XML forbids `--` in comments
  const gz = `<?xml version="1.0" ?>\n<!--\n  Try moving a model:\n  gz service -s /world/empty/set_pose --reqtype gz.msgs.Pose --timeout 300 --req 'name: "box", position: {z: 5.0}'\n-->\n<sdf version="1.6">\n  <world name="empty"/>\n</sdf>`;

  it('strict parsing rejects `--` in comments, naming the line', () => {
    expect(() => parseXml(gz, 'empty.sdf')).toThrow(/^empty\.sdf:4: malformed XML/);
  });

  it('accepts `--` in comments and keeps lines', () => {
    const root = parseXml(gz, 'empty.sdf', { tinyxml2: true });
    expect(root.name).toBe('sdf');
    expect(root.children[0]!.line).toBe(7);
  });

  it('ends a comment at the first -->, as tinyxml2 does', () => {
    const root = parseXml('<a><!-- x --- y ---><b/><!-- z !--></a>', 'c.xml', { tinyxml2: true });
    expect(root.children.map((c) => c.name)).toEqual(['b']);
  });

  it('leaves comment-like text in CDATA alone', () => {
    const root = parseXml('<a><![CDATA[<!-- a -- b -->]]></a>', 'c.xml', { tinyxml2: true });
    expect(root.text).toBe('<!-- a -- b -->');
  });

  it('accepts whitespace before the XML declaration', () => {
    const root = parseXml('\n\n<?xml version="1.0"?>\n<sdf version="1.9"/>', 'w.sdf', { tinyxml2: true });
    expect(root.line).toBe(4);
    expect(() => parseXml('\n\n<?xml version="1.0"?>\n<sdf version="1.9"/>', 'w.sdf')).toThrow(/malformed XML/);
  });

  it('still reports real errors with file and line', () => {
    expect(() => parseXml('<a>\n<!-- ok -- ok -->\n<b>\n</a>', 'bad.sdf', { tinyxml2: true })).toThrow(/^bad\.sdf:4: malformed XML/);
  });
});
