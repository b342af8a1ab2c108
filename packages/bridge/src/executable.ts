import { param, ParamSchema, type Executable, type Node, type RunningNode } from '@navstack/rcl';
import { DEFAULT_BRIDGE_OPTIONS } from './BridgeServer.ts';
import { serveBridge, SECRET_ENV, type RunningBridge } from './serve.ts';

const d = DEFAULT_BRIDGE_OPTIONS;

/** Parameters of `rosbridge_server` (all read-only: they shape the server when it starts). */
export const BRIDGE_SCHEMA = new ParamSchema('rosbridge_server', {
  port: param.integer(9090, 'rosbridge WebSocket port (0: any free port)', { min: 0, max: 65535 }),
  address: param.string('127.0.0.1', 'address to bind: 127.0.0.1 (this machine) or 0.0.0.0 (the lab network, behind the token)'),
  http_port: param.integer(8080, 'HTTP port serving the web viewer (-1: none)', { min: -1, max: 65535 }),
  token: param.string('', 'per-run token for control (publish, services, releasing the e-stop); empty: a random one, printed in the viewer URL'),
  anonymous_access: param.string(d.anonymousAccess, "what a client without the token may do: 'read' (subscribe, engage the e-stop) or 'none' (only engage the e-stop)", { choices: ['read', 'none'] }),
  isolation: param.string('worker', "'worker': the bridge runs in its own thread, so no client can stall the safety node; 'inline': in the node's thread", { choices: ['worker', 'inline'] }),
  allowed_hosts: param.stringArray([], "host names clients may use besides IP addresses, localhost and this machine's name ('*': any)"),
  allowed_origins: param.stringArray([], "web origins (scheme://host:port) allowed besides the viewer's own ('*': any)"),
  publish_allowlist: param.stringArray([...d.publishAllowlist], "topics clients may publish to: 'name', 'name:type' (type pinned), 'prefix*', '*'"),
  service_allowlist: param.stringArray([...d.serviceAllowlist], "services clients may call or offer: 'name', 'name:type', 'prefix*', '*'"),
  estop_topic: param.string(d.estopTopic, 'the e-stop topic (std_msgs/Bool): always published latched; any accepted client may engage it, releasing needs the token'),
  max_message_size: param.integer(d.maxMessageSize, 'largest incoming message in bytes (larger frames are refused before they are buffered)', { min: 1024, max: 100_000_000 }),
  queue_size: param.integer(d.queueSize, 'messages waiting per client before the oldest is dropped', { min: 1, max: 100_000 }),
  queue_bytes: param.integer(d.queueBytes, 'bytes waiting per client before the oldest is dropped', { min: 65_536, max: 1_000_000_000 }),
  max_connections: param.integer(d.maxConnections, 'WebSocket clients at once (and as many more with the token)', { min: 1, max: 10_000 }),
  max_op_rate: param.integer(d.maxOpRate, 'ops a second one client may send that act on the graph (publish, subscribe, advertise, calls)', { min: 1, max: 1_000_000 }),
  max_subscriptions: param.integer(d.maxSubscriptions, 'topics one client may subscribe to at once', { min: 1, max: 100_000 }),
  max_pending_calls: param.integer(d.maxPendingCalls, 'service calls of one client waiting for an answer', { min: 1, max: 100_000 }),
  min_fragment_size: param.integer(d.minFragmentSize, 'a smaller fragment_size is raised to this (bytes)', { min: 16, max: 100_000_000 }),
  max_queue_length: param.integer(d.maxQueueLength, 'queue_length is capped at this', { min: 1, max: 100_000 }),
  max_throttle_rate: param.integer(d.maxThrottleRate, 'throttle_rate is capped at this (ms)', { min: 0, max: 86_400_000 }),
  auth_secret_file: param.string('', `file with the secret of the rosbridge 'auth' op (else $${SECRET_ENV}); optional: the token is enough`),
  service_timeout: param.double(d.serviceTimeoutSeconds, 'seconds to wait for a service answer by default', { min: 0.01, max: 3600 }),
  max_service_timeout: param.double(d.maxServiceTimeoutSeconds, 'a call_service timeout is capped at this (s)', { min: 0.01, max: 3600 }),
  viewer_dir: param.string('', 'folder of the built viewer (default web-viz/dist)'),
});

/** Reads the rosbridge_server parameters into serve options and starts the bridge. */
export async function startRosbridgeNode(node: Node): Promise<RunningBridge> {
  const p = BRIDGE_SCHEMA.declare(node);
  return serveBridge(node, {
    port: p.port,
    address: p.address,
    httpPort: p.http_port,
    token: p.token || undefined,
    anonymousAccess: p.anonymous_access as 'read' | 'none',
    isolation: p.isolation as 'worker' | 'inline',
    allowedHosts: p.allowed_hosts,
    allowedOrigins: p.allowed_origins,
    publishAllowlist: p.publish_allowlist,
    serviceAllowlist: p.service_allowlist,
    estopTopic: p.estop_topic,
    maxMessageSize: p.max_message_size,
    queueSize: p.queue_size,
    queueBytes: p.queue_bytes,
    maxConnections: p.max_connections,
    maxOpRate: p.max_op_rate,
    maxSubscriptions: p.max_subscriptions,
    maxPendingCalls: p.max_pending_calls,
    minFragmentSize: p.min_fragment_size,
    maxQueueLength: p.max_queue_length,
    maxThrottleRate: p.max_throttle_rate,
    authSecretFile: p.auth_secret_file || undefined,
    serviceTimeoutSeconds: p.service_timeout,
    maxServiceTimeoutSeconds: p.max_service_timeout,
    viewerDir: p.viewer_dir || undefined,
  });
}

export const rosbridgeServer: Executable = {
  pkg: 'navstack',
  exec: 'rosbridge_server',
  defaultNodeName: 'rosbridge_server',
  description: 'rosbridge v2 protocol server (WebSocket, JSON and CBOR) and the web viewer over HTTP',
  async start(node: Node): Promise<RunningNode> {
    const running = await startRosbridgeNode(node);
    return { stop: () => running.close() };
  },
};

export const executables: Executable[] = [rosbridgeServer];
