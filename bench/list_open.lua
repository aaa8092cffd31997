-- wrk script: list open hazards, GET /v1/hazards?open=true&limit=50.
--
--   HAZARD_BENCH_TOKEN=<access token> wrk -t2 -c16 -d20s --latency \
--     -s bench/list_open.lua http://127.0.0.1:18080

local token = os.getenv("HAZARD_BENCH_TOKEN")
if token == nil or token == "" then
  error("HAZARD_BENCH_TOKEN is not set (an access token of a user who may list hazards)")
end

wrk.method = "GET"
wrk.path = "/v1/hazards?open=true&limit=50"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"
