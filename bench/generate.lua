-- wrk script for bench/serving-bench.sh: each request is POST /generate of one PNG with
-- its own seed (thread k uses seeds from k * 10^9), so no two requests ask for the same
-- image. Counts 503s apart from other failures and prints one JSON line at the end.
local threads = {}

function setup(thread)
	thread:set("first", #threads * 1000000000)
	table.insert(threads, thread)
end

function init(args)
	seed = first
	overloaded = 0
	failed = 0
end

function request()
	seed = seed + 1
	return wrk.format("POST", "/generate",
		{ ["Content-Type"] = "application/json", ["Accept"] = "image/png" },
		'{"seed":' .. seed .. ',"count":1}')
end

function response(status, headers, body)
	if status == 503 then
		overloaded = overloaded + 1
	elseif status ~= 200 then
		failed = failed + 1
	end
end

function done(summary, latency, requests)
	local overloaded, failed = 0, 0
	for _, thread in ipairs(threads) do
		overloaded = overloaded + thread:get("overloaded")
		failed = failed + thread:get("failed")
	end
	local e = summary.errors
	local seconds = summary.duration / 1e6
	io.write(string.format(
		'{"requests":%d,"seconds":%.1f,"imagesPerSecond":%.1f,"p50Ms":%.2f,"p99Ms":%.2f,'
			.. '"errors":%d,"overloaded503":%d}\n',
		summary.requests, seconds, (summary.requests - overloaded - failed) / seconds,
		latency:percentile(50) / 1000, latency:percentile(99) / 1000,
		failed + e.connect + e.read + e.write + e.timeout, overloaded))
end
