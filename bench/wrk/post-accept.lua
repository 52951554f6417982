-- POST /activate/{token} with the form token and the accept box: each request accepts a
-- different link (thread k takes every other line starting at line k+1), so every request is a
-- real activation. The file holds "token csrf" per line; the bench writes more lines than wrk
-- can use in the run's duration.
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  local every = tonumber(args[2])
  links = {}
  local n = 0
  for line in io.lines(args[1]) do
    if n % every == id then
      local token, csrf = line:match("^(%S+) (%S+)$")
      links[#links + 1] = { token, csrf }
    end
    n = n + 1
  end
  i = 0
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
end

function request()
  i = i + 1
  local link = links[i]
  if link == nil then
    -- Out of links: repeat the last one (a second POST on a used link), counted by the bench as such.
    link = links[#links]
  end
  return wrk.format("POST", "/activate/" .. link[1], headers, "csrf=" .. link[2] .. "&accept=yes")
end
