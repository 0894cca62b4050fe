/** Number formats of the story sentences (internal: not exported from the package). */

/** `0.6832` → `68.3%` (the notebooks' narrative format). */
export function formatShare(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** `186000` → `186,000`. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Percentage points between two shares, signed: `+1.3 pt`. */
export function formatPoints(difference: number): string {
  const points = difference * 100;
  return `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pt`;
}
