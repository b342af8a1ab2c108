/**
 * Resolves on the first Ctrl-C (SIGINT) or SIGTERM; another one later than REPEAT_WINDOW_MS exits at once.
 * Ctrl-C under `ros2 launch` arrives twice within milliseconds (the terminal signals the whole process group
 * and launch forwards it to each node): that is one request to stop, not an impatient second one.
 */
const REPEAT_WINDOW_MS = 2000;

export function waitForShutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    let first: number | undefined;
    const handler = (sig: string) => {
      if (first === undefined) {
        first = Date.now();
        resolve(sig);
      } else if (Date.now() - first > REPEAT_WINDOW_MS) {
        console.error('navstack: forced exit');
        process.exit(130);
      }
    };
    process.on('SIGINT', () => handler('SIGINT'));
    process.on('SIGTERM', () => handler('SIGTERM'));
  });
}

/**
 * Waits for Ctrl-C (or SIGTERM) or for `done`, keeping the process alive meanwhile: signal handlers alone do not,
 * so a node with no timer of its own (policy_node on the local backend waits for messages) would let Node exit
 * at once, with the command's promise unsettled (exit code 13).
 */
export async function untilShutdown(done: Promise<unknown>): Promise<void> {
  const keepAlive = setInterval(() => undefined, 2 ** 30);
  try {
    await Promise.race([waitForShutdownSignal(), done]);
  } finally {
    clearInterval(keepAlive);
  }
}
