import type { LogLevel, Logger } from './interfaces.ts';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, fatal: 50 };
const LABEL: Record<LogLevel, string> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'FATAL' };

export type LogSink = (line: string, level: LogLevel) => void;

let threshold: LogLevel = (process.env.NAVSTACK_LOG_LEVEL as LogLevel | undefined) ?? 'info';
if (!(threshold in LEVELS)) threshold = 'info';
let sink: LogSink = (line) => process.stderr.write(line + '\n');

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

/** Redirects log output (tests capture it; the default writes to stderr like rcutils). */
export function setLogSink(s: LogSink): LogSink {
  const old = sink;
  sink = s;
  return old;
}

/** rcutils' default format: [LEVEL] [seconds.nanoseconds] [logger]: message */
export function createLogger(name: string): Logger {
  const lastThrottled = new Map<string, number>();
  const log = (level: LogLevel, msg: string) => {
    if (LEVELS[level] < LEVELS[threshold]) return;
    const now = Date.now();
    sink(`[${LABEL[level]}] [${Math.floor(now / 1000)}.${String(now % 1000).padStart(3, '0')}000000] [${name}]: ${msg}`, level);
  };
  return {
    name,
    debug: (m) => log('debug', m),
    info: (m) => log('info', m),
    warn: (m) => log('warn', m),
    error: (m) => log('error', m),
    fatal: (m) => log('fatal', m),
    throttle(level, periodSeconds, msg) {
      const now = performance.now();
      const key = `${level}:${msg.replace(/[-\d.]+/g, '#')}`; // the same message with other numbers is the same call site
      const last = lastThrottled.get(key);
      if (last !== undefined && now - last < periodSeconds * 1000) return;
      lastThrottled.set(key, now);
      log(level, msg);
    },
  };
}
