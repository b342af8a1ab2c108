/** Named colours used by procedural worlds (sRGB 0..255). */
export const COLORS: Record<string, [number, number, number]> = {
  red: [200, 30, 30],
  green: [30, 170, 40],
  blue: [30, 60, 210],
  yellow: [225, 205, 30],
  orange: [235, 120, 20],
  purple: [130, 40, 170],
  white: [235, 235, 235],
  black: [25, 25, 25],
};

export function colorRgb(name: string): [number, number, number] {
  return COLORS[name] ?? [128, 128, 128];
}
