-- Random points over eastern and central China: which jurisdiction?
math.randomseed(11)
request = function()
  local lat = 22 + math.random() * 20
  local lng = 100 + math.random() * 22
  return wrk.format("GET", string.format("/api/v1/regions/locate?lat=%.5f&lng=%.5f", lat, lng))
end
