/**
 * The original reports' claims as data (`data/reports/claims.json`): parsing, lookup and formatting helpers.
 * The notebooks render these beside the numbers they compute; no claim is typed into a markdown cell.
 */
import { DataError } from '../errors';

/** A claim's reference value: a number, a label, or a list of labels. */
export type ClaimValue = number | string | string[];

/** One claim of an original report. */
export interface ReportClaim {
  /** Stable key such as `taobao.pareto`. */
  id: string;
  /** Key of the report in {@link ReportClaims.reports}. */
  report: string;
  /** The report's section heading. */
  section: string;
  /** The report's own words (a short citation). */
  quote: string;
  /** The claim in English. */
  summary: string;
  /** Reference values by name (shares in [0, 1], counts, days, hours). */
  values: Record<string, ClaimValue>;
}

/** The parsed claims file. */
export interface ReportClaims {
  reports: Record<string, { file: string; title: string; data: string }>;
  claims: ReportClaim[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isClaimValue(value: unknown): value is ClaimValue {
  return (
    (typeof value === 'number' && Number.isFinite(value)) ||
    typeof value === 'string' ||
    (Array.isArray(value) && value.every((item) => typeof item === 'string'))
  );
}

/**
 * Checks and returns a parsed `claims.json` (every claim with its report, section, quote, summary and values).
 *
 * Complexity: O(claims).
 * @param json The parsed JSON.
 * @param source Name used in error messages. Default `'claims.json'`.
 * @throws DataError `claims.json: invalid claims[3].section: undefined` for a missing or mistyped field, an
 *   unknown report key or a duplicate id.
 * @example
 * parseReportClaims({ reports: { r: { file: 'r.md', title: 'R', data: 'd' } }, claims: [] }).claims.length; // => 0
 */
export function parseReportClaims(json: unknown, source = 'claims.json'): ReportClaims {
  const fail = (name: string, value: unknown): never => {
    throw new DataError(`invalid ${name}: ${JSON.stringify(value)}`, { file: source, column: name, value });
  };
  if (!isRecord(json)) return fail('claims file', typeof json);
  const reports = json.reports;
  if (!isRecord(reports)) return fail('reports', reports);
  for (const [key, report] of Object.entries(reports))
    if (!isRecord(report) || typeof report.file !== 'string' || typeof report.title !== 'string')
      fail(`reports.${key}`, report);
  if (!Array.isArray(json.claims)) return fail('claims', json.claims);
  const seen = new Set<string>();
  const claims = json.claims.map((claim: unknown, index): ReportClaim => {
    if (!isRecord(claim)) return fail(`claims[${index}]`, claim);
    for (const field of ['id', 'report', 'section', 'quote', 'summary'])
      if (typeof claim[field] !== 'string' || claim[field] === '')
        fail(`claims[${index}].${field}`, claim[field]);
    const id = claim.id as string;
    if (seen.has(id)) fail(`claims[${index}].id (duplicate)`, id);
    seen.add(id);
    if (!(String(claim.report) in reports)) fail(`claims[${index}].report`, claim.report);
    const values = claim.values;
    if (!isRecord(values)) return fail(`claims[${index}].values`, values);
    for (const [name, value] of Object.entries(values))
      if (!isClaimValue(value)) fail(`claims[${index}].values.${name}`, value);
    return {
      id,
      report: claim.report as string,
      section: claim.section as string,
      quote: claim.quote as string,
      summary: claim.summary as string,
      values: values as Record<string, ClaimValue>,
    };
  });
  return { reports: reports as ReportClaims['reports'], claims };
}

/**
 * The claim with this id.
 *
 * Complexity: O(claims).
 * @throws DataError `invalid claim id: "x"` when there is none.
 * @example
 * const claims = loadReportClaims('data/reports/claims.json');
 * claimOf(claims, 'taobao.pareto').values.share80; // => 0.097
 */
export function claimOf(claims: ReportClaims, id: string): ReportClaim {
  const claim = claims.claims.find((c) => c.id === id);
  if (!claim) throw new DataError(`invalid claim id: ${JSON.stringify(id)}`, { column: 'id', value: id });
  return claim;
}

/**
 * A claim's numeric reference value.
 *
 * Complexity: O(1).
 * @throws DataError `invalid taobao.pareto.values.x: undefined` when the value is missing or not a number.
 * @example
 * const claims = loadReportClaims('data/reports/claims.json');
 * claimNumber(claimOf(claims, 'taobao.pareto'), 'k80'); // => 689
 */
export function claimNumber(claim: ReportClaim, name: string): number {
  const value = claim.values[name];
  if (typeof value !== 'number')
    throw new DataError(`invalid ${claim.id}.values.${name}: ${JSON.stringify(value)}`, {
      column: name,
      value,
    });
  return value;
}

/**
 * Where a claim comes from: `taobao-user-behavior-report.md, section 3.1 市场格局：高市场集中度分析`.
 *
 * Complexity: O(1).
 * @example
 * const claims = loadReportClaims('data/reports/claims.json');
 * claimSource(claims, claimOf(claims, 'taobao.pareto'));
 * // => 'taobao-user-behavior-report.md, section 3.1 市场格局：高市场集中度分析'
 */
export function claimSource(claims: ReportClaims, claim: ReportClaim): string {
  const file = claims.reports[claim.report]?.file ?? claim.report;
  return `${file}, section ${claim.section}`;
}
