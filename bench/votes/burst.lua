-- wrk script for bench/votes: each connection plays voters in turn. A voter
-- makes 4 requests: votes for 3 different entries (one request each, each
-- with its own Idempotency-Key), then repeats the first request with the same
-- key (a double tap) — which must be answered with the same success and add
-- no vote. Voters are numbered thread-major so threads never share one.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  voters_per_thread = tonumber(args[1] or "100000")
  entries = tonumber(args[2] or "30")
  ok, conflict, other = 0, 0, 0
end

function request()
  local k = counter
  counter = counter + 1
  local voter = tid * voters_per_thread + math.floor(k / 4)
  local step = k % 4
  local pick = step == 3 and 0 or step
  local entry = (voter + pick * 7) % entries + 1
  local body = '{"entries":[' .. entry .. ']}'
  return wrk.format("POST", "/api/v1/public/competitions/777001/votes", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer bench-" .. voter,
    ["Idempotency-Key"] = "v" .. voter .. "-" .. pick,
  }, body)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 409 then conflict = conflict + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local o, c, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); c = c + t:get("conflict"); x = x + t:get("other")
  end
  io.write(string.format("RESULT ok=%d conflict=%d other=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f secs=%.3f\n",
    o, c, x, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.duration / 1e6))
end
