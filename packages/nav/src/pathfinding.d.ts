// Minimal typings for the `pathfinding` npm package (devDependency, used by bench.ts only).
declare module 'pathfinding' {
  export class Grid {
    constructor(width: number, height: number, matrix?: number[][]);
    clone(): Grid;
    setWalkableAt(x: number, y: number, walkable: boolean): void;
  }
  export const DiagonalMovement: { Always: number; Never: number; IfAtMostOneObstacle: number; OnlyWhenNoObstacles: number };
  export class AStarFinder {
    constructor(options?: { diagonalMovement?: number; weight?: number });
    findPath(sx: number, sy: number, ex: number, ey: number, grid: Grid): number[][];
  }
  const PF: { Grid: typeof Grid; AStarFinder: typeof AStarFinder; DiagonalMovement: typeof DiagonalMovement };
  export default PF;
}
