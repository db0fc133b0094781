/**
 * The insights answers of the server, as the admin UI reads them: core's types, under the
 * names the UI's views use.
 */
import type { EvaluationsAnswer, ExperimentView, JsonInterval } from '@andon/core'

export type {
  DeliveryWeek,
  FlagCodeRefs,
  FlagEvaluations,
  StaleReason,
  StaleReport,
  Step,
} from '@andon/core'

export type Evaluations = EvaluationsAnswer
export type Interval = JsonInterval
export type Experiment = ExperimentView
