-- Single-ticket views (clocks, history, duplicate suggestions), round robin
-- over the ids in the file named by IDS, with the operator key in KEY.
local ids, n = {}, 0
for line in io.lines(os.getenv("IDS")) do
  n = n + 1
  ids[n] = line
end
local i = 0
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")
request = function()
  i = i % n + 1
  return wrk.format("GET", "/api/v1/tickets/" .. ids[i])
end
