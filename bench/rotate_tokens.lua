-- wrk script for bench/lib.sh's bench_wrk (bench/feed.sh, bench/listday.sh, bench/load.sh):
-- GET $FEED_PATH, each request with the next auth token of the file $TOKENS, and a one-line
-- summary. A line of $TOKENS is a token, or a token and its user's id after a space.
--
-- METHOD=POST with BODY sends BODY as JSON. In FEED_PATH and BODY, {user} is the token's
-- user id and {date} the request's date (see DATES).

local path = os.getenv("FEED_PATH")
local method = os.getenv("METHOD") or "GET"
local body = os.getenv("BODY")
local tokens, users = {}, {}
for line in io.lines(os.getenv("TOKENS")) do
  local token, user = string.match(line, "^(%S+)%s*(%S*)$")
  tokens[#tokens + 1] = token
  users[#users + 1] = user
end

-- DATES=d1,d2,...: each request takes the next date too (appended to a FEED_PATH that ends
-- in "=", or as {date}), so that token x date pairs come round rarely
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

-- fill replaces {user} and {date} in s (plain text, not patterns)
local function fill(s, user, date)
  s = string.gsub(s, "{user}", function() return user end)
  return (string.gsub(s, "{date}", function() return date end))
end

function request()
  i = i + 1
  local n = (i % #tokens) + 1
  local headers = { ["Authorization"] = tokens[n] }
  if no_cache and no_cache ~= "" then
    headers["Cache-Control"] = "no-cache"
  end
  local date = ""
  if #dates > 0 then
    date = dates[(math.floor(i / #tokens) + i) % #dates + 1]
  end
  local p = path
  if string.find(p, "{date}", 1, true) or string.find(p, "{user}", 1, true) then
    p = fill(p, users[n], date)
  elseif string.sub(p, -1) == "=" then
    p = p .. date
  end
  local b = nil
  if body then
    b = fill(body, users[n], date)
    headers["Content-Type"] = "application/json"
  end
  return wrk.format(method, p, headers, b)
end

-- DELAY_MS=n: each connection waits n ms after an answer before its next request, so that
-- C connections offer about C * 1000 / (n + latency) requests a second, not as many as the
-- server takes
local delay_ms = tonumber(os.getenv("DELAY_MS") or "")
if delay_ms and delay_ms > 0 then
  function delay()
    return delay_ms
  end
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
