import './style.css';
import { Quaternion, Vector3 } from 'three';
import { Connection } from './ros/Connection.ts';
import { pageToken } from './ros/token.ts';
import type { DiagnosticArray, Image, LaserScan, MarkerArray, OccupancyGrid, Odometry, Path, PoseStamped, TFMessage } from './ros/messages.ts';
import { PolicyDiagnostics } from './ros/PolicyDiagnostics.ts';
import { CandidateMarker } from './scene/CandidateMarker.ts';
import { CostmapLayer } from './scene/CostmapLayer.ts';
import { FloorGrid } from './scene/FloorGrid.ts';
import { GoalMarker } from './scene/GoalMarker.ts';
import { LaserPoints } from './scene/LaserPoints.ts';
import { PathLine } from './scene/PathLine.ts';
import { RobotModel } from './scene/RobotModel.ts';
import { SceneView, type CameraMode } from './scene/SceneView.ts';
import { TfTree } from './scene/TfTree.ts';
import { WorldMarkers } from './scene/WorldMarkers.ts';
import { CameraImage } from './ui/CameraImage.ts';
import { EStop } from './ui/EStop.ts';
import { InstructionBox } from './ui/InstructionBox.ts';
import { PolicyStrip } from './ui/PolicyStrip.ts';
import { StatusPanel } from './ui/StatusPanel.ts';
import { TaskPanel } from './ui/TaskPanel.ts';
import { Teleop } from './ui/Teleop.ts';

const Z_AXIS = new Vector3(0, 0, 1);

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;

interface BridgeInfo {
  port?: number;
  /** The bridge gives control only with its per-run token (or the auth op). */
  token?: boolean;
}

async function bridgeInfo(): Promise<BridgeInfo | undefined> {
  try {
    const r = await fetch('bridge.json', { cache: 'no-store' });
    if (r.ok) return (await r.json()) as BridgeInfo;
  } catch {
    /* not served by the navstack bridge */
  }
  return undefined;
}

function defaultUrl(info: BridgeInfo | undefined): string {
  const q = new URLSearchParams(location.search).get('url');
  if (q) return q;
  const host = location.hostname || '127.0.0.1';
  if (info?.port) return `ws://${host}:${info.port}`;
  return localStorage.getItem('navstack.rosbridgeUrl') ?? `ws://${host}:9090`;
}

