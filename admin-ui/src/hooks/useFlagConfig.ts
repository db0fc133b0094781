/**
 * One flag's config in one environment as an edit: the version it started from (`base`), the
 * draft, a live newer version from the stream, and saves with If-Match so that a stale save
 * shows the conflict and the newer state instead of overwriting it.
 */
import type { Flag, JsonValue } from '@andon/core'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, type Issue } from '../lib/api-error.js'
import {
  changedFields,
  draftIssues,
  draftOf,
  isDirty,
  rebaseDraft,
  type ConfigDraft,
} from '../lib/config-draft.js'
import { flagPatch } from '../lib/live-registry.js'
import { useLiveEnvironment } from './useLiveEnvironment.js'
import { useSession } from './useSession.js'

export interface Conflict {
  reason: 'stale-save' | 'live'
  newer: Flag
}

export function useFlagConfig(flagKey: string, env: string, variations: JsonValue[] | undefined) {
  const { api, live } = useSession()
  const liveEnv = useLiveEnvironment(env)
  const [base, setBase] = useState<Flag>()
  const [draft, setDraft] = useState<ConfigDraft>()
  /** Bumped whenever the draft is replaced from outside, so editors re-read it. */
  const [revision, setRevision] = useState(0)
  const [issues, setIssues] = useState<Issue[]>([])
  const [conflict, setConflict] = useState<Conflict>()
  const [error, setError] = useState<string>()
  const [saving, setSaving] = useState(false)
  const [savedAt, setSavedAt] = useState<number>()
  /** The version last taken from the stream, saved elsewhere (another admin, the guard). */
  const [liveUpdate, setLiveUpdate] = useState<number>()

  const replace = useCallback((flag: Flag) => {
    setBase(flag)
    setDraft(draftOf(flag))
    setRevision((r) => r + 1)
  }, [])

  useEffect(() => {
    let current = true
    api.flagConfig(flagKey, env).then(
      (flag) => current && replace(flag),
      (e: Error) => current && setError(e.message),
    )
    return () => {
      current = false
    }
  }, [api, flagKey, env, replace])

  // Follow changes made elsewhere: take them when nothing is edited, else offer them.
  const liveFlag = liveEnv?.state.payload?.flags[flagKey]
  useEffect(() => {
    // During a save the stream may echo our own write before the answer: wait for the answer.
    if (saving || !liveFlag || !base || !draft || liveFlag.version <= base.version) return
    if (!isDirty(base, draft)) {
      replace(liveFlag)
      setLiveUpdate(liveFlag.version)
    } else if (!conflict || conflict.newer.version < liveFlag.version) {
      setConflict({ reason: conflict?.reason ?? 'live', newer: liveFlag })
    }
  }, [liveFlag, base, draft, conflict, replace, saving])

  const edit = useCallback((change: Partial<ConfigDraft>) => {
    setDraft((d) => (d ? { ...d, ...change } : d))
  }, [])

  const save = useCallback(async () => {
    if (!base || !draft) return
    const found = variations ? draftIssues(base, draft, variations) : []
    setIssues(found)
    setError(undefined)
    if (found.length > 0) return
    setSaving(true)
    try {
      const saved = await api.updateFlagConfig(
        flagKey,
        env,
        changedFields(base, draft),
        base.version,
      )
      live.applyLocal(env, flagPatch(saved))
      replace(saved)
      setConflict(undefined)
      setSavedAt(Date.now())
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        try {
          setConflict({ reason: 'stale-save', newer: await api.flagConfig(flagKey, env) })
        } catch (again) {
          setError(`${e.message} Loading the newer version failed: ${(again as Error).message}`)
        }
      } else if (e instanceof ApiError && e.issues.length > 0) {
        setIssues(e.issues)
        setError(e.message)
      } else setError((e as Error).message)
    } finally {
      setSaving(false)
    }
  }, [api, live, flagKey, env, base, draft, variations, replace])

  /** The kill switch: applied at once, whatever else is being edited. */
  const setEnabled = useCallback(
    async (enabled: boolean) => {
      setError(undefined)
      try {
        const saved = await api.updateFlagConfig(flagKey, env, { enabled })
        live.applyLocal(env, flagPatch(saved))
        if (!base || !draft || !isDirty(base, draft)) replace(saved)
        else {
          // Keep the other edits; they now sit on top of our own toggle.
          if (saved.version === base.version + 1) setBase(saved)
          setDraft({ ...draft, enabled: saved.enabled })
        }
      } catch (e) {
        setError((e as Error).message)
      }
    },
    [api, live, flagKey, env, base, draft, replace],
  )

  const discard = useCallback(() => {
    const target = conflict?.newer ?? base
    if (target) replace(target)
    setConflict(undefined)
    setIssues([])
  }, [conflict, base, replace])

  const keepMine = useCallback(() => {
    if (!conflict || !base || !draft) return
    setDraft(rebaseDraft(base, draft, conflict.newer))
    setBase(conflict.newer)
    setRevision((r) => r + 1)
    setConflict(undefined)
  }, [conflict, base, draft])

  return {
    base,
    draft,
    revision,
    issues,
    conflict,
    error,
    saving,
    savedAt,
    liveUpdate,
    dirty: base !== undefined && draft !== undefined && isDirty(base, draft),
    payload: liveEnv?.state.payload,
    streamStatus: liveEnv?.status,
    edit,
    save,
    setEnabled,
    discard,
    keepMine,
  }
}
