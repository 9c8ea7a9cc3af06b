// Pure logic of the survey pages: question and answer validation mirroring the server
// (src/hub/survey_model.cpp; the server stays the judge), and chart data from results.
import type { Answer, Answers, Question, QuestionKind, QuestionResult } from '@/api/surveys';

/** A validation problem: the field as the server names it, and an i18n key under `surveys.err`. */
export interface Problem {
  field: string;
  key: string;
}

export function isChoice(kind: QuestionKind): boolean {
  return kind === 'single' || kind === 'multi';
}

/** A new question of the kind, with sensible defaults. */
export function blankQuestion(kind: QuestionKind): Question {
  switch (kind) {
    case 'single':
    case 'multi':
      return { kind, title: '', required: false, options: ['', ''] };
    case 'scale':
      return { kind, title: '', required: false, min: 1, max: 5, min_label: '', max_label: '' };
    default:
      return { kind, title: '', required: false, max_length: 1000 };
  }
}

/** The question in the shape the server accepts (only the fields of its kind, trimmed). */
export function questionPayload(q: Question): Question {
  const out: Question = { kind: q.kind, title: q.title.trim(), required: q.required };
  if (q.id) out.id = q.id;
  if (isChoice(q.kind)) out.options = (q.options ?? []).map((o) => o.trim());
  if (q.kind === 'scale') {
    out.min = q.min ?? 1;
    out.max = q.max ?? 5;
    out.min_label = (q.min_label ?? '').trim();
    out.max_label = (q.max_label ?? '').trim();
  }
  if (q.kind === 'text') out.max_length = q.max_length ?? 1000;
  return out;
}

/** The first problem of a question list, or null. */
export function questionsProblem(qs: Question[]): Problem | null {
  if (qs.length === 0) return { field: 'questions', key: 'noQuestions' };
  for (let i = 0; i < qs.length; i++) {
    const q = qs[i];
    const at = `questions[${i}]`;
    const title = q.title.trim();
    if (title.length < 1 || [...title].length > 300) return { field: `${at}.title`, key: 'title' };
    if (isChoice(q.kind)) {
      const opts = (q.options ?? []).map((o) => o.trim());
      if (opts.length < 2 || opts.length > 50)
        return { field: `${at}.options`, key: 'optionCount' };
      if (opts.some((o) => o.length === 0 || [...o].length > 200))
        return { field: `${at}.options`, key: 'optionEmpty' };
      if (new Set(opts).size !== opts.length) return { field: `${at}.options`, key: 'optionTwice' };
    }
    if (q.kind === 'scale') {
      const min = q.min ?? 1;
      const max = q.max ?? 5;
      if (!Number.isInteger(min) || !Number.isInteger(max) || max <= min || max - min > 20)
        return { field: `${at}.max`, key: 'scaleBounds' };
    }
  }
  return null;
}

function isEmpty(a: Answer | undefined): boolean {
  return (
    a === undefined ||
    a === null ||
    (typeof a === 'string' && a.trim() === '') ||
    (Array.isArray(a) && a.length === 0)
  );
}

/** The first problem of a set of answers, or null (required answered, options, range, length). */
export function answersProblem(qs: Question[], answers: Answers): Problem | null {
  for (const q of qs) {
    const id = q.id ?? '';
    const field = `answers.${id}`;
    const a = answers[id];
    if (isEmpty(a)) {
      if (q.required) return { field, key: 'required' };
      continue;
    }
    const opts = q.options ?? [];
    if (q.kind === 'single' && (typeof a !== 'string' || !opts.includes(a.trim())))
      return { field, key: 'notOption' };
    if (q.kind === 'multi') {
      if (!Array.isArray(a) || a.some((x) => !opts.includes(x))) return { field, key: 'notOption' };
      if (new Set(a).size !== a.length) return { field, key: 'notOption' };
    }
    if (q.kind === 'scale') {
      if (typeof a !== 'number' || !Number.isInteger(a) || a < (q.min ?? 1) || a > (q.max ?? 5))
        return { field, key: 'outOfRange' };
    }
    if (q.kind === 'text') {
      if (typeof a !== 'string') return { field, key: 'tooLong' };
      if ([...a.trim()].length > (q.max_length ?? 1000)) return { field, key: 'tooLong' };
    }
  }
  return null;
}

/** The answers to send: unanswered questions left out, text trimmed. */
export function answersPayload(qs: Question[], answers: Answers): Answers {
  const out: Answers = {};
  for (const q of qs) {
    const id = q.id ?? '';
    const a = answers[id];
    if (isEmpty(a)) continue;
    out[id] = typeof a === 'string' ? a.trim() : a;
  }
  return out;
}

/** Bar data of a choice question: option names and counts, in the order of the options. */
export function choiceBars(r: QuestionResult): { names: string[]; counts: number[] } {
  const opts = r.options ?? [];
  return { names: opts.map((o) => o.option), counts: opts.map((o) => o.count) };
}

/** Distribution of a scale question: every point of the scale (labels on the ends) and counts. */
export function scaleBars(r: QuestionResult): { labels: string[]; counts: number[] } {
  const d = r.distribution ?? [];
  const last = d.length - 1;
  return {
    labels: d.map((x, i) => {
      const label = i === 0 ? r.min_label : i === last ? r.max_label : '';
      return label ? `${x.value} ${label}` : String(x.value);
    }),
    counts: d.map((x) => x.count),
  };
}

/** A rate in [0, 1] as a percentage with one decimal: 0.6667 → "66.7%". */
export function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** The share of answered responses an option got, as a percentage. */
export function share(count: number, answered: number): string {
  return answered ? percent(count / answered) : '0.0%';
}

/** A time as local RFC 3339 with its offset, seconds precision: "2026-03-31T18:00:00+08:00". */
export function localRfc3339(d: Date): string {
  const p = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` +
    `${sign}${p(off / 60)}:${p(off % 60)}`
  );
}
