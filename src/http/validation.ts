// Schema failures in the words of a problem document: each ajv error becomes a field (its path,
// with the missing or unknown property named) and why, the same for a JSON body, a query and a
// line of an NDJSON batch. And the same schemas for a request that reaches a service by another
// way than an API body (a portal form, the command line): checked() holds it to the API's rules.
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { FieldError } from '../domain/records.ts';
import { AppError } from '../kernel/problems.ts';

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

const checks = new WeakMap<TSchema, TypeCheck<TSchema>>();

/** The value if it satisfies the schema; else a 422 naming each field and why (`what` says what was sent). */
export function checked<T extends TSchema>(schema: T, value: unknown, what: string): Static<T> {
  let check = checks.get(schema);
  if (!check) checks.set(schema, (check = TypeCompiler.Compile(schema)));
  if (check.Check(value)) return value as Static<T>;
  const errors = [...check.Errors(value)].map((e) => ({ field: e.path.slice(1).replace(/\//g, '.'), message: e.message }));
  throw new AppError('validation-failed', `${what} is not valid: ${errors[0]?.field}: ${errors[0]?.message}`, { errors });
}
