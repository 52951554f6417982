-- GET /activate/{token} over the tokens in the file given after "--", round robin; each wrk
-- thread starts half-way along from the previous one so they do not read the same rows in step.
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  tokens = {}
  for line in io.lines(args[1]) do
    tokens[#tokens + 1] = line:match("^(%S+)")
  end
  i = (id * math.floor(#tokens / 2)) % #tokens
end

function request()
  i = i + 1
  if i > #tokens then i = 1 end
  return wrk.format("GET", "/activate/" .. tokens[i])
end
