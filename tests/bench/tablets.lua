-- wrk script for make bench: a fleet of tablets as the poll meets it in the
-- field. Tokens come from the file VV_TABLETS, one per line. The first
-- VV_WARM tablets are polled in turn; every VV_COLD_EVERY-th request is
-- instead a tablet polling for the first time (a fresh token, used once),
-- which finds no copy in the worker. Why 30: a tablet polls every 5 s and
-- a copy lives 300 s (poll_cache_seconds) in each of 2 workers, so at most
-- 2 of its 60 polls in that time find none: 1 in 30. VV_COLD_EVERY=0 and
-- VV_WARM=all: every tablet in turn (used to warm the copies up);
-- VV_OFFSET=n starts the turn n polls on (n polls made by earlier runs).
local tokens = {}
local warm, cold_every = 0, 0
local i, cold = 0, 0
local threads = 0

function setup(thread)
	threads = threads + 1
	thread:set("thread_no", threads) -- a global in the thread's own Lua state
end

function init(args)
	for line in io.lines(os.getenv("VV_TABLETS")) do
		tokens[#tokens + 1] = line
	end
	warm = tonumber(os.getenv("VV_WARM") or "") or #tokens
	if warm > #tokens then warm = #tokens end
	cold_every = tonumber(os.getenv("VV_COLD_EVERY") or "") or 0
	-- Each thread takes its fresh tokens from its own half of the rest.
	cold = warm + ((thread_no or 1) - 1) * math.floor((#tokens - warm) / 2)
	-- Two threads share the polls made so far.
	i = math.floor((tonumber(os.getenv("VV_OFFSET") or "") or 0) / 2) + (thread_no or 0) * 7
end

function request()
	i = i + 1
	local t
	if cold_every > 0 and i % cold_every == 0 and cold < #tokens then
		cold = cold + 1
		t = tokens[cold]
	else
		t = tokens[i % warm + 1]
	end
	return wrk.format("GET", "/fi/ecare/poll", { ["Cookie"] = "vv_session=" .. t })
end
