-- wrk script for make bench: customers enrolling into one event and
-- cancelling again, each request a real write. VV_ENROL lists "token path"
-- lines (path: /fi/ecare/index/event/<uuid>); each thread takes its own
-- half of the customers and alternates enrol and cancel for each of them,
-- so no two connections race on the same customer.
local rows = {}
local state = {}
local i = 0
local threads = 0
local lo, hi = 1, 1

function setup(thread)
	threads = threads + 1
	thread:set("thread_no", threads)
end

function init(args)
	for line in io.lines(os.getenv("VV_ENROL")) do
		local tok, path = line:match("^(%S+) (%S+)$")
		rows[#rows + 1] = { tok, path }
	end
	local half = math.floor(#rows / 2)
	if (thread_no or 1) == 1 then lo, hi = 1, half else lo, hi = half + 1, #rows end
	i = lo - 1
end

function request()
	i = i + 1
	if i > hi then i = lo end
	local r = rows[i]
	local verb = state[i] and "cancel" or "enrol"
	state[i] = not state[i]
	return wrk.format("POST", "/fi" .. r[2] .. "/" .. verb, {
		["Cookie"] = "vv_session=" .. r[1],
		["Content-Type"] = "application/x-www-form-urlencoded",
	}, "csrf=" .. string.rep("x", 43))
end
