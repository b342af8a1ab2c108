// The learning lab around @navstack/policy: expert demonstrations (MCAP bags), training (TensorFlow.js), ONNX
// export, and evaluation through the navigation stack that ships. Importing this index loads TensorFlow.js; the
// subpath exports (@navstack/learn/record, /train, /evaluate, /agents) load only what each needs.
export { record, RecordOptionsSchema, TOPICS, TASK_METADATA, type RecordOptions, type DatasetCard } from './data/record.ts';
export { loadSamples, loadBagSamples, splitByWorld, type Sample } from './data/dataset.ts';
export { train, TrainOptionsSchema, type TrainOptions, type TrainResult } from './train.ts';
export { exportOnnx, OPSET, INPUT_NAMES, OUTPUT_NAMES } from './exportOnnx.ts';
export { evaluate, EvaluateOptionsSchema, SuiteSchema, AGENTS, type AgentName, type EvaluateOptions, type EvaluateResult, type Suite, type AgentSummary } from './eval/evaluate.ts';
export { runEpisode, runFullStackEpisode, PolicyNodeAgent, SUCCESS_DISTANCE, type EpisodeAgent, type EpisodeResult, type FullStackResult } from './eval/stackEpisode.ts';
export { PolicyAgent, GroundTruthAgent, ClassicalAgent, RandomSearchAgent, type Agent } from './eval/agents.ts';
export { startAgentNode, type AgentNodeHandle } from './eval/AgentNode.ts';
export { generateTask, TEMPLATES } from './world/scenario.ts';
export type { Task, Split } from './world/types.ts';
