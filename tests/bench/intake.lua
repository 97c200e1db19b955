-- Public intake of an anonymous enquiry (rate limits raised by run.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"kind":"enquiry","category":"policy","subject":"性能测试","description":"基准测试工单","region_code":"140728","reporter":{"anonymous":true}}'
