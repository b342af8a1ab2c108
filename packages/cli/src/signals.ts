/** Resolves on the first Ctrl-C (SIGINT) or SIGTERM; a second one exits at once. */
export function waitForShutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    let count = 0;
    const handler = (sig: string) => {
      count++;
      if (count > 1) {
        console.error('navstack: forced exit');
        process.exit(130);
      }
      resolve(sig);
    };
    process.on('SIGINT', () => handler('SIGINT'));
    process.on('SIGTERM', () => handler('SIGTERM'));
  });
}
