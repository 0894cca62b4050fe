/**
 * `numerator / denominator`, or 0 when the denominator is 0: every ratio of the behaviour report. O(1).
 * @example [ratio(1, 4), ratio(3, 0)] // => [0.25, 0]
 */
export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
