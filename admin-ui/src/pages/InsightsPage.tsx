/** Insights across flags: the stale-flag report and each environment's delivery metrics. */
import { DeliveryCharts } from '../components/DeliveryCharts.js'
import { StaleReport } from '../components/StaleReport.js'
import { useEnvironmentKeys } from '../hooks/useAdminQueries.js'

export function InsightsPage() {
  const envs = useEnvironmentKeys()
  return (
    <section aria-labelledby="insights-title">
      <div className="page-head">
        <h1 id="insights-title">Insights</h1>
      </div>
      <StaleReport />
      <h2>Delivery</h2>
      {(envs.data ?? []).map((env) => (
        <DeliveryCharts key={env} env={env} />
      ))}
    </section>
  )
}
