-- wrk script for bench/lib.sh's bench_wrk (bench/feed.sh, bench/listday.sh): GET $FEED_PATH,
-- each request with the next auth token of the file $TOKENS (one per line), and a one-line summary.

local path = os.getenv("FEED_PATH")
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do
  tokens[#tokens + 1] = line
end

-- DATES=d1,d2,...: FEED_PATH ends in "date=" and each request takes the
-- next date too, so that token x date pairs come round rarely
local dates = {}
for d in string.gmatch(os.getenv("DATES") or "", "[^,]+") do
  dates[#dates + 1] = d
end

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local i = 0

function init(args)
  -- threads start at different users
  i = id * 37
end

-- NO_CACHE=1: every answer from the database, not from the feed's cache
local no_cache = os.getenv("NO_CACHE")

function request()
  i = i + 1
  local headers = { ["Authorization"] = tokens[(i % #tokens) + 1] }
  if no_cache and no_cache ~= "" then
    headers["Cache-Control"] = "no-cache"
  end
  local p = path
  if #dates > 0 then
    p = path .. dates[(math.floor(i / #tokens) + i) % #dates + 1]
  end
  return wrk.format("GET", p, headers)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format("requests %d in %.1fs: %.0f req/s\n", summary.requests, seconds, summary.requests / seconds))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("non-2xx %d, socket errors %d\n", e.status, socket_errors))
  io.write(string.format("failed %d\n", e.status + socket_errors))
end
