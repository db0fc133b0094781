/**
 * Whether an element has come near the viewport (once it has, it stays true): the flag list
 * draws a row's chart only then, so 1,000 rows do not make 1,000 canvases up front.
 */
import { useEffect, useRef, useState } from 'react'

export function useVisible<T extends Element>(): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T>(null)
  // Without IntersectionObserver (an old browser), every chart is drawn at once.
  const [visible, setVisible] = useState(() => typeof IntersectionObserver === 'undefined')
  useEffect(() => {
    const el = ref.current
    if (el === null || visible) return
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setVisible(true)
      },
      { rootMargin: '200px' },
    )
    observer.observe(el)
    return () => observer.disconnect()
  }, [visible])
  return [ref, visible]
}
