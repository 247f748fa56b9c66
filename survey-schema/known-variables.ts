/**
 * The question variables of every registered questionnaire version, filled
 * by the registry (`registerMappings`): a draft may clear (`null`) a
 * variable of an earlier version that its own version no longer asks, as a
 * no-op, so that a client written for the earlier version does not fail.
 */
const known = new Set<string>();

/** @example rememberVariables(['terr_population']); */
export function rememberVariables(variables: Iterable<string>): void {
  for (const v of variables) known.add(v);
}

/** @example isVariableOfSomeVersion('terr_population'); // true (2026.1) */
export function isVariableOfSomeVersion(variable: string): boolean {
  return known.has(variable);
}
