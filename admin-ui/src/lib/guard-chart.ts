/**
 * Geometry of the guard chart, kept out of React so it can be tested: scales from time and the
 * metric to SVG coordinates, tick marks with labels, a path per variation, and where the
 * vertical trip marker goes.
 */
import type { GuardKind } from './guard-model.js'
import { MINUTE_MS, type VariationLine } from './guard-series.js'

export interface ChartFrame {
  width: number
  height: number
  /** Room for the axes' labels around the plot. */
  margin: { top: number; right: number; bottom: number; left: number }
}

export interface PlottedPoint {
  x: number
  y: number
  at: number
  value: number
  samples: number
}

export interface ChartLayout {
  plot: { left: number; right: number; top: number; bottom: number }
  lines: { variation: number; path: string; points: PlottedPoint[] }[]
  xTicks: { x: number; label: string }[]
  yTicks: { y: number; label: string }[]
  trip: { x: number; label: string } | undefined
}

/** A rate as a percentage, a mean as a number, with about three significant digits. */
export function formatMetric(kind: GuardKind, value: number): string {
  if (!Number.isFinite(value)) return '–'
  if (kind === 'rate') return `${trim(value * 100)} %`
  return trim(value)
}

function trim(value: number): string {
  if (value === 0) return '0'
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 3
  const text =
    Math.abs(value) >= 1 ? value.toFixed(digits) : Number(value.toPrecision(digits)).toString()
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text
}

/** A round step (1, 2 or 5 times a power of ten) that cuts [0, max] into at most `count` parts. */
export function niceStep(max: number, count: number): number {
  if (!(max > 0)) return 1
  const rough = max / count
  const power = 10 ** Math.floor(Math.log10(rough))
  for (const m of [1, 2, 5, 10]) if (m * power >= rough) return m * power
  return 10 * power
}

const TIME_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440]

/** Hours and minutes in UTC, as the rest of the admin UI shows times. */
export function clockLabel(at: number): string {
  return new Date(at).toISOString().slice(11, 16)
}

export function chartLayout(
  lines: readonly VariationLine[],
  options: { kind: GuardKind; since: number; trippedAt: number | null; frame: ChartFrame },
): ChartLayout {
  const { frame, kind, since, trippedAt } = options
  const plot = {
    left: frame.margin.left,
    right: frame.width - frame.margin.right,
    top: frame.margin.top,
    bottom: frame.height - frame.margin.bottom,
  }
  const times = lines.flatMap((l) => l.points.map((p) => p.at))
  const start = Math.min(since, ...times)
  const end = Math.max(start + MINUTE_MS, trippedAt ?? 0, ...times)
  const values = lines.flatMap((l) => l.points.map((p) => p.value))
  const rawMax = Math.max(0, ...values)
  const yStep = niceStep(rawMax, 4)
  const yMax = rawMax > 0 ? Math.ceil((rawMax * 1.05) / yStep) * yStep : 1

  const x = (at: number) => plot.left + ((at - start) / (end - start)) * (plot.right - plot.left)
  const y = (v: number) => plot.bottom - (v / yMax) * (plot.bottom - plot.top)
  const round = (n: number) => Math.round(n * 10) / 10

  const plotted = lines.map((line) => {
    const points = line.points.map((p) => ({ x: round(x(p.at)), y: round(y(p.value)), ...p }))
    const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ')
    return { variation: line.variation, path, points }
  })

  const yTicks: ChartLayout['yTicks'] = []
  for (let v = 0; v <= yMax + yStep / 1e6; v += yStep) {
    yTicks.push({ y: round(y(v)), label: formatMetric(kind, Number(v.toPrecision(12))) })
  }

  const spanMin = (end - start) / MINUTE_MS
  const stepMin = TIME_STEPS_MIN.find((s) => spanMin / s <= 6) ?? 2880
  const stepMs = stepMin * MINUTE_MS
  const xTicks: ChartLayout['xTicks'] = []
  for (let t = Math.ceil(start / stepMs) * stepMs; t <= end; t += stepMs) {
    xTicks.push({ x: round(x(t)), label: clockLabel(t) })
  }

  const trip =
    trippedAt === null
      ? undefined
      : {
          x: round(x(trippedAt)),
          label: `tripped ${new Date(trippedAt).toISOString().slice(11, 19)}`,
        }
  return { plot, lines: plotted, xTicks, yTicks, trip }
}

/** A point's figure in words, for its tooltip. */
export function pointTitle(
  guard: { kind: GuardKind },
  /** The variation's label for people (lib/variations.ts). */
  variation: string,
  point: { at: number; value: number; samples: number },
): string {
  const unit = guard.kind === 'rate' ? 'exposures' : 'events'
  return `Variation ${variation}: ${formatMetric(guard.kind, point.value)} at ${clockLabel(point.at)} UTC, over ${point.samples.toLocaleString('en-US')} ${unit}`
}
