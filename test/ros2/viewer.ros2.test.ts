// navstack's viewer in Chromium, through navstack's rosbridge server on the ros2 backend, showing a
// robot that an rclpy node drives (odom, /tf, scan, diagnostics): nothing of navstack's but the bridge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureViewerBuilt } from '../../web-viz/build.ts';
import { artifactPath, chromiumPath, launchBrowser } from '../browser/harness.ts';
import { buildWorkspace, eventually, Proc, PYTHON, REPO } from './harness.ts';

describe.skipIf(!chromiumPath())('the viewer on the ros2 backend', () => {
  const procs: Proc[] = [];
  let browser: Browser | undefined;
  let ws: string;
  beforeAll(async () => {
    await ensureViewerBuilt();
    ws = await buildWorkspace();
  });
  afterAll(async () => {
    await browser?.close();
    procs.forEach((p) => p.kill());
  });

  it('shows the laser, the robot and the diagnostics an rclpy robot publishes', async () => {
    const bridge = new Proc('ros2 run navstack rosbridge_server --ros-args -p port:=0 -p http_port:=0', { ws });
    const robot = new Proc(`${PYTHON} ${REPO}test/ros2/py/fake_robot.py`);
    procs.push(bridge, robot);
    const url = (await bridge.waitFor(/web viewer: (http:\/\/\S+)/, 60_000))[1]!;
    await robot.waitFor(/driving/);
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    const viewer = () => page.evaluate(() => {
      const v = (window as any).__navstackViewer;
      return { state: v.conn.state as string, laser: v.laser.count as number, robot: v.robot.known as boolean };
    });
    await eventually(async () => {
      const v = await viewer();
      return v.state === 'connected' && v.laser > 300 && v.robot ? v : undefined;
    }, 30_000, 250);
    await page.locator('#diagnostics-section summary').click(); // the status panel folds diagnostics: open them as a user would
    await eventually(async () => ((await page.locator('#diagnostics').innerText()).includes('driving a circle') ? true : undefined), 15_000, 250);
    await page.screenshot({ path: artifactPath('ros2-viewer-rclpy-robot.png') });
    expect((await viewer()).laser).toBeGreaterThan(300);
  });
});
