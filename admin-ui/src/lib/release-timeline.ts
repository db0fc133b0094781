/**
 * A release plan's steps as rows of its timeline: each step's percentage and hold in words,
 * and where the plan stands (done, the current one, the one it stopped at, still to come).
 */
import type { ReleaseInfo, ReleaseStep } from './release-model.js'

export type StepState = 'done' | 'current' | 'stopped' | 'pending'

export interface TimelineRow {
  /** 1-based, as people count steps. */
  number: number
  percent: string
  hold: string
  approval: boolean
  state: StepState
}

/** A percentage as the plan gives it, to a thousandth at most: "1 %", "0.5 %", "12.345 %". */
export function percentText(percent: number): string {
  return `${percent.toLocaleString('en-US', { maximumFractionDigits: 3 })} %`
}

/** A hold in the largest units that say it exactly: "45 s", "10 min", "1 h 30 min". */
export function holdText(seconds: number): string {
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  const parts = [h > 0 && `${h} h`, m > 0 && `${m} min`, s > 0 && `${s} s`].filter(Boolean)
  return parts.length > 0 ? parts.join(' ') : '0 s'
}

/** The rows of steps not started yet: a template's, or a plan's before it runs. */
export function stepRows(steps: readonly Omit<ReleaseStep, 'approval'>[]): TimelineRow[] {
  return steps.map((s, i) => ({
    number: i + 1,
    percent: percentText(s.percent),
    hold: holdText(s.holdSeconds),
    approval: 'approval' in s && s.approval === true,
    state: 'pending',
  }))
}

function stateOf(plan: Pick<ReleaseInfo, 'status' | 'step'>, index: number): StepState {
  if (plan.status === 'completed' || index < plan.step) return 'done'
  if (index > plan.step) return 'pending'
  const ended = plan.status !== 'running' && plan.status !== 'awaiting-approval'
  // A paused plan stays on its step: it resumes there.
  return ended && plan.status !== 'paused' ? 'stopped' : 'current'
}

/** The timeline of a plan under way or ended. */
export function timelineRows(plan: Pick<ReleaseInfo, 'settings' | 'status' | 'step'>) {
  return stepRows(plan.settings.steps).map((row, i) => ({
    ...row,
    approval: plan.settings.steps[i]?.approval === true,
    state: stateOf(plan, i),
  }))
}

/** "Step 2 of 5 at 5 %": where the plan stands. */
export function currentStepText(plan: Pick<ReleaseInfo, 'settings' | 'step'>): string {
  const step = plan.settings.steps[plan.step]
  const total = plan.settings.steps.length
  return `Step ${plan.step + 1} of ${total}${step ? ` at ${percentText(step.percent)}` : ''}`
}
