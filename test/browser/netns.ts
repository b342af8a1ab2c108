// "Another machine" for the remote-monitoring test: a network namespace joined to this one by a veth
// pair, with its own loopback and a default route through this machine (as a laptop on the lab
// network). Needs root and iproute2; Chromium runs inside it through a wrapper script.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface NetNs {
  name: string;
  /** This machine's address on the veth link. */
  hostAddress: string;
  /** A Chromium executable that runs inside the namespace. */
  chromium: string;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

/** Why a namespace cannot be made here, or undefined. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'pipe' });
  } catch {
    return 'no iproute2 (ip netns)';
  }
  return undefined;
}

export function createNetNs(chromium: string): NetNs {
  const id = (process.pid % 200) + 20;
  const name = `navstack-t${process.pid}`;
  const host = `vh${process.pid}`.slice(0, 15);
  const peer = `vn${process.pid}`.slice(0, 15);
  const hostAddress = `10.231.${id}.1`;
  const remove = () => {
    try {
      ip('netns', 'del', name);
    } catch {
      /* gone */
    }
    try {
      ip('link', 'del', host);
    } catch {
      /* went with the namespace */
    }
  };
  remove();
  ip('netns', 'add', name);
  try {
    ip('link', 'add', host, 'type', 'veth', 'peer', 'name', peer);
    ip('link', 'set', peer, 'netns', name);
    ip('addr', 'add', `${hostAddress}/24`, 'dev', host);
    ip('link', 'set', host, 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `10.231.${id}.2/24`, 'dev', peer);
    ip('netns', 'exec', name, 'ip', 'link', 'set', peer, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
    ip('netns', 'exec', name, 'ip', 'route', 'add', 'default', 'via', hostAddress);
  } catch (e) {
    remove();
    throw e;
  }
  const wrapper = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netns-chromium-')), 'chromium');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${name} ${chromium} "$@"\n`, { mode: 0o755 });
  return { name, hostAddress, chromium: wrapper, remove };
}
