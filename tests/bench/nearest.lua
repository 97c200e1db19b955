-- Random points over eastern and central China, k = 10.
math.randomseed(7)
request = function()
  local lat = 22 + math.random() * 20
  local lng = 100 + math.random() * 22
  return wrk.format("GET", string.format("/api/v1/outlets/nearest?lat=%.5f&lng=%.5f&limit=10", lat, lng))
end
