/**
 * A release plan as `POST .../release` takes it: the variation being released, its steps (a
 * rising percentage, how long to hold it, the samples each guard needs before the step may
 * end, whether a person approves its start) and what each trigger does. Templates give the
 * steps of common ramps.
 */
import { z } from 'zod'
import type { ReleasePlanSettings as CoreSettings } from '@andon/core'

/** The longest hold or extension a step may have: a week. */
const WEEK_SECONDS = 7 * 24 * 60 * 60

export const releaseStepSchema = z.strictObject({
  /** Of contexts served the released variation, 0 < percent ≤ 100, to a thousandth. */
  percent: z
    .number()
    .gt(0)
    .max(100)
    .refine(
      (p) =>
        Number.isInteger(Math.round(p * 1000)) && Math.abs(p * 1000 - Math.round(p * 1000)) < 1e-6,
      {
        message: 'a percentage has at most three decimals (weights are out of 100,000)',
      },
    ),
  holdSeconds: z.number().int().positive().max(WEEK_SECONDS),
  /** Exposures per arm each guard needs before the step may end; by default its minSamples. */
  minSamples: z.number().int().positive().max(1e9).optional(),
  approval: z.boolean().default(false),
})

const softAction = z.enum(['rollback', 'pause', 'warn'])

export const releaseTriggersSchema = z.strictObject({
  /** A guard found the released variation worse. */
  onRegression: z.enum(['rollback', 'off', 'pause', 'warn']).default('rollback'),
  /** The arms' exposures do not fit the split the step set: assignment is broken. */
  onSampleRatioMismatch: softAction.default('pause'),
  /** A step's hold ended with no exposure at all. */
  onNoTraffic: softAction.default('pause'),
  /** A step's guards still lack samples when its extension ends. */
  onInsufficientData: z.enum(['rollback', 'pause']).default('pause'),
  /** How long past its hold a step waits for the samples it lacks. */
  maxExtensionSeconds: z.number().int().nonnegative().max(WEEK_SECONDS).default(3600),
})

export const releaseTemplates = {
  /** 1 % for 10 min, 5 % for 30 min, 25 % for 1 h, 50 % for 1 h, then 100 %. */
  standard: [
    { percent: 1, holdSeconds: 600 },
    { percent: 5, holdSeconds: 1800 },
    { percent: 25, holdSeconds: 3600 },
    { percent: 50, holdSeconds: 3600 },
    { percent: 100, holdSeconds: 600 },
  ],
  /** For a change that has proven itself elsewhere: 10 %, 50 %, 100 %. */
  quick: [
    { percent: 10, holdSeconds: 600 },
    { percent: 50, holdSeconds: 600 },
    { percent: 100, holdSeconds: 300 },
  ],
} as const satisfies Record<string, readonly z.input<typeof releaseStepSchema>[]>

export type ReleaseTemplate = keyof typeof releaseTemplates

const steps = z
  .array(releaseStepSchema)
  .min(1)
  .max(50)
  .superRefine((list, ctx) => {
    list.forEach((step, i) => {
      const before = list[i - 1]
      if (before !== undefined && step.percent <= before.percent) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'percent'],
          message: `percentages rise: step ${i + 1} (${step.percent} %) is not above step ${i} (${before.percent} %)`,
        })
      }
    })
    const last = list[list.length - 1]
    if (last !== undefined && last.percent !== 100) {
      ctx.addIssue({
        code: 'custom',
        path: [list.length - 1, 'percent'],
        message: 'the last step releases to 100 %',
      })
    }
  })

/** The body that starts a plan: its steps, or a template's, and the triggers' actions. */
export const releasePlanBody = z
  .strictObject({
    variation: z.number().int().nonnegative().max(999),
    steps: steps.optional(),
    template: z
      .enum(Object.keys(releaseTemplates) as [ReleaseTemplate, ...ReleaseTemplate[]])
      .optional(),
    ...releaseTriggersSchema.shape,
  })
  .refine((b) => (b.steps === undefined) !== (b.template === undefined), {
    message: 'give either steps or a template',
    path: ['steps'],
  })
  .transform(({ template, steps: own, ...rest }) => ({
    ...rest,
    steps:
      own ?? releaseTemplates[template as ReleaseTemplate].map((s) => releaseStepSchema.parse(s)),
  }))

export type ReleasePlanInput = z.input<typeof releasePlanBody>
export type ReleasePlanSettings = z.output<typeof releasePlanBody> & CoreSettings
export type ReleaseStep = z.output<typeof releaseStepSchema>

/** The issues of a plan against its flag: the variation exists and is not the control. */
export function planIssues(
  plan: ReleasePlanSettings,
  flag: { variationCount: number; control: number },
): { path: (string | number)[]; message: string }[] {
  if (plan.variation >= flag.variationCount) {
    return [{ path: ['variation'], message: `the flag has no variation ${plan.variation}` }]
  }
  if (plan.variation === flag.control) {
    return [
      {
        path: ['variation'],
        message: `variation ${plan.variation} is what everyone else gets: release another`,
      },
    ]
  }
  return []
}
