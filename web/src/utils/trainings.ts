// Pure logic of the training pages: the state machines (mirroring the server's),
// the actions offered per training and per enrolment, the quarter strip and labels.
import type {
  EnrolmentAction,
  EnrolmentState,
  Quarter,
  TrainingMove,
  TrainingState,
} from '@/api/trainings';
import type { TagType } from './meetings';

export const TRAINING_TRANSITIONS: Record<TrainingState, TrainingState[]> = {
  planned: ['open', 'cancelled'],
  open: ['closed', 'held', 'cancelled'],
  closed: ['held', 'cancelled'],
  held: [],
  cancelled: [],
};

export const ENROLMENT_TRANSITIONS: Record<EnrolmentState, EnrolmentState[]> = {
  enrolled: ['attended', 'absent', 'cancelled'],
  waitlisted: ['enrolled', 'cancelled'],
  cancelled: [],
  attended: [],
  absent: ['attended'],
};

const MOVE_TARGET: Record<TrainingMove, TrainingState> = {
  open: 'open',
  close: 'closed',
  hold: 'held',
  cancel: 'cancelled',
};

export function canMoveTraining(from: TrainingState, to: TrainingState): boolean {
  return TRAINING_TRANSITIONS[from].includes(to);
}

/** The state buttons a training in `state` offers (in display order). */
export function trainingMoves(state: TrainingState): TrainingMove[] {
  return (['open', 'close', 'hold', 'cancel'] as const).filter((m) =>
    canMoveTraining(state, MOVE_TARGET[m]),
  );
}

/**
 * The actions a caller may take on an enrolment: staff record attendance (absent only after
 * the end), the organization or staff cancel while the training is not over, and an attended
 * person gives feedback.
 */
export function enrolmentActions(
  training: TrainingState,
  e: EnrolmentState,
  opts: { staff: boolean; ended: boolean },
): EnrolmentAction[] {
  const out: EnrolmentAction[] = [];
  const live = training !== 'held' && training !== 'cancelled';
  const attendance = training !== 'planned' && training !== 'cancelled';
  if (opts.staff && attendance && ENROLMENT_TRANSITIONS[e].includes('attended'))
    out.push('check-in');
  if (opts.staff && attendance && opts.ended && ENROLMENT_TRANSITIONS[e].includes('absent'))
    out.push('absent');
  if (live && ENROLMENT_TRANSITIONS[e].includes('cancelled')) out.push('cancel');
  if (e === 'attended') out.push('feedback');
  return out;
}

export function trainingStateTag(s: TrainingState): TagType {
  return (
    {
      planned: 'info',
      open: 'primary',
      closed: 'warning',
      held: 'success',
      cancelled: 'info',
    } as const
  )[s];
}

export function enrolmentTag(s: EnrolmentState): TagType {
  return (
    {
      enrolled: 'primary',
      waitlisted: 'warning',
      cancelled: 'info',
      attended: 'success',
      absent: 'danger',
    } as const
  )[s];
}

/** One cell of the year's quarter strip. */
export interface QuarterCell {
  quarter: number;
  status: 'covered' | 'planned' | 'missing' | 'future';
  titles: string[];
}

/**
 * The strip of a year: covered when a thematic training was held; planned when one is
 * scheduled but not held yet; missing when the quarter is over without one; future otherwise.
 */
export function quarterStrip(
  quarters: Quarter[],
  year: number,
  now: Date = new Date(),
): QuarterCell[] {
  return [1, 2, 3, 4].map((q) => {
    const found = quarters.find((x) => x.quarter === q);
    const held = found?.held ?? [];
    const planned = found?.planned ?? [];
    const end = Date.UTC(year, q * 3, 1) - 8 * 3600 * 1000; // quarter end, China time
    let status: QuarterCell['status'] = 'future';
    if (held.length) status = 'covered';
    else if (planned.length) status = 'planned';
    else if (now.getTime() >= end) status = 'missing';
    return {
      quarter: q,
      status,
      titles: (held.length ? held : planned).map((t) => t.title),
    };
  });
}

/** Hours as shown: 3.5 → "3.5", 6 → "6". */
export function formatHours(h: number): string {
  return Number.isInteger(h) ? String(h) : h.toFixed(1);
}

/** Seats left, or null when unlimited. */
export function seatsLeft(capacity: number | null | undefined, taken: number): number | null {
  if (capacity === null || capacity === undefined) return null;
  return Math.max(0, capacity - taken);
}
