-- bench/taxii.lua - wrk(1) script of bench/taxii.sh: every request asks
-- for the next of the page paths listed in the file given after "--"
-- (one path a line), each thread starting at a random place, so that
-- pollers at every depth of the collection are simulated.
local paths = {}
local i = 0

function init(args)
	for line in io.lines(args[1]) do
		paths[#paths + 1] = line
	end
	math.randomseed(os.time() + #paths)
	i = math.random(#paths)
end

function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
