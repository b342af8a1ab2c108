/** Nav2's cost values (costmap_2d/cost_values.hpp). */
export const FREE_SPACE = 0;
export const INSCRIBED_INFLATED_OBSTACLE = 253;
export const LETHAL_OBSTACLE = 254;
export const NO_INFORMATION = 255;

/** Nav2's inflation: lethal on the obstacle, inscribed within the robot radius, exponential decay beyond. */
export function inflatedCost(distance: number, inscribedRadius: number, inflationRadius: number, costScalingFactor: number): number {
  if (distance <= 0) return LETHAL_OBSTACLE;
  if (distance <= inscribedRadius) return INSCRIBED_INFLATED_OBSTACLE;
  if (distance > inflationRadius) return FREE_SPACE;
  return Math.max(1, Math.floor((INSCRIBED_INFLATED_OBSTACLE - 1) * Math.exp(-costScalingFactor * (distance - inscribedRadius))));
}

/** Costmap cost -> OccupancyGrid value, as Nav2's costmap publisher translates it. */
export function costToOccupancy(cost: number): number {
  if (cost === NO_INFORMATION) return -1;
  if (cost === LETHAL_OBSTACLE) return 100;
  if (cost === INSCRIBED_INFLATED_OBSTACLE) return 99;
  if (cost === FREE_SPACE) return 0;
  return 1 + Math.floor((97 * (cost - 1)) / 251);
}
