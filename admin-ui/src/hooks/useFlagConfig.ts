/**
 * One flag's config in one environment as an edit. Until the person edits, the form shows the
 * newest version: the stream's, or the one loaded or saved here. An edit keeps the version it
 * started from (`base`) and saves with If-Match, so a version saved elsewhere meanwhile shows
 * as a conflict instead of being overwritten. The switch is not part of the edit: it applies
 * at once, and the edit goes on on top of it. Where the environment requires approval, a save
 * (or switching on) becomes a change request: nothing applies, and the page says it waits.
 */
import type { ChangeRequestInfo, Flag, JsonValue } from '@andon/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ApiError } from '../lib/api-error.js'
import {
  changedFields,
  draftIssues,
  draftOf,
  isDirty,
  rebaseDraft,
  type ConfigDraft,
} from '../lib/config-draft.js'
import { flagPatch } from '../lib/live-registry.js'
import { queryKeys } from '../lib/query-keys.js'
import { useLiveEnvironment } from './useLiveEnvironment.js'
import { useSaveIssues } from './useSaveIssues.js'
import { useSession } from './useSession.js'

export interface Conflict {
  reason: 'stale-save' | 'live'
  newer: Flag
}

interface Edit {
  base: Flag
  draft: ConfigDraft
  /** The version the form showed when the edit began: the editors keep their text until it ends. */
  startedAt: number
}

const newest = (a: Flag, b: Flag | undefined) => (b && b.version > a.version ? b : a)

export function useFlagConfig(flagKey: string, env: string, variations: JsonValue[]) {
  const { api, live } = useSession()
  const queryClient = useQueryClient()
  const queryKey = queryKeys.flagConfig(flagKey, env)
  const liveEnv = useLiveEnvironment(env)
  // Loaded, or saved here: a newer version on the stream was saved elsewhere.
  const own = useQuery({ queryKey, queryFn: () => api.flagConfig(flagKey, env) })
  const [editing, setEditing] = useState<Edit>()
  /** Bumped when the form is replaced from outside its fields, so that they read it again. */
  const [generation, setGeneration] = useState(0)
  const [refusedAt, setRefusedAt] = useState<number>()
  const [error, setError] = useState<string>()
  const [savedAt, setSavedAt] = useState<number>()
  /** The change request the last save or switch made instead of applying. */
  const [requested, setRequested] = useState<ChangeRequestInfo>()

  const latest = own.data && newest(own.data, liveEnv?.state.payload?.flags[flagKey])
  const dirty = editing !== undefined && isDirty(editing.base, editing.draft)
  const base = dirty ? editing.base : latest
  const draft = dirty ? editing.draft : latest && draftOf(latest)
  const issues = useSaveIssues(draft, (d) => (base ? draftIssues(base, d, variations) : []))

  function adopt(saved: Flag) {
    live.applyLocal(env, flagPatch(saved))
    queryClient.setQueryData(queryKey, saved)
  }

  /** The edit became a change request: shown, and the environment's list of them reloaded. */
  function awaitApproval(request: ChangeRequestInfo) {
    setRequested(request)
    void queryClient.invalidateQueries({ queryKey: queryKeys.changeRequestsOf(env) })
  }

  const save = useMutation({
    mutationFn: (input: { base: Flag; draft: ConfigDraft; comment?: string }) =>
      api.updateFlagConfig(
        flagKey,
        env,
        changedFields(input.base, input.draft),
        input.base.version,
        input.comment,
      ),
    onSuccess: (written) => {
      setEditing(undefined)
      setRefusedAt(undefined)
      issues.clear()
      if (written.kind === 'requested') {
        // The edit now lives in the request; the form shows the flag as it still is.
        awaitApproval(written.changeRequest)
        setSavedAt(undefined)
        return
      }
      adopt(written.flag)
      setRequested(undefined)
      setSavedAt(Date.now())
    },
    onError: (e, input) => {
      if (e instanceof ApiError && e.status === 412) {
        // Load the newer version; it then shows as the conflict with what was refused.
        setRefusedAt(input.base.version)
        void queryClient.invalidateQueries({ queryKey })
        return
      }
      if (e instanceof ApiError && e.issues.length > 0) issues.refused(input.draft, e.issues)
      setError(e.message)
    },
  })

  /** The kill switch: applied at once, whatever else is being edited. */
  const toggle = useMutation({
    mutationFn: (input: { enabled: boolean; comment?: string }) =>
      api.updateFlagConfig(flagKey, env, { enabled: input.enabled }, undefined, input.comment),
    onSuccess: (written) => {
      if (written.kind === 'requested') return awaitApproval(written.changeRequest)
      const saved = written.flag
      adopt(saved)
      setRequested(undefined)
      // Keep the other edits; when nobody else wrote meanwhile, they now sit on our toggle.
      setEditing((e) =>
        e && isDirty(e.base, e.draft)
          ? {
              ...e,
              base: saved.version === e.base.version + 1 ? saved : e.base,
              draft: { ...e.draft, enabled: saved.enabled },
            }
          : undefined,
      )
    },
    onError: (e) => setError(e.message),
  })

  const busy = save.isPending || toggle.isPending
  // During a write the stream may bring it before the answer: that is no conflict.
  const conflict: Conflict | undefined =
    dirty && latest && !busy && latest.version > editing.base.version
      ? { reason: refusedAt === editing.base.version ? 'stale-save' : 'live', newer: latest }
      : undefined

  function replace(next?: Edit) {
    setEditing(next)
    setGeneration((g) => g + 1)
    setRefusedAt(undefined)
    issues.clear()
  }

  /** Whether the draft may be saved; if not, its issues now show at their fields. */
  function check(): boolean {
    setError(undefined)
    return draft !== undefined && issues.tried(draft).length === 0
  }

  return {
    base,
    draft,
    /** Changes when the form was replaced, so that editors holding their own text read it again. */
    revision: `${dirty ? editing.startedAt : base?.version}/${generation}`,
    issues: issues.issues,
    conflict,
    error: error ?? own.error?.message,
    saving: save.isPending,
    savedAt,
    requested,
    dismissRequested: () => setRequested(undefined),
    /** The version shown was saved elsewhere while this page was open. */
    liveUpdate:
      !dirty && !busy && latest && own.data && latest.version > own.data.version
        ? latest.version
        : undefined,
    dirty,
    payload: liveEnv?.state.payload,
    streamStatus: liveEnv?.status,
    edit(change: Partial<ConfigDraft>) {
      if (!base || !draft) return
      const startedAt = dirty ? editing.startedAt : base.version
      setEditing({ base, draft: { ...draft, ...change }, startedAt })
    },
    check,
    /** Saves the draft; `comment` (why) goes into the audit entry. */
    save(comment?: string) {
      if (base && draft && check()) save.mutate({ base, draft, comment })
    },
    setEnabled(enabled: boolean, comment?: string) {
      setError(undefined)
      setRequested(undefined)
      toggle.mutate({ enabled, comment })
    },
    discard: () => replace(),
    keepMine() {
      if (!conflict || !base || !draft) return
      const newer = conflict.newer
      replace({ base: newer, draft: rebaseDraft(base, draft, newer), startedAt: newer.version })
    },
  }
}
