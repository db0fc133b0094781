/**
 * A box that scrolls a wide table sideways inside itself, so a narrow screen scrolls the table
 * and not the page. It takes focus, so keyboard users can scroll it too (axe's
 * scrollable-region-focusable), and it is named for screen readers that land on it.
 */
import type { ReactNode } from 'react'

export function TableScroll(props: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  )
}
