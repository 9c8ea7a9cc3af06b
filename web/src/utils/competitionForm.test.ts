// Specification of the competition set-up form: the body it sends, the checks made before
// sending, where server errors show, and what an amendment changed.
import { describe, expect, it } from 'vitest';
import type { Competition } from '@/api/competitions';
import {
  changedFields,
  checkForm,
  emptyForm,
  formFromCompetition,
  formItemOf,
  poolFen,
  ruleChanges,
  ruleValue,
  toPayload,
  toRfc3339,
  type CompetitionForm,
  type ValueText,
} from './competitionForm';

const stored: Competition = {
  id: 7,
  region_code: '440700000000',
  region_name: '江门市',
  name: '2026年江门市妇女儿童公益创投大赛',
  series: '江门市妇女儿童公益创投',
  phase_no: 1,
  year: 2026,
  kind: 'venture',
  description: '',
  pool_fen: 40000000,
  budget_pool_id: null,
  eligibility: {
    kinds: ['association'],
    regions: ['440700000000'],
    min_grade: null,
    exclude_abnormal: true,
  },
  matching_ratio_pct: 10,
  expert_weight_pct: 70,
  vote_weight_pct: 30,
  award_rule: { cutoff: 'skip', region_quotas: { '440705000000': 2 } },
  criteria: [
    { code: 'plan', name: '方案', weight: 60 },
    { code: 'budget', name: '预算', weight: 40 },
  ],
  vote_rules: { max_entries_per_day: 3, per_entry_per_day: 1 },
  counts_hidden: true,
  apply_opens_at: '2026-03-01T00:00:00Z',
  apply_closes_at: '2026-03-31T00:00:00Z',
  qualify_closes_at: '2026-04-10T00:00:00Z',
  scoring_closes_at: '2026-04-20T00:00:00Z',
  voting_opens_at: '2026-04-21T00:00:00Z',
  voting_closes_at: '2026-05-01T00:00:00Z',
  results_at: '2026-05-10T00:00:00Z',
  state: 'open',
  phase: 'voting',
  rules_frozen: true,
  reviewers: [],
  application_count: 0,
  version: 3,
};

function filled(): CompetitionForm {
  const f = emptyForm(2026, '440700000000');
  f.name = ' 公益创投 ';
  f.pool = '400,000';
  f.criteria = [
    { code: 'plan', name: '方案', weight: 60 },
    { code: 'budget', name: '预算', weight: 40 },
  ];
  const days = [1, 10, 12, 14, 15, 20, 25];
  f.dates = Object.fromEntries(
    (
      [
        'apply_opens_at',
        'apply_closes_at',
        'qualify_closes_at',
        'scoring_closes_at',
        'voting_opens_at',
        'voting_closes_at',
        'results_at',
      ] as const
    ).map((d, i) => [d, new Date(Date.UTC(2026, 2, days[i]!, 8, 30, 0, 0))]),
  ) as CompetitionForm['dates'];
  return f;
}

describe('toPayload', () => {
  it('sends fen, both weights, the nested rules and UTC times without milliseconds', () => {
    const f = filled();
    f.expert_weight_pct = 60;
    f.kinds = ['association', 'foundation'];
    f.min_grade = '';
    f.quotas = [{ region_code: '440705000000', count: 2 }];
    f.max_entries_per_day = 5;
    const p = toPayload(f);
    expect(p.name).toBe('公益创投');
    expect(p.pool_fen).toBe(40000000);
    expect(p.expert_weight_pct).toBe(60);
    expect(p.vote_weight_pct).toBe(40);
    expect(p.eligibility).toEqual({
      kinds: ['association', 'foundation'],
      regions: [],
      min_grade: null,
      exclude_abnormal: true,
    });
    expect(p.award_rule).toEqual({ cutoff: 'skip', region_quotas: { '440705000000': 2 } });
    expect(p.vote_rules).toEqual({ max_entries_per_day: 5, per_entry_per_day: 1 });
    expect(p.apply_opens_at).toBe('2026-03-01T08:30:00Z');
    expect(p.results_at).toBe('2026-03-25T08:30:00Z');
  });

  it('round-trips a stored competition unchanged', () => {
    expect(changedFields(toPayload(formFromCompetition(stored)), stored)).toEqual({});
  });
});

describe('changedFields', () => {
  it('names only what the user changed (a quota, a vote rule, a date)', () => {
    const f = formFromCompetition(stored);
    f.quotas.push({ region_code: '440781000000', count: 1 });
    f.max_entries_per_day = 5;
    f.dates.voting_closes_at = new Date(Date.UTC(2026, 4, 3));
    const changed = changedFields(toPayload(f), stored);
    expect(Object.keys(changed).sort()).toEqual(['award_rule', 'vote_rules', 'voting_closes_at']);
    expect(changed.voting_closes_at).toBe('2026-05-03T00:00:00Z');
  });
});

describe('poolFen', () => {
  it('takes yuan with grouping, 0 or empty as no pool, and refuses other text', () => {
    expect(poolFen('1,234.5')).toBe(123450);
    expect(poolFen('')).toBe(0);
    expect(poolFen('0.00')).toBe(0);
    expect(poolFen('十万')).toBeNull();
    expect(poolFen('-5')).toBeNull();
  });
});

describe('toRfc3339', () => {
  it('is empty for no or an invalid date', () => {
    expect(toRfc3339(null)).toBe('');
    expect(toRfc3339('not a date')).toBe('');
    expect(toRfc3339('2026-03-01T08:30:00.250Z')).toBe('2026-03-01T08:30:00Z');
  });
});

