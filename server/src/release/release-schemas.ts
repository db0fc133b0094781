/** zod schemas of the release routes: a person's control of a plan, and the answer. */
import { z } from 'zod'
import {
  releasePlanBody,
  releaseStepSchema,
  releaseTemplates,
  releaseTriggersSchema,
} from './plan-schema.js'
import { RELEASE_STATUSES, RELEASE_TRIGGERS, type ReleaseInfo } from '@andon/core'

export const releaseControlBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.enum(['pause', 'resume', 'abort', 'approve']) }),
  z.strictObject({ action: z.literal('skip'), step: z.number().int().nonnegative().max(49) }),
])

const epochMs = z.number().int()

const settingsAnswer = z.object({
  variation: z.number().int(),
  steps: z.array(releaseStepSchema),
  ...releaseTriggersSchema.shape,
})

export const releaseAnswer = z
  .object({
    id: z.number().int(),
    flag: z.string(),
    environment: z.string(),
    settings: settingsAnswer,
    control: z.number().int(),
    status: z.enum(RELEASE_STATUSES),
    step: z.number().int(),
    stepStartedAt: epochMs,
    holdEndsAt: epochMs,
    approvedStep: z.number().int().nullable(),
    warned: z.array(z.enum(RELEASE_TRIGGERS)),
    reason: z.string().nullable(),
    startedBy: z.string(),
    startedAt: epochMs,
    updatedAt: epochMs,
  })
  .meta({ id: 'Release' }) satisfies z.ZodType<ReleaseInfo>

export const templatesAnswer = z
  .object({ templates: z.record(z.string(), z.array(releaseStepSchema)) })
  .meta({ id: 'ReleaseTemplates' })

export const templateList = () => ({
  templates: Object.fromEntries(
    Object.entries(releaseTemplates).map(([name, steps]) => [
      name,
      steps.map((s) => releaseStepSchema.parse(s)),
    ]),
  ),
})

export { releasePlanBody }
