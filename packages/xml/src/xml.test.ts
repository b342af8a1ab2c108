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
