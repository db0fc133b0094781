/**
 * A guard's figures per variation (exposures, events, the rate or mean) beside each
 * variation's comparison against control: the excess over the tolerated level and the
 * likelihood ratio against the bound that decides a regression.
 */
import type { JsonValue } from '@andon/core'
import { formatMetric } from '../lib/guard-chart.js'
import type { GuardStatus } from '../lib/guard-model.js'
import { evidenceText, excessText } from '../lib/guard-state.js'
import { variationLabel } from '../lib/variations.js'
import { TableScroll } from './TableScroll.js'

const count = (n: number) => n.toLocaleString('en-US')

export function GuardFigures(props: { guard: GuardStatus; variations: readonly JsonValue[] }) {
  const { guard } = props
  const rows = [...guard.variations].sort((a, b) => a.variation - b.variation)
  if (rows.length === 0) {
    return <p className="muted">No exposures reported since the window opened.</p>
  }
  return (
    <TableScroll label={`Figures of ${guard.metric}`}>
      <table className="guard-figures">
        <caption className="visually-hidden">{`Figures of ${guard.metric} per variation`}</caption>
        <thead>
          <tr>
            <th scope="col">Variation</th>
            <th scope="col">Exposures</th>
            <th scope="col">Events</th>
            <th scope="col">{guard.kind === 'rate' ? 'Rate' : 'Mean'}</th>
            <th scope="col">Excess over tolerated</th>
            <th scope="col">Evidence (likelihood ratio)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => {
            const c = guard.comparisons.find((x) => x.variation === v.variation)
            const isControl = v.variation === guard.control
            return (
              <tr key={v.variation} className={c?.regression ? 'regression' : undefined}>
                <th scope="row">
                  {variationLabel(props.variations[v.variation])}
                  {isControl && <span className="tag">control</span>}
                </th>
                <td>{count(v.exposures)}</td>
                <td>{count(v.count)}</td>
                <td>{formatMetric(guard.kind, v.value)}</td>
                <td>{c ? excessText(guard, c.excess) : isControl ? '—' : ''}</td>
                <td>{c ? evidenceText(c) : isControl ? 'compared against' : ''}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </TableScroll>
  )
}
