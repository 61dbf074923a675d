// The demo's sample borrowers in financial credit reporting: a few inquiries in their past, each by
// a lender holding their written authorisation for the purpose (so reports show inquiry records),
// and today an authorisation held by their own lender, valid for a year, that demo-credentials.json
// names so a newcomer can ask for the report at once (Regulation art. 18). Everything through the
// lenders' real consent and inquiry services, and idempotent (a resumed seed redoes the step a stop
// interrupted): an authorisation recorded again with the same content is the recorded one, and an
// inquiry is made only if its lender has made none on that authorisation.
import type { Platform } from '../platform.ts';
import type { AgencyPrincipal } from '../../kernel/principal.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import { addDays, type IsoDate } from '../../domain/dates.ts';
import { assertNever } from '../../domain/assert-never.ts';
import type { BorrowerStory } from '../../synthetic/lenders.ts';
import { DEMO_LENDERS } from '../../synthetic/lenders.ts';

/** A borrower worth a look: who it is, its story, and the lender that holds the account telling it. */
export interface BorrowerSample {
  story: BorrowerStory;
  /** The resident identity number or USCC. */
  subject: string;
  kind: 'person' | 'enterprise';
  lender: string;
}

/** A sample borrower as demo-credentials.json names it: the lender holding a valid authorisation, its reference and purpose. */
export interface SampleBorrower {
  subject: string;
  lender: string;
  consent: string;
  purpose: string;
  story: BorrowerStory;
  kind: 'person' | 'enterprise';
}

/** What a lender asks a sample borrower's report for. */
export function purposeFor(story: BorrowerStory): string {
  switch (story) {
    case 'guarantor':
      return 'guarantee-qualification';
    case 'always-current':
      return 'credit-card-approval';
    case 'late-and-cured':
    case 'written-off':
    case 'expired-adverse':
    case 'enterprise':
      return 'loan-approval';
    default:
      return assertNever(story, 'borrower story');
  }
}

/** The authorisation is recorded, then the inquiry made on it (unless made before), both as the lender. */
async function authoriseAndInquire(
  platform: Platform,
  lender: AgencyPrincipal,
  sample: BorrowerSample,
  input: { reference: string; purpose: string; signedOn: IsoDate; expiresOn: IsoDate },
): Promise<void> {
  await runWithContext({ requestId: 'seed', actor: { id: lender.code, type: 'agency' } }, async () => {
    await platform.creditConsents.record(lender, {
      reference: input.reference,
      subject: sample.subject,
      purposes: [input.purpose],
      signedOn: input.signedOn,
      expiresOn: input.expiresOn,
    });
    const made = await platform.creditInquiries.inquiries(lender);
    if (made.some((i) => i.consent === input.reference)) return;
    await platform.creditInquiries.inquire(lender, { subject: sample.subject, purpose: input.purpose, consent: input.reference });
  });
}

/**
 * An inquiry in a sample borrower's past, on the day the clock is set to: by another lender than
 * its own (an application elsewhere) on an authorisation signed that day for 30 days.
 */
export async function pastInquiry(platform: Platform, principal: (code: string) => AgencyPrincipal, sample: BorrowerSample, n: number): Promise<void> {
  const others = DEMO_LENDERS.filter((l) => l.code !== sample.lender);
  const lender = principal(others[n % others.length]!.code);
  const today = platform.policy.localDate(platform.clock.now());
  await authoriseAndInquire(platform, lender, sample, {
    reference: `AUTH-${sample.story}-${n}`,
    purpose: purposeFor(sample.story),
    signedOn: today,
    expiresOn: addDays(today, 30),
  });
}

/**
 * Today: each sample's own lender records the borrower's authorisation, valid for a year, and
 * inquires once on it; the sample names it.
 */
export async function sampleAuthorisations(
  platform: Platform,
  principal: (code: string) => AgencyPrincipal,
  samples: readonly BorrowerSample[],
): Promise<SampleBorrower[]> {
  const today = platform.policy.localDate(platform.clock.now());
  const out = sampleBorrowers(samples);
  for (const [i, s] of samples.entries()) {
    const { consent, purpose } = out[i]!;
    await authoriseAndInquire(platform, principal(s.lender), s, { reference: consent, purpose, signedOn: today, expiresOn: addDays(today, 365) });
  }
  return out;
}

/** The sample borrowers as demo-credentials.json names them, each with the authorisation sampleAuthorisations records. */
export function sampleBorrowers(samples: readonly BorrowerSample[]): SampleBorrower[] {
  return samples.map((s) => ({ subject: s.subject, lender: s.lender, consent: `AUTH-${s.story}`, purpose: purposeFor(s.story), story: s.story, kind: s.kind }));
}
