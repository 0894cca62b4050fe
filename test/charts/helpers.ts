import type { Figure } from '../../lib/charts';

/** The figure's JSON with every number rounded to 3 decimals (for snapshots). */
export function rounded(figure: Figure): unknown {
  return JSON.parse(
    JSON.stringify(figure, (_key, value) => (typeof value === 'number' ? Number(value.toFixed(3)) : value)),
  );
}

/** Freezes an object graph deeply (to prove the builders do not mutate their input). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/** The title text of an axis object in a layout. */
export function axisTitle(figure: Figure, axis: string): string | undefined {
  return ((figure.layout[axis] as { title?: { text?: string } } | undefined)?.title ?? {}).text;
}
