// A few credit checks on the sample subjects by the demo agencies, through the real check path,
// each followed by the agency's feedback (the measures it applied), so that the statistics of
// measures applied and the subjects' "checks about me" have something to show. A resumed seed
// runs only the checks a stop left undone: those already logged about a subject are counted, and
// one logged without its feedback gets it.
import type { Platform } from '../platform.ts';
import type { AgencyPrincipal } from '../../kernel/principal.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import type { Samples } from '../../synthetic/generator.ts';

const CHECKS_PER_SAMPLE = 3;

/** How many checks demoChecks runs on these samples. */
export function demoCheckCount(samples: Samples): number {
  return Object.values(samples).reduce((n: number, codes: string[]) => n + codes.length * CHECKS_PER_SAMPLE, 0);
}

export async function demoChecks(platform: Platform, agencies: AgencyPrincipal[], samples: Samples): Promise<number> {
  const scenarios = platform.policy.scenarios.map((s) => s.code);
  // The checks already logged about each sample, oldest first (a code may be a sample of two kinds).
  const logged = new Map<string, Awaited<ReturnType<Platform['checks']['about']>>>();
  let n = 0;
  for (const codes of Object.values(samples) as string[][]) {
    for (const code of codes) {
      let before = logged.get(code);
      if (!before) logged.set(code, (before = (await platform.checks.about(platform.subjects.keyOf(code))).reverse()));
      for (let i = 0; i < CHECKS_PER_SAMPLE; i++, n++) {
        const agency = agencies[n % agencies.length]!;
        const p = { kind: 'agency' as const, agency };
        const earlier = before.shift();
        await runWithContext({ requestId: 'seed', actor: { id: agency.code, type: 'agency' } }, async () => {
          if (earlier) {
            // Reported by the agency that ran it (checks logged at one instant come back in no set order).
            const by = agencies.find((a) => `agency:${a.code}` === earlier.askedBy);
            if (earlier.feedbackAction === null && by)
              await platform.checks.feedback({ kind: 'agency', agency: by }, earlier.checkId, feedbackOn(earlier.measures));
            return;
          }
          const r = await platform.checks.check(p, { subject: code, scenario: scenarios[(n * 7) % scenarios.length]! });
          await platform.checks.feedback(p, r.checkId, feedbackOn(r.measures.filter((m) => !m.suppressed).map((m) => m.code)));
        });
      }
    }
  }
  return n;
}

function feedbackOn(applied: string[]): Parameters<Platform['checks']['feedback']>[2] {
  return applied.length > 0 ? { action: 'measures-applied', measures: applied } : { action: 'no-action-needed' };
}
