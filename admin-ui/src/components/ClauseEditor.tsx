/**
 * One clause: attribute, operator (every operator of the spec), negation, and values typed for
 * the operator; `segmentMatch` picks segments of the environment instead.
 */
import type { Clause, ClauseOp } from '@andon/core'
import { useState } from 'react'
import type { IssuePath } from '../lib/api-error.js'
import {
  formatClauseValues,
  operatorInfo,
  OPERATORS,
  parseClauseValues,
  type ScalarType,
} from '../lib/clause-values.js'
import { useReportValidity } from '../hooks/useFieldValidity.js'
import { useIssuesAt } from '../hooks/useIssues.js'
import { CommaSplitOffer } from './CommaSplitOffer.js'
import { FieldIssues } from './FieldIssues.js'

/** Value kinds where a comma separates values; in a regex or a date it is part of one. */
const SPLITS_ON_COMMAS = new Set(['scalar', 'string', 'number', 'semver'])

const PLACEHOLDERS: Record<string, string> = {
  scalar: 'one value per line',
  string: 'one string per line',
  number: 'one number per line',
  instant: '2026-01-01T00:00:00Z or epoch ms',
  semver: '1.2.3',
  regex: '^[a-z]+@example\\.com$',
}

export function ClauseEditor(props: {
  id: string
  name: string
  clause: Clause
  segments: readonly string[]
  allowSegments: boolean
  path: IssuePath
  onChange(clause: Clause): void
  onRemove(): void
}) {
  const { clause, id, name } = props
  const initial = formatClauseValues(clause.values)
  const [text, setText] = useState(initial.text)
  const [scalarType, setScalarType] = useState<ScalarType>(initial.scalarType)
  const info = operatorInfo(clause.op)
  const parsed = parseClauseValues(clause.op, text, scalarType)
  const flagged = useIssuesAt(props.path).length > 0
  useReportValidity(
    `${id}-values`,
    info.kind !== 'segment' && 'errors' in parsed ? `${name}: ${parsed.errors[0]}` : undefined,
  )

  function update(op: ClauseOp, nextText: string, type: ScalarType) {
    const next = parseClauseValues(op, nextText, type)
    props.onChange({ ...clause, op, values: 'values' in next ? next.values : clause.values })
  }

  const errorId = `${id}-values-error`
  return (
    <div className="clause" role="group" aria-label={name}>
      {info.kind !== 'segment' && (
        <span className="field-inline">
          <label htmlFor={`${id}-attribute`}>
            <span className="visually-hidden">{name} </span>attribute
          </label>
          <input
            id={`${id}-attribute`}
            value={clause.attribute}
            size={12}
            placeholder="country"
            onChange={(e) => props.onChange({ ...clause, attribute: e.target.value })}
          />
        </span>
      )}
      <span className="field-inline checkbox">
        <input
          id={`${id}-negate`}
          type="checkbox"
          checked={clause.negate === true}
          onChange={(e) => props.onChange({ ...clause, negate: e.target.checked || undefined })}
        />
        <label htmlFor={`${id}-negate`}>
          <span className="visually-hidden">{name} </span>not
        </label>
      </span>
      <span className="field-inline">
        <label htmlFor={`${id}-op`} className="visually-hidden">{`${name} operator`}</label>
        <select
          id={`${id}-op`}
          value={clause.op}
          onChange={(e) => {
            const op = e.target.value as ClauseOp
            if (op === 'segmentMatch') {
              setText('')
              props.onChange({ ...clause, op, attribute: clause.attribute || 'key', values: [] })
            } else if (clause.op === 'segmentMatch') {
              setText('')
              props.onChange({ ...clause, op, values: [] })
            } else update(op, text, scalarType)
          }}
        >
          {OPERATORS.filter((o) => props.allowSegments || o.kind !== 'segment').map((o) => (
            <option key={o.op} value={o.op}>
              {o.label}
            </option>
          ))}
        </select>
      </span>
      {info.kind === 'segment' ? (
        <fieldset className="segment-picker">
          <legend>
            <span className="visually-hidden">{name} </span>segments
          </legend>
          {props.segments.length === 0 && (
            <span className="muted">This environment has no segments yet.</span>
          )}
          {props.segments.map((segment) => (
            <span key={segment} className="field-inline checkbox">
              <input
                id={`${id}-segment-${segment}`}
                type="checkbox"
                checked={clause.values.includes(segment)}
                onChange={(e) =>
                  props.onChange({
                    ...clause,
                    values: e.target.checked
                      ? [...clause.values, segment]
                      : clause.values.filter((v) => v !== segment),
                  })
                }
              />
              <label htmlFor={`${id}-segment-${segment}`}>{segment}</label>
            </span>
          ))}
        </fieldset>
      ) : (
        <span className="field-inline values">
          <label htmlFor={`${id}-values`} className="visually-hidden">{`${name} values`}</label>
          <textarea
            id={`${id}-values`}
            rows={Math.min(4, Math.max(1, text.split('\n').length))}
            value={text}
            placeholder={PLACEHOLDERS[info.kind]}
            aria-invalid={'errors' in parsed || flagged || undefined}
            aria-describedby={'errors' in parsed ? errorId : undefined}
            onChange={(e) => {
              setText(e.target.value)
              update(clause.op, e.target.value, scalarType)
            }}
          />
          {SPLITS_ON_COMMAS.has(info.kind) && (
            <CommaSplitOffer
              text={text}
              onSplit={(split) => {
                setText(split)
                update(clause.op, split, scalarType)
              }}
            />
          )}
          {info.kind === 'scalar' && (
            <>
              <label
                htmlFor={`${id}-type`}
                className="visually-hidden"
              >{`${name} value type`}</label>
              <select
                id={`${id}-type`}
                value={scalarType}
                onChange={(e) => {
                  const type = e.target.value as ScalarType
                  setScalarType(type)
                  update(clause.op, text, type)
                }}
              >
                <option value="string">strings</option>
                <option value="number">numbers</option>
                <option value="boolean">booleans</option>
              </select>
            </>
          )}
        </span>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label={`Remove ${name}`}
        onClick={props.onRemove}
      >
        ×
      </button>
      {'errors' in parsed && (
        <div className="field-issues" id={errorId} role="alert">
          {parsed.errors.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      <FieldIssues path={props.path} />
    </div>
  )
}
