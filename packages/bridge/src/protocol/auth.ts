// The rosbridge `auth` op, checked like rosauth: a MAC over client, dest, rand, t, level and end
// with a shared secret. navstack's MAC is HMAC-SHA512(secret, client+dest+rand+t+level+end) in hex;
// rosauth's original form, SHA-512(secret+client+dest+rand+t+level+end), is accepted too.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AuthOp } from './types.ts';

export type AuthFields = Omit<AuthOp, 'op' | 'mac'>;

export function stampSeconds(t: AuthOp['t']): number {
  if (typeof t === 'number') return Math.floor(t);
  if ('sec' in t) return Math.floor(t.sec);
  return Math.floor(t.secs);
}

function macInput(f: AuthFields): string {
  return `${f.client}${f.dest}${f.rand}${stampSeconds(f.t)}${f.level}${stampSeconds(f.end)}`;
}

/** The MAC a trusted party gives a client for these fields. */
export function computeAuthMac(secret: string, f: AuthFields): string {
  return createHmac('sha512', secret).update(macInput(f)).digest('hex');
}

/** rosauth's (ROS 1) MAC: SHA-512 of the secret followed by the fields. */
export function computeRosauthMac(secret: string, f: AuthFields): string {
  return createHash('sha512').update(secret + macInput(f)).digest('hex');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Returns undefined when the op authenticates, else why not. */
export function checkAuth(op: AuthOp, secret: string, nowSeconds = Date.now() / 1000, maxSkewSeconds = 30): string | undefined {
  const t = stampSeconds(op.t);
  const end = stampSeconds(op.end);
  if (Math.abs(nowSeconds - t) > maxSkewSeconds) return `auth: time t=${t} is more than ${maxSkewSeconds} s away from the server's clock (${Math.floor(nowSeconds)})`;
  if (end <= nowSeconds) return `auth: the session end time ${end} has passed`;
  if (!same(op.mac, computeAuthMac(secret, op)) && !same(op.mac, computeRosauthMac(secret, op))) return 'auth: the MAC does not match (wrong secret or fields)';
  return undefined;
}

/** Loopback addresses: a server bound to one of these needs no authentication. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  return a === 'localhost' || a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(a);
}
