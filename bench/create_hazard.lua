-- wrk script: file hazards, POST /v1/hazards, each request with a unique title.
--
--   HAZARD_BENCH_TOKEN=<access token> wrk -t2 -c16 -d20s --latency \
--     -s bench/create_hazard.lua http://127.0.0.1:18080
--
-- wrk runs this file once in the main Lua state (setup) and once per thread.

local token = os.getenv("HAZARD_BENCH_TOKEN")
if token == nil or token == "" then
  error("HAZARD_BENCH_TOKEN is not set (an access token of a user who may file hazards)")
end

-- Distinguishes runs, so titles stay unique if the same database is reused.
local run = os.getenv("HAZARD_BENCH_RUN") or tostring(os.time())

local next_thread = 0

-- Main state: number the threads.
function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_no", next_thread)
end

local counter = 0

function init(args)
  wrk.method = "POST"
  wrk.path = "/v1/hazards"
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"title":"压力测试隐患 %s-%d-%d","description":"bench","sector":"fire",'
      .. '"street_code":"huayanglu","address":"长宁路1号","latitude":31.22,'
      .. '"longitude":121.42,"grade":"general"}',
    run, thread_no or 0, counter)
  return wrk.format("POST", "/v1/hazards", nil, body)
end
