// Projections: tables derived from the ledger (subjects, records, list entries, objections,
// repair applications). The reducer is pure (projection/reducer.ts); the table specs are in
// projection/rows.ts and the reading and writing in projection/store.ts.
export * from './projection/rows.ts';
export * from './projection/reducer.ts';
export * from './projection/store.ts';
export * from './projection/attributes.ts';
