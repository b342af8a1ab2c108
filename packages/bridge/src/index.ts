export { BridgeServer, DEFAULT_BRIDGE_OPTIONS, DEFAULT_PUBLISH_ALLOWLIST, type BridgeOptions, type BridgeStats } from './BridgeServer.ts';
export { ClientConnection } from './ClientConnection.ts';
export { SendQueue, type BridgeSocket, type Outgoing, type SendQueueOptions } from './SendQueue.ts';
export { serveBridge, SECRET_ENV, type RunningBridge, type ServeOptions } from './serve.ts';
export { createStaticSite, DEFAULT_VIEWER_DIR } from './StaticSite.ts';
export { checkAuth, computeAuthMac, computeRosauthMac, isLoopbackAddress } from './protocol/auth.ts';
export { parseClientFrame, parseClientOp, encodeCbor, decodeCbor, fragmentJson } from './protocol/parse.ts';
export * from './protocol/types.ts';
export { executables, rosbridgeServer, startRosbridgeNode } from './executable.ts';
