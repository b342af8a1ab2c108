// The few rosapi services that roslib's Ros helpers call (getTopics, getServices, getTopicType,
// getServiceType), answered by the bridge itself from the node's view of the graph, as rosbridge's
// rosapi node does. Returns undefined for any other service.
import type { Node } from '@navstack/rcl';

export function rosapiCall(node: Node, service: string, args: unknown): { result: boolean; values: unknown } | undefined {
  const name = service.replace(/^\/+/, '');
  if (!name.startsWith('rosapi/')) return undefined;
  const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  const topics = node.getTopicNamesAndTypes?.() ?? [];
  const services = node.getServiceNamesAndTypes?.() ?? [];
  switch (name.slice('rosapi/'.length)) {
    case 'topics':
      return { result: true, values: { topics: topics.map((t) => t.name), types: topics.map((t) => t.types[0] ?? '') } };
    case 'topics_for_type':
      return { result: true, values: { topics: topics.filter((t) => t.types.includes(String(a.type))).map((t) => t.name) } };
    case 'services':
      return { result: true, values: { services: services.map((s) => s.name) } };
    case 'topic_type': {
      const t = topics.find((x) => x.name === node.resolveName(String(a.topic ?? '')));
      return { result: true, values: { type: t?.types[0] ?? '' } };
    }
    case 'service_type': {
      const s = services.find((x) => x.name === node.resolveName(String(a.service ?? '')));
      return { result: true, values: { type: s?.types[0] ?? '' } };
    }
    default:
      return { result: false, values: `navstack's bridge answers rosapi/topics, topics_for_type, services, topic_type and service_type, not '${service}'` };
  }
}
