/**
 * zod schemas of the guard routes: the guards a flag gets in an environment, and the
 * webhook payload of Prometheus Alertmanager (its unknown fields allowed, as it adds some).
 */
import { z } from 'zod'
import { keySchema } from '@andon/core'

export const guardSchema = z.strictObject({
  metric: keySchema,
  kind: z.enum(['rate', 'mean']),
  worseWhen: z.enum(['higher', 'lower']),
  threshold: z.number().finite().nonnegative(),
  minSamples: z.number().int().min(1).max(1e12).default(500),
  control: z.number().int().nonnegative().optional(),
  action: z.enum(['disable', 'notify']),
  alpha: z.number().gt(0).max(0.5).default(0.05),
})

export const guardsBody = z.array(guardSchema).max(20)

const labels = z.record(z.string(), z.string())

export const alertSchema = z.looseObject({
  status: z.string(),
  labels,
  annotations: labels.optional(),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
})

export const alertmanagerBody = z.looseObject({
  version: z.string().optional(),
  status: z.string(),
  alerts: z.array(alertSchema).max(1000),
})

export type Alert = z.infer<typeof alertSchema>
