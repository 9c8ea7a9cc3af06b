import { describe, expect, it } from 'vitest';
import type { Question, QuestionResult } from '@/api/surveys';
import {
  answersPayload,
  answersProblem,
  blankQuestion,
  choiceBars,
  localRfc3339,
  percent,
  questionPayload,
  questionsProblem,
  scaleBars,
  share,
} from './surveys';

const qs: Question[] = [
  { id: 'need', kind: 'single', title: '需求', required: true, options: ['资金', '培训'] },
  { id: 'topics', kind: 'multi', title: '主题', required: false, options: ['财务', '传播'] },
  { id: 'cap', kind: 'scale', title: '能力', required: false, min: 1, max: 5 },
  { id: 'note', kind: 'text', title: '建议', required: false, max_length: 5 },
];

describe('questionsProblem', () => {
  it('names the field like the server', () => {
    expect(questionsProblem([])).toEqual({ field: 'questions', key: 'noQuestions' });
    expect(questionsProblem([blankQuestion('text')])?.field).toBe('questions[0].title');
    const single = { ...blankQuestion('single'), title: 'x' };
    expect(questionsProblem([single])).toEqual({
      field: 'questions[0].options',
      key: 'optionEmpty',
    });
    expect(questionsProblem([{ ...single, options: ['a', ' a '] }])?.key).toBe('optionTwice');
    expect(questionsProblem([{ ...single, options: ['a'] }])?.key).toBe('optionCount');
    const scale = { ...blankQuestion('scale'), title: 's' };
    expect(questionsProblem([scale])).toBeNull();
    expect(questionsProblem([scale, { ...scale, min: 5, max: 5 }])?.field).toBe('questions[1].max');
    expect(questionsProblem(qs)).toBeNull();
  });
  it('builds payloads with only the fields of the kind', () => {
    expect(questionPayload({ ...blankQuestion('text'), title: ' t ' })).toEqual({
      kind: 'text',
      title: 't',
      required: false,
      max_length: 1000,
    });
    expect(
      questionPayload({ ...blankQuestion('multi'), title: 'm', options: [' a', 'b '] }).options,
    ).toEqual(['a', 'b']);
  });
});

describe('answersProblem', () => {
  it.each([
    [{}, 'answers.need', 'required'],
    [{ need: '  ' }, 'answers.need', 'required'],
    [{ need: '别的' }, 'answers.need', 'notOption'],
    [{ need: '资金', topics: ['园艺'] }, 'answers.topics', 'notOption'],
    [{ need: '资金', topics: ['财务', '财务'] }, 'answers.topics', 'notOption'],
    [{ need: '资金', cap: 6 }, 'answers.cap', 'outOfRange'],
    [{ need: '资金', cap: 2.5 }, 'answers.cap', 'outOfRange'],
    [{ need: '资金', note: '一二三四五六' }, 'answers.note', 'tooLong'],
  ])('%j → %s', (answers, field, key) => {
    expect(answersProblem(qs, answers)).toEqual({ field, key });
  });
  it('accepts valid answers and drops the empty ones', () => {
    const a = { need: '资金', topics: [], cap: 3, note: ' 好 ' };
    expect(answersProblem(qs, a)).toBeNull();
    expect(answersPayload(qs, a)).toEqual({ need: '资金', cap: 3, note: '好' });
  });
});

describe('chart data', () => {
  const choice: QuestionResult = {
    id: 'need',
    kind: 'single',
    title: '需求',
    required: true,
    answered: 3,
    options: [
      { option: '资金', count: 2 },
      { option: '培训', count: 1 },
    ],
  };
  it('bars of a choice question', () => {
    expect(choiceBars(choice)).toEqual({ names: ['资金', '培训'], counts: [2, 1] });
  });
  it('distribution of a scale with end labels', () => {
    const scale: QuestionResult = {
      id: 'cap',
      kind: 'scale',
      title: '能力',
      required: false,
      answered: 2,
      min: 1,
      max: 3,
      min_label: '弱',
      max_label: '强',
      distribution: [
        { value: 1, count: 0 },
        { value: 2, count: 1 },
        { value: 3, count: 1 },
      ],
      mean: 2.5,
    };
    expect(scaleBars(scale)).toEqual({ labels: ['1 弱', '2', '3 强'], counts: [0, 1, 1] });
  });
  it('percentages', () => {
    expect(percent(0.6667)).toBe('66.7%');
    expect(percent(1)).toBe('100.0%');
    expect(share(1, 3)).toBe('33.3%');
    expect(share(0, 0)).toBe('0.0%');
  });
});

describe('localRfc3339', () => {
  it('formats with the local offset and parses back to the same instant', () => {
    const d = new Date(Date.UTC(2026, 2, 31, 10, 0, 0));
    const s = localRfc3339(d);
    expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(new Date(s).getTime()).toBe(d.getTime());
  });
});
