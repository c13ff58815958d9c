-- wrk script of ./strata bench (bench/edge.sh): the request comes from the environment,
-- and done() prints one line the script parses. Latencies are in microseconds.
--   BENCH_METHOD, BENCH_BODY, BENCH_AUTH (the Authorization header), BENCH_CONTENT_TYPE
--   BENCH_DELAY_MS: each connection waits this long between its requests (a paced load:
--   connections x 1000 / delay requests per second at most)
--   BENCH_IDEMPOTENCY=1: a new Idempotency-Key on every request (writes that are each new)
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
if body ~= nil and body ~= "" then
	wrk.body = body
end
local auth = os.getenv("BENCH_AUTH")
if auth ~= nil and auth ~= "" then
	wrk.headers["Authorization"] = auth
end
local contentType = os.getenv("BENCH_CONTENT_TYPE")
if contentType ~= nil and contentType ~= "" then
	wrk.headers["Content-Type"] = contentType
end
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
if pause > 0 then
	delay = function()
		return pause
	end
end

if os.getenv("BENCH_IDEMPOTENCY") == "1" then
	-- each wrk thread has a Lua state of its own: setup() numbers them, so keys never collide
	local threads = 0
	setup = function(thread)
		threads = threads + 1
		thread:set("thread_id", threads)
	end
	local run = tostring(os.time())
	local sent = 0
	request = function()
		sent = sent + 1
		wrk.headers["Idempotency-Key"] = string.format("bench-%s-%d-%d", run, thread_id or 0, sent)
		return wrk.format()
	end
end

done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		"BENCH requests=%d duration_us=%d p50=%d p95=%d p99=%d non2xx=%d socket_errors=%d\n",
		summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
		latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
