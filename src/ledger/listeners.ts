// Derived indexes beyond the projection tables (subject search, for one) follow the projection as
// listeners: the projection tells them, inside the transaction that appended the events, which
// subjects were named or renamed, and when the projections are emptied for a rebuild. The
// projection knows no listener by name; the app registers them when it assembles the platform.
import type { Queryable } from '../store/database.ts';

/** A subject's name as the projection now holds it. */
export interface SubjectName {
  subjectKey: string;
  name: string;
}

export interface ProjectionListener {
  /** A stable name: registering the same listener twice keeps one. */
  readonly name: string;
  /**
   * Subjects that a transaction about to append may name for the first time, told before it
   * takes its logs, so that a listener can prepare what it derives from them outside the logs'
   * locks. A hint: subjectsNamed follows with the subjects actually named, and must not rely on it.
   */
  subjectsComing?(subjects: readonly SubjectName[]): void;
  /** Subjects seen for the first time (`fresh`) or renamed, in the appending transaction. */
  subjectsNamed(tx: Queryable, subjects: readonly SubjectName[], fresh: boolean): Promise<void>;
  /** The projections were emptied before a rebuild: empty what derives from them. */
  cleared(tx: Queryable): Promise<void>;
}

const listeners = new Map<string, ProjectionListener>();

export function registerProjectionListener(listener: ProjectionListener): void {
  listeners.set(listener.name, listener);
}

export function projectionListeners(): Iterable<ProjectionListener> {
  return listeners.values();
}
