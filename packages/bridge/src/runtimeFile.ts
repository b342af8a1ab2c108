// The running bridge's URLs and token in a file only this user can read, as Jupyter's runtime
// files: `navstack teleop` on the same machine finds the token there, so it need not be copied.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface RuntimeInfo {
  pid: number;
  ws_url: string;
  http_url: string;
  token: string;
}

/** $NAVSTACK_RUNTIME_DIR, else $XDG_RUNTIME_DIR/navstack, else ~/.local/share/navstack/runtime. */
export function runtimeDir(): string {
  if (process.env.NAVSTACK_RUNTIME_DIR) return process.env.NAVSTACK_RUNTIME_DIR;
  if (process.env.XDG_RUNTIME_DIR) return path.join(process.env.XDG_RUNTIME_DIR, 'navstack');
  return path.join(os.homedir(), '.local', 'share', 'navstack', 'runtime');
}

function fileFor(port: number): string {
  return path.join(runtimeDir(), `bridge-${port}.json`);
}

/** Writes the file (mode 0600 in a 0700 folder); a failure only loses the convenience, so it is ignored. */
export function writeRuntimeFile(port: number, info: RuntimeInfo): void {
  try {
    fs.mkdirSync(runtimeDir(), { recursive: true, mode: 0o700 });
    const f = fileFor(port);
    fs.writeFileSync(f, JSON.stringify(info), { mode: 0o600 });
    fs.chmodSync(f, 0o600);
  } catch {
    /* no runtime file: tools ask for the token instead */
  }
}

export function removeRuntimeFile(port: number): void {
  try {
    const f = fileFor(port);
    const info = JSON.parse(fs.readFileSync(f, 'utf8')) as RuntimeInfo;
    if (info.pid === process.pid) fs.rmSync(f);
  } catch {
    /* already gone */
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The token of the bridge this machine runs on the URL's port, if its runtime file is here. */
export function findLocalBridgeToken(wsUrl: string): string | undefined {
  let port: number;
  try {
    const u = new URL(wsUrl);
    if (u.searchParams.get('token')) return u.searchParams.get('token')!;
    port = Number(u.port || (u.protocol === 'wss:' ? 443 : 80));
  } catch {
    return undefined;
  }
  try {
    const info = JSON.parse(fs.readFileSync(fileFor(port), 'utf8')) as RuntimeInfo;
    return alive(info.pid) ? info.token : undefined;
  } catch {
    return undefined;
  }
}

/** The URL with `?token=` added (when a token is known and the URL has none). */
export function withToken(wsUrl: string, token: string | undefined): string {
  if (!token) return wsUrl;
  const u = new URL(wsUrl);
  if (!u.searchParams.has('token')) u.searchParams.set('token', token);
  return u.toString();
}
