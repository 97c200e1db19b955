// The same citizen's app on a second generator's client (swagger-typescript-api,
// a fetch-based Api class). Type-checked with `tsc --noEmit`, then run.
import { Api, TicketCategory, TicketKind, type PageOutletDto } from "./generated/IprApi.js";

const api = new Api({ baseUrl: process.argv[2] });

function check(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new Error(message);
  }
}

const PINGYAO = { lat: 37.1894, lng: 112.1761 };

const nearest = await api.api.nearestOutlets({ ...PINGYAO, limit: 3 });
// Without `fields=` the answer is the full page (the document says full or sparse).
const page = nearest.data as PageOutletDto;
const first = page.items[0];
check(first && typeof first.distance_m === "number", "nearest: distance_m");
console.log(`nearest: ${page.items.length} outlets, the first ${first.name} at ${first.distance_m} m`);

const located = await api.api.locate(PINGYAO);
const county = located.data.chain[0]; // most specific first
check(county?.region.code === "140728", `locate: ${JSON.stringify(located.data.chain)}`);
console.log(`locate: ${located.data.chain.map((r) => r.region.name).join(" / ")}`);

const filed = await api.api.createTicket({
  kind: TicketKind.Complaint,
  category: TicketCategory.Trademark,
  subject: "超市销售假冒注册商标的白酒",
  description: "在平遥古城某超市购买的白酒疑似假冒注册商标。",
  location: PINGYAO,
  reporter: { name: "张三", phone: "13812341234" },
});
check(filed.status === 201, `file: ${filed.status}`);
console.log(`filed: ${filed.data.tracking_number} (${filed.data.state})`);

const status = await api.api.ticketStatus({
  tracking: filed.data.tracking_number,
  token: filed.data.status_token,
});
check(status.data.tracking_number === filed.data.tracking_number, "status: tracking number");
check(status.data.history.length > 0, "status: history");
console.log(`status: ${status.data.state_label}, ${status.data.history.length} events`);

// Errors arrive as a rejected promise carrying the problem document.
const refused = await api.api
  .ticketStatus({ tracking: filed.data.tracking_number, token: "not-the-token" })
  .then(
    () => null,
    (response: { status: number; error: { code: string } }) => response,
  );
check(refused && refused.status === 404, "wrong token: 404");
console.log(`wrong token: ${refused.status} ${refused.error.code}`);
