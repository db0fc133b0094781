/**
 * Code references as both stores keep them: a repository's upload as rows, what the upload
 * answers, and a flag's references grouped by repository.
 */
import type {
  CodeRefUpload,
  CodeRefUploadResult,
  FlagCodeRefs,
} from '../../insights/insights-model.js'

export interface CodeRefRow {
  uploadId: number
  flagKey: string
  file: string
  line: number
  column: number
  text: string
}

export const codeRefRows = (uploadId: number, upload: CodeRefUpload): CodeRefRow[] =>
  upload.refs.map((r) => ({
    uploadId,
    flagKey: r.flag,
    file: r.file,
    line: r.line,
    column: r.column ?? 1,
    text: r.text ?? '',
  }))

/** The distinct flag keys an upload names. */
export const uploadedKeys = (upload: CodeRefUpload): string[] => [
  ...new Set(upload.refs.map((r) => r.flag)),
]

export function uploadResult(
  upload: CodeRefUpload,
  uploadedAt: number,
  keys: readonly string[],
  live: ReadonlySet<string>,
): CodeRefUploadResult {
  return {
    repository: upload.repository,
    commit: upload.commit,
    uploadedAt,
    refs: upload.refs.length,
    flags: keys.length,
    unknownFlags: keys.filter((k) => !live.has(k)).sort(),
  }
}

export interface FlagRefRow {
  repository: string
  commit: string
  uploadedAt: number
  file: string
  line: number
  column: number
  text: string
}

/** A flag's references, from rows ordered by repository, file, line and column. */
export function groupCodeRefs(flag: string, rows: readonly FlagRefRow[]): FlagCodeRefs {
  const repositories: FlagCodeRefs['repositories'] = []
  for (const row of rows) {
    let repo = repositories.at(-1)
    if (repo?.repository !== row.repository) {
      repo = {
        repository: row.repository,
        commit: row.commit,
        uploadedAt: row.uploadedAt,
        refs: [],
      }
      repositories.push(repo)
    }
    repo.refs.push({ file: row.file, line: row.line, column: row.column, text: row.text })
  }
  return { flag, repositories }
}
