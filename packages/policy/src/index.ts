import type { Executable } from '@navstack/rcl';
import { policyNodeExecutable } from './policyNode.ts';

export { record, RecordOptionsSchema, TOPICS, TASK_METADATA, type RecordOptions, type DatasetCard } from './data/record.ts';
export { readBag, BagReadError, type BagContents, type BagMessage } from './data/BagReader.ts';
export { BagWriter } from './data/BagWriter.ts';
export { loadSamples, loadBagSamples, splitByWorld, type Sample } from './data/dataset.ts';
export { train, TrainOptionsSchema, type TrainOptions, type TrainResult } from './train.ts';
export { exportOnnx, OPSET, INPUT_NAMES, OUTPUT_NAMES } from './exportOnnx.ts';
export { evaluate, EvaluateOptionsSchema, SuiteSchema, AGENTS, type EvaluateOptions, type EvaluateResult, type Suite, type AgentSummary } from './eval/evaluate.ts';
export { OnnxPolicy, ModelLoadError, type PolicyOutput } from './OnnxPolicy.ts';
export { PolicyRunner } from './PolicyRunner.ts';
export { ModelCardSchema, ModelCardError, readCard, cardPathFor, type ModelCard } from './card.ts';
export { Vocabulary, splitWords, UNK } from './tokenizer.ts';
export * from './preprocess.ts';
export { estimateTarget, type TargetEstimate } from './decision.ts';
export { GoalBehaviour, DEFAULT_BEHAVIOUR, type BehaviourOptions, type Mode } from './GoalBehaviour.ts';
export { ApproxTimeSync } from './ApproxTimeSync.ts';
export { startPolicyNode, policyNodeExecutable, DEFAULT_MODEL_PATH, POLICY_SCHEMA, type PolicyNodeHandle } from './policyNode.ts';
export { generateTask, TEMPLATES } from './world/scenario.ts';

/** The nodes this package provides (`<node pkg="navstack" exec="policy_node"/>`). */
export const executables: Executable[] = [policyNodeExecutable];
