// The records the benchmarks load. Until the synthetic generator exists this builds a simple
// realistic mix directly.
import { buildUscc } from '../src/domain/ids/uscc.ts';

export interface BenchDataset {
  source: string;
  subjects: number;
  agencies: Array<{ code: string; name: string; kind: string }>;
  lines: Array<{
    agency: string;
    record: {
      item: string;
      subject: { code?: string; idNumber?: string; name: string };
      decision: { number: string; date: string; authority: string; basis: string };
      fields: Record<string, unknown>;
    };
  }>;
}

export async function benchDataset(records: number, today: string): Promise<BenchDataset> {
  const subjects = Math.max(1, Math.floor(records / 4));
  const codes = Array.from({ length: subjects }, (_, i) => buildUscc('9', '1', '330100', (10000000 + i).toString().slice(0, 8)));
  const lines: BenchDataset['lines'] = [];
  for (let i = 0; i < records; i++) {
    const s = i % subjects;
    const year = 2022 + (i % 4);
    lines.push({
      agency: 'samr-hangzhou',
      record: {
        item: 'administrative-penalty-general',
        subject: { code: codes[s]!, name: `杭州${s}科技有限公司` },
        decision: {
          number: `杭市监罚〔${year}〕${i}号`,
          date: `${year}-0${1 + (i % 9)}-1${i % 10}` <= today ? `${year}-0${1 + (i % 9)}-1${i % 10}` : today,
          authority: '杭州市市场监督管理局',
          basis: '《中华人民共和国广告法》第五十五条第一款',
        },
        fields: {
          penaltyTypes: ['fine'],
          violatedProvision: '《中华人民共和国广告法》第二十八条',
          facts: '当事人在其经营场所发布含有虚假内容的广告，违法所得人民币三千元。',
          fineAmount: 20000 + (i % 500) * 100,
        },
      },
    });
  }
  return { source: 'simple penalty mix', subjects, agencies: [{ code: 'samr-hangzhou', name: '杭州市市场监督管理局', kind: 'market-regulation' }], lines };
}
