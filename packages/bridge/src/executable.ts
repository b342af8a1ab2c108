import { ParameterError, type Executable, type Node, type RunningNode } from '@navstack/rcl';
import { DEFAULT_BRIDGE_OPTIONS } from './BridgeServer.ts';
import { serveBridge, SECRET_ENV, type RunningBridge } from './serve.ts';

const int = (min: number, max: number) => ({ type: 'integer' as const, range: { min, max } });

/** Reads the rosbridge_server parameters (declared with their defaults) into serve options and starts the bridge. */
export async function startRosbridgeNode(node: Node): Promise<RunningBridge> {
  const d = DEFAULT_BRIDGE_OPTIONS;
  const ro = { readOnly: true };
  const p = <V extends string | number | string[]>(name: string, value: V, description: string, extra: object = {}) => node.declareParameter(name, value, { description, ...extra }) as V;
  const port = p('port', 9090, 'rosbridge WebSocket port (0: any free port)', { ...int(0, 65535), ...ro });
  const address = p('address', '127.0.0.1', 'address to bind: 127.0.0.1 (this machine) or 0.0.0.0 (the lab network, behind the token)', ro);
  const httpPort = p('http_port', 8080, 'HTTP port serving the web viewer (-1: none)', { ...int(-1, 65535), ...ro });
  const token = p('token', '', 'per-run token for control (publish, services, releasing the e-stop); empty: a random one, printed in the viewer URL', ro);
  const anonymous = p('anonymous_access', d.anonymousAccess, "what a client without the token may do: 'read' (subscribe, engage the e-stop) or 'none' (only engage the e-stop)", ro);
  if (anonymous !== 'read' && anonymous !== 'none') throw new ParameterError(`rosbridge_server: anonymous_access must be 'read' or 'none', got '${anonymous}'`);
  const isolation = p('isolation', 'worker', "'worker': the bridge runs in its own thread, so no client can stall the safety node; 'inline': in the node's thread", ro);
  if (isolation !== 'worker' && isolation !== 'inline') throw new ParameterError(`rosbridge_server: isolation must be 'worker' or 'inline', got '${isolation}'`);
  const serveOptions = {
    port,
    address,
    httpPort,
    token: token || undefined,
    anonymousAccess: anonymous,
    isolation,
    allowedHosts: p('allowed_hosts', [] as string[], "host names clients may use besides IP addresses, localhost and this machine's name ('*': any)", ro),
    allowedOrigins: p('allowed_origins', [] as string[], "web origins (scheme://host:port) allowed besides the viewer's own ('*': any)", ro),
    publishAllowlist: p('publish_allowlist', d.publishAllowlist, "topics clients may publish to: 'name', 'name:type' (type pinned), 'prefix*', '*'", ro),
    serviceAllowlist: p('service_allowlist', d.serviceAllowlist, "services clients may call or offer: 'name', 'name:type', 'prefix*', '*'", ro),
    estopTopic: p('estop_topic', d.estopTopic, 'the e-stop topic (std_msgs/Bool): always published latched; any accepted client may engage it, releasing needs the token', ro),
    maxMessageSize: p('max_message_size', d.maxMessageSize, 'largest incoming message in bytes (larger frames are refused before they are buffered)', { ...int(1024, 100_000_000), ...ro }),
    queueSize: p('queue_size', d.queueSize, 'messages waiting per client before the oldest is dropped', { ...int(1, 100_000), ...ro }),
    queueBytes: p('queue_bytes', d.queueBytes, 'bytes waiting per client before the oldest is dropped', { ...int(65_536, 1_000_000_000), ...ro }),
    maxConnections: p('max_connections', d.maxConnections, 'WebSocket clients at once (and as many more with the token)', { ...int(1, 10_000), ...ro }),
    maxOpRate: p('max_op_rate', d.maxOpRate, 'ops a second one client may send that act on the graph (publish, subscribe, advertise, calls)', { ...int(1, 1_000_000), ...ro }),
    maxSubscriptions: p('max_subscriptions', d.maxSubscriptions, 'topics one client may subscribe to at once', { ...int(1, 100_000), ...ro }),
    maxPendingCalls: p('max_pending_calls', d.maxPendingCalls, 'service calls of one client waiting for an answer', { ...int(1, 100_000), ...ro }),
    minFragmentSize: p('min_fragment_size', d.minFragmentSize, 'a smaller fragment_size is raised to this (bytes)', { ...int(16, 100_000_000), ...ro }),
    maxQueueLength: p('max_queue_length', d.maxQueueLength, 'queue_length is capped at this', { ...int(1, 100_000), ...ro }),
    maxThrottleRate: p('max_throttle_rate', d.maxThrottleRate, 'throttle_rate is capped at this (ms)', { ...int(0, 86_400_000), ...ro }),
    authSecretFile: p('auth_secret_file', '', `file with the secret of the rosbridge 'auth' op (else $${SECRET_ENV}); optional: the token is enough`, ro) || undefined,
    serviceTimeoutSeconds: p('service_timeout', d.serviceTimeoutSeconds, 'seconds to wait for a service answer by default', { range: { min: 0.01, max: 3600 }, ...ro }),
    maxServiceTimeoutSeconds: p('max_service_timeout', d.maxServiceTimeoutSeconds, 'a call_service timeout is capped at this (s)', { range: { min: 0.01, max: 3600 }, ...ro }),
    viewerDir: p('viewer_dir', '', 'folder of the built viewer (default web-viz/dist)', ro) || undefined,
  };
  return serveBridge(node, serveOptions);
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
