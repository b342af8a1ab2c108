import type { Executable, Node, RunningNode } from '@navstack/rcl';
import { DEFAULT_BRIDGE_OPTIONS } from './BridgeServer.ts';
import { serveBridge, SECRET_ENV, type RunningBridge } from './serve.ts';

/** Reads the rosbridge_server parameters (declared with their defaults) into serve options and starts the bridge. */
export async function startRosbridgeNode(node: Node): Promise<RunningBridge> {
  const d = DEFAULT_BRIDGE_OPTIONS;
  const port = node.declareParameter('port', 9090, { type: 'integer', range: { min: 0, max: 65535 }, description: 'rosbridge WebSocket port (0: any free port)', readOnly: true });
  const address = node.declareParameter('address', '127.0.0.1', { description: 'address to bind; any non-loopback address requires the auth op', readOnly: true });
  const httpPort = node.declareParameter('http_port', 8080, { type: 'integer', range: { min: -1, max: 65535 }, description: 'HTTP port serving the web viewer (-1: none)', readOnly: true });
  const allow = node.declareParameter('publish_allowlist', d.publishAllowlist, { type: 'string_array', description: "topics browsers may publish to ('prefix*' and '*' allowed)" });
  const maxMessageSize = node.declareParameter('max_message_size', d.maxMessageSize, { type: 'integer', range: { min: 1024, max: 1e9 }, description: 'largest incoming message in bytes' });
  const queueSize = node.declareParameter('queue_size', d.queueSize, { type: 'integer', range: { min: 1, max: 1e6 }, description: 'messages waiting per client before the oldest is dropped' });
  const queueBytes = node.declareParameter('queue_bytes', d.queueBytes, { type: 'integer', range: { min: 1024, max: 1e10 }, description: 'bytes waiting per client before the oldest is dropped' });
  const authSecretFile = node.declareParameter('auth_secret_file', '', { description: `file with the auth secret (else $${SECRET_ENV}); needed off loopback`, readOnly: true });
  const serviceTimeout = node.declareParameter('service_timeout', d.serviceTimeoutSeconds, { description: 'seconds to wait for a service answer' });
  const viewerDir = node.declareParameter('viewer_dir', '', { description: 'folder of the built viewer (default web-viz/dist)', readOnly: true });
  return serveBridge(node, {
    port,
    address,
    httpPort,
    publishAllowlist: allow as string[],
    maxMessageSize,
    queueSize,
    queueBytes,
    authSecretFile: authSecretFile || undefined,
    serviceTimeoutSeconds: serviceTimeout,
    viewerDir: viewerDir || undefined,
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
