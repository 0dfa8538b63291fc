-- wrk script for the camhub "reuse answer" benchmark (used by bench/run_bench.py).
--
--   wrk -t2 -c100 -d5s --latency -s bench/reuse.lua \
--       http://127.0.0.1:PORT/api/streams/start -- <stream_id>
--
-- Every request is POST /api/streams/start {"stream_id": <stream_id>} against a stream
-- that is already running, so every answer should be 200 with "already_running":true.
-- At the end one line "CAMHUB_WRK {json}" is printed for the bench script to parse.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   local id = args[1] or "camera1_MediaProfile00000"
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   wrk.body = '{"stream_id":"' .. id .. '"}'
   responses = 0
   non200 = 0
   not_reused = 0
end

function response(status, headers, body)
   responses = responses + 1
   if status ~= 200 then
      non200 = non200 + 1
   elseif not string.find(body, '"already_running":true', 1, true) then
      not_reused = not_reused + 1
   end
end

function done(summary, latency, requests)
   local r, n, nr = 0, 0, 0
   for _, t in ipairs(threads) do
      r = r + t:get("responses")
      n = n + t:get("non200")
      nr = nr + t:get("not_reused")
   end
   local e = summary.errors
   io.write(string.format(
      'CAMHUB_WRK {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
      '"err_connect":%d,"err_read":%d,"err_write":%d,"err_timeout":%d,"err_status":%d,' ..
      '"responses":%d,"non200":%d,"not_reused":%d}\n',
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      latency.mean,
      e.connect, e.read, e.write, e.timeout, e.status,
      r, n, nr))
end
