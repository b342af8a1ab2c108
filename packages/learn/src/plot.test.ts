import { describe, expect, it } from 'vitest';
import { barChartSvg, ticks, trainingCurvesSvg } from './plot.ts';

describe('plots people can read', () => {
  it('bar labels are not clipped: the left margin fits the longest label', () => {
    const svg = barChartSvg('success', [{ name: 'ablation: no lidar in the network', value: 0.7 }, { name: 'policy', value: 0.9 }], { max: 1 });
    const label = svg.match(/<text x="([\d.]+)" y="[\d.]+" text-anchor="end">ablation: no lidar in the network<\/text>/);
    expect(label).not.toBeNull();
    expect(Number(label![1])).toBeGreaterThanOrEqual('ablation: no lidar in the network'.length * 7); // ~7 px a character at 12 px
  });

  it('training curves: integer epoch ticks from the first epoch, loss and accuracy on their own axes', () => {
    const history = [1, 2, 3, 4, 5, 6, 7].map((epoch) => ({ epoch, trainLoss: 1.2 - epoch * 0.05, valLoss: 1.3 - epoch * 0.04, valAccuracy: 0.6 + epoch * 0.04 }));
    const svg = trainingCurvesSvg('policy 4.0.0', history);
    const xTicks = [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="middle">([^<]+)<\/text>/g)].map((m) => m[1]).filter((t) => t !== 'epoch');
    expect(xTicks.length).toBeGreaterThan(0);
    for (const t of xTicks) expect(Number.isInteger(Number(t)), t).toBe(true);
    expect(Math.min(...xTicks.map(Number))).toBeGreaterThanOrEqual(1);
    expect(svg).toContain('>loss</text>');
    expect(svg).toMatch(/accuracy \(the best column/);
    expect(ticks(1, 7, 8, true)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(ticks(0, 1, 4)).toEqual([0, 0.5, 1]);
    expect(ticks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});
