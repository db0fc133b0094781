/**
 * One segment as an edit saved with If-Match. The form shows the newest version (the stream
 * makes the query stale) until the person edits; a version saved elsewhere meanwhile, or a
 * stale save, then shows as `newer`, to resolve.
 */
import type { SegmentInfo } from '@andon/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ApiError } from '../lib/api-error.js'
import { queryKeys } from '../lib/query-keys.js'
import {
  rebaseSegment,
  segmentChanged,
  segmentDraftIssues,
  segmentDraftOf,
  type SegmentDraft,
} from '../lib/segment-draft.js'
import { useSaveIssues } from './useSaveIssues.js'
import { useSession } from './useSession.js'

interface Edit {
  base: SegmentInfo
  draft: SegmentDraft
}

export function useSegmentEdit(env: string, latest: SegmentInfo, onDeleted: () => void) {
  const { api } = useSession()
  const queryClient = useQueryClient()
  const segmentKey = latest.key
  const queryKey = queryKeys.segment(env, segmentKey)
  /** The edit and the version it started from; none while the form shows `latest` as it is. */
  const [edit, setEdit] = useState<Edit>()
  /** Bumped when the form is replaced from outside the fields, so that they read it again. */
  const [generation, setGeneration] = useState(0)
  const [error, setError] = useState<string>()
  const dirty = edit !== undefined && segmentChanged(edit.base, edit.draft)
  const base = dirty ? edit.base : latest
  const draft = dirty ? edit.draft : segmentDraftOf(latest)
  const issues = useSaveIssues(draft, (d) => segmentDraftIssues(base, d))

  const save = useMutation({
    mutationFn: (input: { draft: SegmentDraft; version: number }) =>
      api.updateSegment(env, segmentKey, input.draft, input.version),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKey, saved)
      void queryClient.invalidateQueries({ queryKey: queryKeys.segments(env) })
      setEdit(undefined)
      issues.clear()
    },
    onError: (e, input) => {
      // A stale save: load the newer version, which then shows as the conflict.
      if (e instanceof ApiError && e.status === 412) {
        void queryClient.invalidateQueries({ queryKey })
        return
      }
      if (e instanceof ApiError) issues.refused(input.draft, e.issues)
      setError(e.message)
    },
  })
  const remove = useMutation({
    mutationFn: () => api.deleteSegment(env, segmentKey),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey })
      void queryClient.invalidateQueries({ queryKey: queryKeys.segments(env) })
      onDeleted()
    },
    onError: (e) => setError(e.message),
  })

  function replace(next?: Edit) {
    setEdit(next)
    setGeneration((g) => g + 1)
    issues.clear()
  }

  return {
    base,
    draft,
    dirty,
    error,
    issues: issues.issues,
    saving: save.isPending,
    /** Changes when the form was replaced, so that fields holding their own text read it again. */
    revision: `${base.version}/${generation}`,
    // During a save the stream may bring our own write before the answer: no conflict then.
    newer: dirty && !save.isPending && latest.version > base.version ? latest : undefined,
    change: (next: Partial<SegmentDraft>) => setEdit({ base, draft: { ...draft, ...next } }),
    save() {
      setError(undefined)
      if (issues.tried(draft).length > 0) return
      save.mutate({ draft, version: base.version })
    },
    remove: () => remove.mutate(),
    discard: () => replace(),
    /** Puts the person's edits on top of `newer`, which becomes the version they started from. */
    keepMine(newer: SegmentInfo) {
      replace({ base: newer, draft: rebaseSegment(base, draft, newer) })
    },
  }
}
