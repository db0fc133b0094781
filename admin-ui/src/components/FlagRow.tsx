/**
 * One row of the flag list: the flag, its tags, its evaluations in one environment and a kill
 * switch per environment.
 */
import { memo } from 'react'
import type { FlagMeta } from '../lib/andon-api.js'
import { routeHref } from '../lib/route.js'
import { OffMark } from './OffMark.js'
import { EvaluationsCell } from './EvaluationsCell.js'
import type { Evaluations, FlagEvaluations } from '../lib/insights-model.js'
import { Switch } from './Switch.js'

export interface FlagRowProps {
  flag: FlagMeta
  envs: readonly string[]
  /** Per environment: '1' on, '0' off, '-' not known yet; joined so memo compares a string. */
  states: string
  /** Per environment, what the flag serves there in a few words; joined by newlines. */
  summaries: string
  /**
   * Per environment, `guard` or `alertmanager` and a tab and the sentence saying when and why
   * it switched the flag off, or '' when no guard or alert did; joined by newlines.
   */
  offMarks: string
  /** The environment whose switch is being saved, if any. */
  busyEnv: string | undefined
  onToggle(flag: string, env: string, enabled: boolean): void
  /** The evaluations of every flag in one environment, and this flag's among them. */
  evaluations?: Evaluations
  evaluated?: FlagEvaluations
}

export const FlagRow = memo(function FlagRow(props: FlagRowProps) {
  const { flag, envs } = props
  return (
    <tr>
      <th scope="row" className="flag-cell">
        <a href={routeHref({ page: 'flag', key: flag.key })} className="flag-key">
          {flag.key}
        </a>
        {flag.name && flag.name !== flag.key && <span className="flag-name">{flag.name}</span>}
      </th>
      <td className="tags-cell">
        {flag.tags.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
      </td>
      {props.evaluations && <EvaluationsCell answer={props.evaluations} flag={props.evaluated} />}
      {envs.map((env, i) => {
        const state = props.states[i]
        const summary = props.summaries.split('\n')[i]
        const [by, why] = (props.offMarks.split('\n')[i] ?? '').split('\t')
        return (
          <td key={env} className="switch-cell">
            <Switch
              checked={state === '1'}
              disabled={state === '-'}
              busy={props.busyEnv === env}
              label={`${flag.key} in ${env}`}
              onChange={(enabled) => props.onToggle(flag.key, env, enabled)}
            />
            {why && <OffMark by={by === 'guard' ? 'guard' : 'alert'} why={why} />}
            {summary && (
              <span className={`serve-summary${state === '1' ? '' : ' serve-summary-off'}`}>
                {summary}
              </span>
            )}
          </td>
        )
      })}
    </tr>
  )
})
