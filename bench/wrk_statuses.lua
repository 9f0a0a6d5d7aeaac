-- For bench/surge.py: asks for the paths in WRK_PATHS (separated by "|") in turn and prints one
-- JSON line after the run: requests, responses by status (2xx other than 202; 202, the PDF's
-- waiting page; 429; 5xx; anything else), socket errors, and the median and p99 latency in ms.
local paths = {}
for path in string.gmatch(os.getenv("WRK_PATHS") or "/", "[^|]+") do
  table.insert(paths, path)
end
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  sent, ok, waiting, limited, failed, other = 0, 0, 0, 0, 0, 0
end

function request()
  sent = sent + 1
  return wrk.format("GET", paths[(sent % #paths) + 1])
end

function response(status, headers, body)
  if status == 202 then waiting = waiting + 1
  elseif status == 429 then limited = limited + 1
  elseif status >= 500 then failed = failed + 1
  elseif status >= 200 and status < 300 then ok = ok + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local totals = { ok = 0, waiting = 0, limited = 0, failed = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "ok": %d, "waiting": %d, "limited": %d, "server_errors": %d, '
      .. '"other": %d, "socket_errors": %d, "seconds": %.3f, "p50_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, totals.ok, totals.waiting, totals.limited, totals.failed, totals.other,
    errors, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
end
