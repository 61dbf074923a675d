// Schema failures in the words of a problem document: each ajv error becomes a field (its path,
// with the missing or unknown property named) and why, the same for a JSON body, a query and a
// line of an NDJSON batch.
import type { FieldError } from '../domain/records.ts';

/** An error as ajv reports it. */
export interface SchemaError {
  instancePath: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Ajv's errors as field errors; `where` prefixes each field (body, querystring), or nothing for a line of a batch. */
export function fieldErrors(errors: readonly SchemaError[] | null | undefined, where?: string): FieldError[] {
  return (errors ?? []).map((e) => {
    const path = e.instancePath.split('/').slice(1);
    if (where) path.unshift(where);
    if (e.params?.missingProperty !== undefined) path.push(String(e.params.missingProperty));
    if (e.params?.additionalProperty !== undefined) {
      path.push(String(e.params.additionalProperty));
      return { field: path.join('.'), message: 'is not a property this request may carry' };
    }
    return { field: path.join('.'), message: e.message ?? 'is not valid' };
  });
}
