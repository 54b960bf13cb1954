import { fhirLibrary, type FoundResource, type ImportProblem } from './parse';

/** Where a problem is, for the person who has to fix the file. */
export const problemAt = (found: FoundResource, location: string | null, message: string): ImportProblem => ({
  file: found.file,
  entry: found.entry,
  resourceType: found.resource.resourceType,
  resourceId: found.resource.id ?? null,
  location,
  message,
});

/**
 * The `fhir` library's R4 validation: required elements, unknown elements, cardinality, primitive
 * types and required value set bindings. Its warnings (codes outside example value sets, such as
 * SNOMED CT codes the library has no copy of) are not problems.
 */
export function validationProblems(found: FoundResource): ImportProblem[] {
  const result = fhirLibrary().validate(found.resource, { errorOnUnexpected: true });
  return result.messages
    .filter((m) => m.severity === 'error' || m.severity === 'fatal')
    .map((m) => problemAt(found, m.location || null, m.message ?? 'invalid'));
}
