/**
 * Angle wrapped to (-pi, pi]. Equal to @navstack/nav's normalizeAngle up to the last bit; the atan2 form
 * is kept because the simulator is chaotic and the policy's behaviour settings were chosen with it.
 */
export function wrapAngle(a: number): number {
  return Math.atan2(Math.sin(a), Math.cos(a));
}
