// The few rosapi services that roslib's Ros helpers call (getTopics, getServices, getTopicType,
// getServiceType), answered by the bridge itself from the graph, as rosbridge's rosapi node does.
import type { BridgeGraph } from './graph/BridgeGraph.ts';

export async function rosapiCall(graph: BridgeGraph, service: string, args: unknown): Promise<{ result: boolean; values: unknown }> {
  const name = service.replace(/^\/+/, '');
  const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  switch (name.slice('rosapi/'.length)) {
    case 'topics': {
      const topics = await graph.topics();
      return { result: true, values: { topics: topics.map((t) => t.name), types: topics.map((t) => t.types[0] ?? '') } };
    }
    case 'topics_for_type': {
      const topics = await graph.topics();
      return { result: true, values: { topics: topics.filter((t) => t.types.includes(String(a.type))).map((t) => t.name) } };
    }
    case 'services':
      return { result: true, values: { services: (await graph.services()).map((s) => s.name) } };
    case 'topic_type': {
      const name = await graph.resolve(String(a.topic ?? ''));
      return { result: true, values: { type: (await graph.topicType(name)) ?? '' } };
    }
    case 'service_type': {
      const name = await graph.resolve(String(a.service ?? ''));
      return { result: true, values: { type: (await graph.serviceType(name)) ?? '' } };
    }
    default:
      return { result: false, values: `navstack's bridge answers rosapi/topics, topics_for_type, services, topic_type and service_type, not '${service}'` };
  }
}
