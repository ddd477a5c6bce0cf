-- wrk script: a mix of searches as coordinators and tools make them, cycled per thread.
local paths = {
  "/api/v1/search?q=utbyggnadslagen",
  "/api/v1/search?q=samordnare",
  "/api/v1/search?q=torinstallationer",
  "/api/v1/search?q=%22lokal+niv%C3%A5%22",
  "/api/v1/search?q=fiber+kommun",
  "/api/v1/search?q=fiber&area=landsbygd&source=sormland",
  "/api/v1/search",
  "/api/v1/suggest?q=utbyg",
  "/api/v1/facets",
  "/?q=bredbandssamordnare",
  "/api/v1/search?q=kommun&sort=date_desc&limit=50",
  "/api/v1/search?q=konsumentr%C3%A5dgivning+OR+5G",
}
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors connect %d read %d write %d timeout %d status %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("throughput %.0f requests/s\n", summary.requests / (summary.duration / 1e6)))
end
