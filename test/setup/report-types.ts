/**
 * The report types, read with the TypeScript compiler: every property path (from the report's root, as
 * {@link badNumbers} names them) whose declared type includes `null`. test/report-numbers.test.ts checks that
 * this equals the checker's allow-list, so a type that gains `| null` needs a documented entry, and an entry
 * whose type lost it is refused.
 */
import * as path from 'node:path';
import ts from 'typescript';
import type { ReportKind } from './report-numbers';

const ROOT = path.join(__dirname, '../..');

/** The declared type of each kind of report: file (relative to the root) and exported type name. */
export const REPORT_TYPES: Record<ReportKind, readonly [file: string, type: string, array?: 'array']> = {
  behavior: ['lib/behavior/analyze.ts', 'QueryReport'],
  retail: ['lib/lifecycle/types.ts', 'RetailReport'],
  behaviorStory: ['lib/story/behavior-story.ts', 'BehaviorStory'],
  lifecycleStory: ['lib/story/comparisons.ts', 'ClaimComparison', 'array'],
  horizons: ['lib/story/churn-horizons.ts', 'HorizonRow', 'array'],
  exploration: ['lib/story/explore-retail.ts', 'RetailExploration'],
};

/**
 * `kind path` of every property typed `... | null` in the report types (arrays as `[]`), sorted.
 *
 * @example
 * nullablePaths() // => ['retail $.input.dateOrder']
 */
export function nullablePaths(): string[] {
  const files = [...new Set(Object.values(REPORT_TYPES).map(([file]) => path.join(ROOT, file)))];
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const found: string[] = [];
  const walk = (kind: string, type: ts.Type, at: string, depth: number): void => {
    if (depth > 10) return;
    const parts = type.isUnion() ? type.types : [type];
    for (const part of parts) {
      if (checker.isArrayType(part) || checker.isTupleType(part)) {
        for (const element of checker.getTypeArguments(part as ts.TypeReference))
          walk(kind, element, `${at}[]`, depth + 1);
        continue;
      }
      if (!(part.flags & ts.TypeFlags.Object) || part.getCallSignatures().length > 0) continue;
      for (const property of checker.getPropertiesOfType(part)) {
        const declaration = property.valueDeclaration ?? property.declarations?.[0];
        if (declaration === undefined) continue;
        const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration);
        const key = `${at}.${property.getName()}`;
        const members = propertyType.isUnion() ? propertyType.types : [propertyType];
        if (members.some((member) => member.flags & ts.TypeFlags.Null)) found.push(`${kind} ${key}`);
        walk(kind, propertyType, key, depth + 1);
      }
    }
  };
  for (const [kind, [file, name, array]] of Object.entries(REPORT_TYPES)) {
    const source = program.getSourceFile(path.join(ROOT, file));
    if (source === undefined) throw new Error(`report-types: cannot read ${file}`);
    const module = checker.getSymbolAtLocation(source);
    let symbol = module && checker.getExportsOfModule(module).find((s) => s.getName() === name);
    if (symbol === undefined) throw new Error(`report-types: ${file} exports no ${name}`);
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    walk(kind, checker.getDeclaredTypeOfSymbol(symbol), array ? '$[]' : '$', 0);
  }
  return [...new Set(found)].sort();
}

/**
 * Names of lib's public functions (exports of lib/index.ts) that return (or resolve to) a report of one of
 * {@link REPORT_TYPES}, or an array of one: the report builders the suite-wide check must wrap.
 *
 * @example
 * reportBuilderNames() // => ['analyzeBehavior', 'analyzeBehaviorSql', 'analyzeRetail', ...]
 */
export function reportBuilderNames(): string[] {
  const index = path.join(ROOT, 'lib/index.ts');
  const program = ts.createProgram([index], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const exportsOf = (file: string) => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, file))!)!;
    return checker.getExportsOfModule(module);
  };
  const reportTypes = Object.values(REPORT_TYPES).map(([file, name]) => {
    let symbol = exportsOf(file).find((s) => s.getName() === name)!;
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return checker.getDeclaredTypeOfSymbol(symbol);
  });
  const isReport = (type: ts.Type): boolean => {
    const element = checker.isArrayType(type) ? checker.getTypeArguments(type as ts.TypeReference)[0] : type;
    return (
      element !== undefined &&
      !(element.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) &&
      reportTypes.some((report) => checker.isTypeAssignableTo(element, report))
    );
  };
  const names: string[] = [];
  for (let symbol of exportsOf('lib/index.ts')) {
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol.valueDeclaration;
    if (declaration === undefined) continue;
    const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
    for (const signature of type.getCallSignatures()) {
      const returned = checker.getAwaitedType(signature.getReturnType()) ?? signature.getReturnType();
      if (isReport(returned)) {
        names.push(symbol.getName());
        break;
      }
    }
  }
  return names.sort();
}
