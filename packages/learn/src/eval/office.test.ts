/**
 * The first thing the viewer suggests, as a new user tries it: in the bundled office world "go to the red box" and
 * "go to the red box by the wall" reach the red box (and say so only there) from a start in every room and in the
 * corridor, through the stack that ships, within the hand-built suite's 180 s.
 */
import { describe, expect, it } from 'vitest';
import { loadWorldFile } from '@navstack/sim';
import { DEFAULT_MODEL_PATH } from '@navstack/policy';
import { REPO_ROOT } from '../paths.ts';
import { PolicyNodeAgent, runEpisode } from './stackEpisode.ts';

const OFFICE = `${REPO_ROOT}/worlds/office.sdf`;
const world = loadWorldFile(OFFICE, { onWarning: () => {} });
const target = world.objects.find((o) => o.name === 'red_box')!;
const STARTS = [
  { room: 'middle room', x: 0, y: 0, yaw: 0 },
  { room: 'middle room, south', x: 0, y: -4, yaw: 1.57 },
  { room: 'west room, south', x: -5.5, y: -2.5, yaw: 0 },
  { room: 'west room, north', x: -5, y: 2, yaw: -1.57 },
  { room: 'east room, north', x: 5.5, y: 2, yaw: Math.PI },
  { room: 'east room, south', x: 5.5, y: -2, yaw: Math.PI },
];

describe('the office world: "go to the red box" (and "... by the wall") from every start', () => {
  for (const instruction of ['go to the red box', 'go to the red box by the wall'])
    for (const s of STARTS)
      it(`"${instruction}" from the ${s.room}`, async () => {
        const start = { x: s.x, y: s.y, yaw: s.yaw };
        const r = await runEpisode(0, { split: 'heldout', seed: 1, layout: 'handbuilt', worldName: 'office', worldFile: OFFICE, start, target, instruction, phrase: 'red box', objects: world.objects }, new PolicyNodeAgent('policy', DEFAULT_MODEL_PATH), { maxSeconds: 180, decisionHz: 5 });
        expect(r.reason).toBe('success');
        expect(r.lastStatus.task_state).toBe('arrived');
        expect(r.endDistance).toBeLessThan(1);
        expect(r.collisions).toBe(0);
      });
});
