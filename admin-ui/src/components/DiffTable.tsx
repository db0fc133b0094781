/** A before/after table of the paths where two JSON values differ. */
import { jsonDiff, shortJson } from '../lib/json-diff.js'
import { TableScroll } from './TableScroll.js'

export function DiffTable(props: {
  before: unknown
  after: unknown
  caption?: string
  /** The name of its scroll box, when there is no caption. */
  label?: string
}) {
  const differences = jsonDiff(props.before, props.after)
  if (differences.length === 0) return <p className="muted">No differences.</p>
  return (
    <TableScroll label={props.caption ?? props.label ?? 'Differences'}>
      <table className="diff">
        {props.caption && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {differences.map((d) => (
            <tr key={d.path} className={`diff-${d.kind}`}>
              <th scope="row">
                <code>{d.path || '(whole item)'}</code>
              </th>
              <td className="diff-before">
                <code>{shortJson(d.before, 300)}</code>
              </td>
              <td className="diff-after">
                <code>{shortJson(d.after, 300)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}