describe('checkForm', () => {
  it('accepts a complete form', () => {
    expect(checkForm(filled())).toBeNull();
  });

  it('names the field and the message of the first problem', () => {
    const cases: [(f: CompetitionForm) => void, string, string][] = [
      [(f) => (f.name = '  '), 'name', 'competitions.check.name'],
      [(f) => (f.pool = '四十万'), 'pool_fen', 'competitions.check.pool'],
      [(f) => (f.criteria[0]!.name = ''), 'criteria', 'competitions.check.criterionName'],
      [(f) => (f.criteria[0]!.weight = 50), 'criteria', 'competitions.check.weights'],
      [
        (f) => (f.quotas = [{ region_code: '', count: 1 }]),
        'award_rule.region_quotas',
        'competitions.check.quotaRegion',
      ],
      [
        (f) =>
          (f.quotas = [
            { region_code: '440705000000', count: 1 },
            { region_code: '440705000000', count: 2 },
          ]),
        'award_rule.region_quotas',
        'competitions.check.quotaTwice',
      ],
      [(f) => (f.dates.results_at = null), 'results_at', 'competitions.check.date'],
      [
        (f) => (f.dates.voting_closes_at = f.dates.voting_opens_at),
        'voting_closes_at',
        'competitions.check.dateOrder',
      ],
      [
        (f) => (f.dates.apply_closes_at = new Date(Date.UTC(2026, 1, 1))),
        'apply_closes_at',
        'competitions.check.dateOrder',
      ],
    ];
    for (const [spoil, field, key] of cases) {
      const f = filled();
      spoil(f);
      const p = checkForm(f);
      expect(p?.field).toBe(field);
      expect(p?.key).toBe(key);
    }
  });

  it('reports the weight sum it found', () => {
    const f = filled();
    f.criteria[1]!.weight = 30;
    expect(checkForm(f)?.params).toEqual({ n: 90 });
  });

  it('lets scoring close when voting opens (not strict) but not voting close then', () => {
    const f = filled();
    f.dates.voting_opens_at = f.dates.scoring_closes_at;
    expect(checkForm(f)).toBeNull();
  });
});

describe('formItemOf', () => {
  it('maps server field names to the form item showing the error', () => {
    expect(formItemOf('criteria[1].weight')).toBe('criteria');
    expect(formItemOf('vote_weight_pct')).toBe('weights');
    expect(formItemOf('award_rule.region_quotas.440705000000')).toBe('award_rule.region_quotas');
    expect(formItemOf('award_rule.cutoff')).toBe('award_rule.cutoff');
    expect(formItemOf('vote_rules.per_entry_per_day')).toBe('vote_rules');
    expect(formItemOf('eligibility.min_grade')).toBe('eligibility.min_grade');
    expect(formItemOf('voting_closes_at')).toBe('voting_closes_at');
    expect(formItemOf(undefined)).toBe('');
  });
});

describe('ruleChanges and ruleValue', () => {
  const tx: ValueText = {
    yes: '是',
    no: '否',
    none: '无',
    skip: '跳过',
    stop: '停止',
    time: (s) => new Date(s * 1000).toISOString().slice(0, 10),
    money: (fen) => `${fen / 100}元`,
    kind: (c) => ({ association: '社会团体' })[c] ?? c,
    region: (c) => ({ '440705000000': '新会区' })[c] ?? c,
  };
  const before = {
    name: 'A',
    pool_fen: 40000000,
    eligibility: { kinds: [], regions: [], min_grade: null, exclude_abnormal: true },
    award_rule: { cutoff: 'skip', region_quotas: {} },
    vote_rules: { max_entries_per_day: 3, per_entry_per_day: 1 },
    voting_closes_at: 1777593600,
    version: 3,
    state: 'open',
  };

  it('lists the changed rules in form order, leaving out version and state', () => {
    const after = {
      ...before,
      pool_fen: 30000000,
      award_rule: { cutoff: 'skip', region_quotas: { '440705000000': 1 } },
      vote_rules: { max_entries_per_day: 5, per_entry_per_day: 1 },
      voting_closes_at: 1777766400,
      version: 4,
    };
    expect(ruleChanges(before, after).map((c) => c.field)).toEqual([
      'pool_fen',
      'award_rule.region_quotas',
      'vote_rules.max_entries_per_day',
      'voting_closes_at',
    ]);
    expect(ruleChanges(before, { ...before })).toEqual([]);
  });

  it('shows money, times, quotas, kinds and empty values readably', () => {
    expect(ruleValue('pool_fen', 30000000, tx)).toBe('300000元');
    expect(ruleValue('voting_closes_at', 1777766400, tx)).toBe('2026-05-03');
    expect(ruleValue('award_rule.region_quotas', { '440705000000': 1 }, tx)).toBe('新会区 1');
    expect(ruleValue('award_rule.region_quotas', {}, tx)).toBe('无');
    expect(ruleValue('eligibility.kinds', ['association'], tx)).toBe('社会团体');
    expect(ruleValue('eligibility.min_grade', null, tx)).toBe('无');
    expect(ruleValue('counts_hidden', false, tx)).toBe('否');
    expect(ruleValue('award_rule.cutoff', 'stop', tx)).toBe('停止');
    expect(ruleValue('vote_weight_pct', 40, tx)).toBe('40%');
  });
});
