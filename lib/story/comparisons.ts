/**
 * One claim beside its computed counterpart ({@link ClaimComparison}), and the recorder both stories fill:
 * it looks the claim up, copies its source, summary and quote, and appends the computed side.
 */
import { claimOf, claimSource, type ReportClaim, type ReportClaims } from './claims';

/** One claim beside its computed counterpart. */
export interface ClaimComparison {
  id: string;
  /** File and section of the report. */
  source: string;
  /** The claim in English. */
  claim: string;
  /** The report's own words. */
  quote: string;
  /** The report's figure(s), formatted. */
  reference: string;
  /** The same figure(s) computed here, formatted. */
  computed: string;
  /** Whether the computed figure is within the claim's tolerance. */
  agrees: boolean;
  /** A computed sentence: why the numbers agree or differ. */
  note: string;
}

/** The comparisons recorded so far, and how to look a claim up and record one. */
export interface ClaimRecorder {
  comparisons: ClaimComparison[];
  /** The claim `id` (throws DataError when the claims have none). */
  claim(id: string): ReportClaim;
  /** Records claim `id` beside the computed figure, in call order. */
  add(id: string, reference: string, computed: string, agrees: boolean, note: string): void;
}

/** A recorder over `claims` (see {@link ClaimRecorder}). O(1) per call. */
export function claimRecorder(claims: ReportClaims): ClaimRecorder {
  const comparisons: ClaimComparison[] = [];
  const claim = (id: string): ReportClaim => claimOf(claims, id);
  const add = (id: string, reference: string, computed: string, agrees: boolean, note: string): void => {
    const c = claim(id);
    comparisons.push({
      id,
      source: claimSource(claims, c),
      claim: c.summary,
      quote: c.quote,
      reference,
      computed,
      agrees,
      note,
    });
  };
  return { comparisons, claim, add };
}

/** One row of the side-by-side table both notebooks show: the claim, its source, both figures, the verdict. */
// A type alias, not an interface: the rows go to `display.table`, which takes plain records.
export type ClaimTableRow = {
  claim: string;
  source: string;
  report: string;
  'this run': string;
  '': 'agrees' | 'differs';
  why: string;
};

/**
 * The comparisons as the table rows the notebooks display (one place for the columns and their order).
 *
 * @example
 * claimTable([{ id: 'x', source: 'r.md §1', claim: 'c', quote: 'q', reference: '5 %', computed: '5.1 %', agrees: true, note: 'n' }])[0][''] // => 'agrees'
 */
export function claimTable(comparisons: readonly ClaimComparison[]): ClaimTableRow[] {
  return comparisons.map((row) => ({
    claim: row.claim,
    source: row.source,
    report: row.reference,
    'this run': row.computed,
    '': row.agrees ? 'agrees' : 'differs',
    why: row.note,
  }));
}

/** |a − b| ≤ tolerance (shares compared in absolute points). */
export function near(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= tolerance;
}
