// The viewer hands its page's token only to the rosbridge server of the host it came from.
import { describe, expect, it } from 'vitest';
import { pageToken, withPageToken } from '../web-viz/src/ros/token.ts';

describe('viewer token', () => {
  it('is read from ?token= and added to a rosbridge URL on the same host only', () => {
    expect(pageToken('?token=abc&x=1')).toBe('abc');
    expect(pageToken('')).toBeUndefined();
    expect(withPageToken('ws://192.168.1.5:9090', 'abc', '192.168.1.5')).toBe('ws://192.168.1.5:9090/?token=abc');
    expect(withPageToken('ws://other.example:9090', 'abc', '192.168.1.5')).toBe('ws://other.example:9090');
    expect(withPageToken('ws://192.168.1.5:9090/?token=mine', 'abc', '192.168.1.5')).toBe('ws://192.168.1.5:9090/?token=mine');
    expect(withPageToken('not a url', 'abc', 'x')).toBe('not a url');
    expect(withPageToken('ws://h:1', undefined, 'h')).toBe('ws://h:1');
  });
});
