/**
 * Fields whose text does not parse yet (a regex that does not compile, "ten" as a number) keep
 * the last good value in the draft, so the form must know about them: each such field reports
 * its error here, and Save waits until none is left.
 */
import { createContext, useCallback, useContext, useEffect, useState } from 'react'

type Report = (id: string, error: string | undefined) => void

export const ValidityContext = createContext<Report>(() => {})

/** Reports this field's parse error (or none) while it is mounted. */
export function useReportValidity(id: string, error: string | undefined): void {
  const report = useContext(ValidityContext)
  useEffect(() => {
    report(id, error)
    return () => report(id, undefined)
  }, [report, id, error])
}

/** The form side: the errors reported by its fields, by field id. */
export function useValidityCollector(): { invalid: Record<string, string>; report: Report } {
  const [invalid, setInvalid] = useState<Record<string, string>>({})
  const report = useCallback<Report>((id, error) => {
    setInvalid((current) => {
      if (current[id] === error) return current
      const next = { ...current }
      if (error === undefined) delete next[id]
      else next[id] = error
      return next
    })
  }, [])
  return { invalid, report }
}
