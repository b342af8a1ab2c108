// What runs on a robot: the policy node, ONNX inference, preprocessing, the goal behaviour. Recording,
// training, export and evaluation live in @navstack/learn.
import type { Executable } from '@navstack/rcl';
import { policyNodeExecutable } from './policyNode.ts';

export { OnnxPolicy, ModelLoadError, type PolicyOutput } from './OnnxPolicy.ts';
export { PolicyRunner, type RunResult } from './PolicyRunner.ts';
export { ModelCardSchema, ModelCardError, readCard, cardPathFor, type ModelCard } from './card.ts';
export { Vocabulary, splitWords, UNK } from './tokenizer.ts';
export * from './preprocess.ts';
export { scanSegments, type ScanSegment } from './lidarShape.ts';
export { estimateTarget, type TargetEstimate } from './decision.ts';
export { GoalBehaviour, DEFAULT_BEHAVIOUR, behaviourFromCard, type BehaviourOptions, type Decision, type Mode } from './GoalBehaviour.ts';
export { parseInstruction, attributePhrase, describe as describeAttributes, type ParsedInstruction, type Relation, type Attributes } from './instruction.ts';
export { SensorEnvelopeSchema, BUNDLED_SENSORS, checkScan, checkImage, type SensorEnvelope } from './SensorCheck.ts';
export { TaskTracker, type TaskState } from './TaskTracker.ts';
export { CoverageGrid } from './CoverageGrid.ts';
export { RelationResolver, nearWall } from './RelationResolver.ts';
export { closeUpCheck, closeUpVerdict, SHARP_SCAN_NOISE } from './closeUpCheck.ts';
export { StillScans } from './StillScans.ts';
export { ApproxTimeSync, type Stamped } from './ApproxTimeSync.ts';
export { poseFromOdom, type Pose2D } from './pose.ts';
export { PolicyNode, policyNodeExecutable, DEFAULT_MODEL_PATH, POLICY_SCHEMA, type PolicyNodeStats } from './policyNode.ts';

/** The nodes this package provides (`<node pkg="navstack" exec="policy_node"/>`). */
export const executables: Executable[] = [policyNodeExecutable];
