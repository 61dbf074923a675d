// Every value of the fixed enumerations the portal and the report print has a label in both
// languages, so no page shows a bare code.
import { describe, expect, it } from 'vitest';
import { ENUM_LABELS, enumLabel } from '../../src/domain/labels.ts';
import {
  DISCLOSURE_LEVELS,
  LIST_TYPES,
  MEASURE_EFFECTS,
  POLARITIES,
  RECORD_CATEGORIES,
  REMOVAL_REASONS,
  SERIOUS_LIST_AREAS,
  SUBJECT_KINDS,
} from '../../src/domain/enumerations.ts';
import { LIST_ENTRY_STATES } from '../../src/domain/lists.ts';
import { OBJECTION_STATES, REPAIR_STATES } from '../../src/domain/due-process.ts';

const ENUMERATIONS: Record<string, readonly string[]> = {
  kind: SUBJECT_KINDS,
  category: RECORD_CATEGORIES,
  polarity: POLARITIES,
  disclosure: DISCLOSURE_LEVELS,
  listType: LIST_TYPES,
  area: SERIOUS_LIST_AREAS,
  reason: REMOVAL_REASONS,
  effect: MEASURE_EFFECTS,
  state: LIST_ENTRY_STATES,
  objectionState: OBJECTION_STATES,
  repairState: REPAIR_STATES,
  targetType: ['record', 'list-entry'],
};

describe('enumeration labels', () => {
  it.each(Object.entries(ENUMERATIONS))('labels every %s in Chinese and English, and nothing else', (kind, values) => {
    for (const v of values) {
      expect(enumLabel(kind, v, 'zh'), `${kind} ${v}`).toMatch(/[\u4e00-\u9fff]/);
      expect(enumLabel(kind, v, 'en'), `${kind} ${v}`).toMatch(/^[a-z' ]+$/);
    }
    expect(Object.keys(ENUM_LABELS[kind]!).sort()).toEqual([...values].sort());
  });

  it('shows an unknown value as itself and a missing one as a dash', () => {
    expect(enumLabel('kind', 'something-new', 'zh')).toBe('something-new');
    expect(enumLabel('no-such-enumeration', 'x', 'en')).toBe('x');
    expect(enumLabel('kind', null, 'zh')).toBe('—');
  });
});
