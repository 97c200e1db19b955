// A citizen's app built on the generated types: nearest outlets, the
// jurisdiction of a point, a ticket filed and its status read. Type-checked
// with `tsc --noEmit` against the client generated from openapi/openapi.json,
// then run; any drift between the document and the server fails it.
import createClient from "openapi-fetch";
import type { paths } from "./generated/schema.js";

const base = process.argv[2];
const client = createClient<paths>({ baseUrl: base });

function check(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new Error(message);
  }
}

const PINGYAO = { lat: 37.1894, lng: 112.1761 };

const nearest = await client.GET("/api/v1/outlets/nearest", {
  params: { query: { ...PINGYAO, limit: 3 } },
});
check(nearest.data, `nearest: ${nearest.response.status}`);
// The operation answers JSON or, with Accept: application/geo+json, GeoJSON.
check("items" in nearest.data, "nearest: a JSON page");
const first = nearest.data.items[0];
check(first && "distance_m" in first && typeof first.distance_m === "number", "nearest: distance_m");
console.log(`nearest: ${nearest.data.items.length} outlets, the first ${first.name} at ${first.distance_m} m`);

const located = await client.GET("/api/v1/regions/locate", { params: { query: PINGYAO } });
check(located.data, `locate: ${located.response.status}`);
const county = located.data.chain[0]; // most specific first
check(county?.region.code === "140728", `locate: ${JSON.stringify(located.data.chain)}`);
console.log(`locate: ${located.data.chain.map((r) => r.region.name).join(" / ")}`);

const filed = await client.POST("/api/v1/tickets", {
  body: {
    kind: "complaint",
    category: "trademark",
    subject: "超市销售假冒注册商标的白酒",
    description: "在平遥古城某超市购买的白酒疑似假冒注册商标。",
    location: PINGYAO,
    reporter: { name: "张三", phone: "13812341234" },
  },
});
check(filed.data, `file: ${filed.response.status} ${JSON.stringify(filed.error)}`);
check(filed.response.status === 201, "file: 201");
console.log(`filed: ${filed.data.tracking_number} (${filed.data.state})`);

const status = await client.GET("/api/v1/tickets/status", {
  params: { query: { tracking: filed.data.tracking_number, token: filed.data.status_token } },
});
check(status.data, `status: ${status.response.status}`);
check(status.data.tracking_number === filed.data.tracking_number, "status: tracking number");
check(status.data.history.length > 0, "status: history");
console.log(`status: ${status.data.state_label}, ${status.data.history.length} events`);

const refused = await client.GET("/api/v1/tickets/status", {
  params: { query: { tracking: filed.data.tracking_number, token: "not-the-token" } },
});
check(refused.error && refused.response.status === 404, `wrong token: ${refused.response.status}`);
console.log(`wrong token: ${refused.response.status} ${refused.error.code}`);
