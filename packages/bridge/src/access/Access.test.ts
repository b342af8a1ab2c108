import { describe, expect, it } from 'vitest';
import { AccessPolicy, hostNameOf, localAddresses } from './Access.ts';

const req = (headers: Record<string, string>, url = '/') => ({ url, headers });

describe('AccessPolicy', () => {
  it('reads host names from Host headers and origins (IPv6 in brackets, ports dropped)', () => {
    expect(hostNameOf('127.0.0.1:8080')).toBe('127.0.0.1');
    expect(hostNameOf('[::1]:9090')).toBe('::1');
    expect(hostNameOf('Robot1.LAB')).toBe('robot1.lab');
    expect(hostNameOf('')).toBeUndefined();
  });

  it('on loopback: IP literals and localhost pass the Host check; other names only when listed', () => {
    const p = new AccessPolicy({ address: '127.0.0.1', httpPort: 8080, allowedHosts: ['robot1.lab'], allowedOrigins: [], token: 't' });
    for (const h of ['127.0.0.1:9090', 'localhost:9090', '[::1]:9090', '10.1.2.3', 'robot1.lab:8080', 'app.localhost']) expect(p.checkHost(req({ host: h })), h).toBeUndefined();
    for (const h of ['evil.example', 'localhost.evil.example', '127.0.0.1.nip.io']) expect(p.checkHost(req({ host: h })), h).toMatch(/does not name this server/);
    expect(p.checkHost(req({}))).toMatch(/no Host header/);
  });

  it("accepts the viewer's own origin (its port, this server's names), listed origins, and no Origin; nothing else", () => {
    const p = new AccessPolicy({ address: '0.0.0.0', httpPort: 8080, allowedHosts: [], allowedOrigins: ['https://lab.example/'], token: undefined });
    const own = localAddresses().find((a) => !a.includes(':')) ?? '127.0.0.1';
    for (const o of ['http://127.0.0.1:8080', 'http://localhost:8080', `http://${own}:8080`, 'https://lab.example']) expect(p.checkOrigin(req({ origin: o })), o).toBeUndefined();
    expect(p.checkOrigin(req({}))).toBeUndefined();
    for (const o of ['http://127.0.0.1:5173', 'http://203.0.113.9:8080', 'https://127.0.0.1:8080', 'null', 'http://evil.example:8080']) expect(p.checkOrigin(req({ origin: o })), o).toMatch(/not this navstack viewer's/);
  });

  it('finds the token in the query or an Authorization header, compared in constant time', () => {
    const p = new AccessPolicy({ address: '127.0.0.1', httpPort: 8080, allowedHosts: [], allowedOrigins: [], token: 'secret-token' });
    expect(p.hasToken(req({}, '/?token=secret-token'))).toBe(true);
    expect(p.hasToken(req({ authorization: 'token secret-token' }))).toBe(true);
    expect(p.hasToken(req({ authorization: 'Bearer secret-token' }))).toBe(true);
    expect(p.hasToken(req({}, '/?token=secret-tokeN'))).toBe(false);
    expect(p.hasToken(req({}, '/?token='))).toBe(false);
    expect(new AccessPolicy({ address: '127.0.0.1', httpPort: 8080, allowedHosts: [], allowedOrigins: [], token: undefined }).hasToken(req({}, '/?token=x'))).toBe(false);
  });
});