async function main(): Promise<void> {
  const conn = new Connection();
  conn.token = pageToken();
  const tf = new TfTree();
  const robot = new RobotModel(tf);
  const view = new SceneView($('#scene'), robot);
  const world = new WorldMarkers(tf);
  const laser = new LaserPoints(tf);
  const costmap = new CostmapLayer(tf);
  const plan = new PathLine(tf);
  const goal = new GoalMarker(tf);
  const candidate = new CandidateMarker(robot);
  for (const o of [new FloorGrid(), world, costmap, plan, laser, goal, candidate, robot]) view.add(o);

  conn.subscribe<TFMessage>('/tf', 'tf2_msgs/msg/TFMessage', (m) => tf.add(m));
  conn.subscribe<TFMessage>('/tf_static', 'tf2_msgs/msg/TFMessage', (m) => tf.add(m));
  conn.subscribe<Odometry>('/odom', 'nav_msgs/msg/Odometry', (m) => robot.setOdometry(m), { throttleMs: 50 });
  conn.subscribe<LaserScan>('/scan', 'sensor_msgs/msg/LaserScan', (m) => laser.setScan(m), { throttleMs: 100 });
  conn.subscribe<MarkerArray>('/world_markers', 'visualization_msgs/msg/MarkerArray', (m) => {
    world.setMarkers(m);
    if (!view.userMovedCamera) view.fitTo(world.extent); // the whole world in view at start
  });
  conn.subscribe<OccupancyGrid>('/local_costmap', 'nav_msgs/msg/OccupancyGrid', (m) => costmap.setGrid(m), { throttleMs: 300 });
  conn.subscribe<Path>('/plan', 'nav_msgs/msg/Path', (m) => plan.setPath(m), { throttleMs: 200 });
  const camera = new CameraImage($<HTMLCanvasElement>('#camera'));
  conn.subscribe<Image>('/camera/image_raw', 'sensor_msgs/msg/Image', (m) => camera.setImage(m), { throttleMs: 50 });

  // Click on the floor: a goal in the map frame, facing away from the robot.
  conn.advertise('/goal_pose', 'geometry_msgs/msg/PoseStamped');
  let goalsSent = 0;
  let lastClick: PoseStamped | undefined;
  const q = new Quaternion();
  view.onFloorClick = (x, y) => {
    const yaw = robot.known ? Math.atan2(y - robot.position.y, x - robot.position.x) : 0;
    q.setFromAxisAngle(Z_AXIS, yaw);
    const msg: PoseStamped = { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' }, pose: { position: { x, y, z: 0 }, orientation: { x: q.x, y: q.y, z: q.z, w: q.w } } };
    if (conn.publish('/goal_pose', msg)) {
      goalsSent++;
      lastClick = msg;
      goal.setGoal(msg);
      $('#goal-note').textContent = `goal sent: (${x.toFixed(2)}, ${y.toFixed(2)})`;
    } else $('#goal-note').textContent = 'not connected: no goal sent';
  };

  const status = new StatusPanel(conn, $('#status'));
  const estop = new EStop(conn, $('#safety'));
  const instruction = new InstructionBox(conn, $<HTMLFormElement>('#instruction'));
  // The policy's view: column probabilities under the camera image, its candidate in the scene, its task.
  const policy = new PolicyDiagnostics();
  const strip = new PolicyStrip($<HTMLCanvasElement>('#policy-strip'), $('#policy-caption'));
  const task = new TaskPanel($('#task'));
  strip.render(policy);
  task.render(policy);
  conn.subscribe<DiagnosticArray>('/diagnostics', 'diagnostic_msgs/msg/DiagnosticArray', (m) => {
    status.addDiagnostics(m);
    estop.readDiagnostics(m);
    if (!policy.read(m)) return;
    candidate.setDetection(policy.bearing, policy.range);
    strip.render(policy);
    task.render(policy);
  });
  // A goal that is not this viewer's floor click, while the policy runs a task, is the policy's choice.
  const isOwn = (m: PoseStamped) => lastClick !== undefined && Math.abs(m.pose.position.x - lastClick.pose.position.x) < 1e-6 && Math.abs(m.pose.position.y - lastClick.pose.position.y) < 1e-6;
  conn.subscribe<PoseStamped>('/goal_pose', 'geometry_msgs/msg/PoseStamped', (m) => goal.setGoal(m, !isOwn(m) && policy.taskActive ? 'policy' : 'operator'));
  const teleop = new Teleop(conn, $('#joystick'));
  teleop.onChange = (lin, ang, active) => ($('#teleop-note').textContent = active ? `driving ${lin.toFixed(2)} m/s, ${ang.toFixed(2)} rad/s` : 'released (stopped)');

  const setMode = (mode: CameraMode) => {
    view.setMode(mode);
    $('#cam-orbit').classList.toggle('on', mode === 'orbit');
    $('#cam-follow').classList.toggle('on', mode === 'follow');
  };
  $('#cam-orbit').addEventListener('click', () => setMode('orbit'));
  $('#cam-follow').addEventListener('click', () => setMode('follow'));

  const urlInput = $<HTMLInputElement>('#url');
  $<HTMLFormElement>('#connect').addEventListener('submit', (e) => {
    e.preventDefault();
    const url = urlInput.value.trim();
    if (!url) return;
    localStorage.setItem('navstack.rosbridgeUrl', url);
    conn.connect(url);
  });
  conn.onState(() => status.render());
  const info = await bridgeInfo();
  const url = defaultUrl(info);
  if (info?.token && !conn.token) {
    const access = $('#access');
    access.textContent = 'read-only: open the URL with ?token=… that navstack printed to drive, send goals or release the e-stop';
    access.hidden = false;
  }
  urlInput.value = url;
  conn.connect(url);
  view.start();

  // Read-only hooks for the browser tests (and curious users in the console).
  const scratch = new Vector3();
  Object.assign(window, {
    __navstackViewer: {
      conn,
      view,
      robot,
      world,
      laser,
      estop,
      teleop,
      instruction,
      status,
      camera,
      candidate,
      goal,
      strip,
      policy,
      get goalsSent() {
        return goalsSent;
      },
      /** The robot's position on the canvas in CSS pixels, or null. */
      robotOnScreen(): { x: number; y: number } | null {
        if (!robot.known) return null;
        scratch.copy(robot.position).project(view.camera);
        const r = view.renderer.domElement.getBoundingClientRect();
        return { x: r.left + ((scratch.x + 1) / 2) * r.width, y: r.top + ((1 - scratch.y) / 2) * r.height };
      },
      /** Canvas client coordinates of a floor point. */
      floorToScreen(x: number, y: number): { x: number; y: number } {
        scratch.set(x, y, 0).project(view.camera);
        const r = view.renderer.domElement.getBoundingClientRect();
        return { x: r.left + ((scratch.x + 1) / 2) * r.width, y: r.top + ((1 - scratch.y) / 2) * r.height };
      },
    },
  });
}

main().catch((e: unknown) => {
  console.error(e);
  document.body.insertAdjacentHTML('afterbegin', `<pre class="fatal">viewer failed to start: ${String(e)}</pre>`);
});
