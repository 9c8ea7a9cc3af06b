import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  defaultReviewYear,
  fenToYuan,
  missingForSubmit,
  mixMatches,
  needsReasons,
  resultTagType,
  unanswered,
  yuanToFen,
} from './reviews';

const empty = {
  governance: null,
  activities: null,
  income_fen: null,
  spending_fen: null,
  income_government_fen: null,
  income_donations_fen: null,
  income_service_fees_fen: null,
  income_other_fen: null,
  staff_fulltime: null,
  staff_parttime: null,
  volunteers: null,
};

describe('money', () => {
  it('formats fen as yuan', () => {
    expect(fenToYuan(123456)).toBe('1,234.56');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(null)).toBe('');
  });
  it('parses yuan into fen', () => {
    expect(yuanToFen('1,234.5')).toBe(123450);
    expect(yuanToFen('12')).toBe(1200);
    expect(yuanToFen('')).toBeNull();
    expect(yuanToFen('1.234')).toBeUndefined();
    expect(yuanToFen('-3')).toBeUndefined();
    expect(yuanToFen('abc')).toBeUndefined();
  });
});

describe('state machine', () => {
  it('opens filing to org accounts and staff, decisions to staff', () => {
    expect(allowedActions('draft', 'org')).toEqual(['edit', 'submit']);
    expect(allowedActions('returned', 'staff')).toEqual(['edit', 'submit']);
    expect(allowedActions('submitted', 'org')).toEqual([]);
    expect(allowedActions('resubmitted', 'admin')).toEqual(['return', 'decide']);
    expect(allowedActions('decided', 'admin')).toEqual([]);
    expect(allowedActions('draft', 'auditor')).toEqual([]);
  });
  it('lists what a submission still needs', () => {
    const r = {
      work_report_file_id: 1,
      financial_file_id: null,
      audit_file_id: 3,
      disclosure: { ...empty, governance: 'x' },
    };
    expect(missingForSubmit(r)).toEqual([
      'financial_file_id',
      'activities',
      'income_fen',
      'spending_fen',
      'staff_fulltime',
    ]);
  });
  it('checks the income mix', () => {
    expect(mixMatches(empty)).toBe(true);
    expect(
      mixMatches({ ...empty, income_fen: 100, income_government_fen: 60, income_other_fen: 40 }),
    ).toBe(true);
    expect(mixMatches({ ...empty, income_fen: 100, income_government_fen: 60 })).toBe(false);
  });
  it('needs every checklist answer and reasons below qualified', () => {
    expect(unanswered(['a', 'b'], { a: 'yes', b: '' })).toEqual(['b']);
    expect(needsReasons('qualified')).toBe(false);
    expect(needsReasons('basically_qualified')).toBe(true);
    expect(resultTagType('unqualified')).toBe('danger');
    expect(resultTagType(null)).toBe('info');
    expect(defaultReviewYear(new Date(2026, 10, 26))).toBe(2025);
  });
});
