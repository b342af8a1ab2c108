/**
 * The agents `navstack eval` compares (a module of its own so the CLI can check names without loading evaluation).
 * Ablations: 'no-camera', 'no-language' and 'no-lidar' take that input away from the policy (the network trained
 * without it and, for the lidar, a behaviour that gets no scan: goals ranged by the network's range head, search
 * without lidar coverage). 'no-lidar-network' takes the lidar from the network only; the behaviour still ranges,
 * checks occlusion and searches with it. 'no-relations' is the policy's own model with the relational words of the
 * instruction removed (policy_node's `relations: false`): the relational ablation. The navigation stack under every agent keeps its lidar.
 */
export const AGENTS = ['policy', 'ground-truth', 'classical', 'random', 'no-camera', 'no-lidar', 'no-lidar-network', 'no-language', 'no-relations'] as const;
export type AgentName = (typeof AGENTS)[number];
