// The search index follows the projection as a listener (src/ledger/listeners.ts): names of new
// and renamed subjects are indexed in the transaction that appended them, and a rebuild empties it
// with the projections.
import type { ProjectionListener } from '../../ledger/listeners.ts';
import { indexSubjects } from './search.store.ts';

export const searchIndexListener: ProjectionListener = {
  name: 'subject-search',
  subjectsNamed: (tx, subjects, fresh) => indexSubjects(tx, subjects, { fresh }),
  cleared: async (tx) => {
    await tx.query('TRUNCATE subject_search');
  },
};
