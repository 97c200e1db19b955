"""Records events and parses a region's iCalendar feed with the icalendar
package: it must hold exactly the region's upcoming, not cancelled events.

Usage: check.py BASE_URL OPERATOR_KEY"""
import datetime
import json
import sys
import urllib.request

from icalendar import Calendar

BASE, KEY = sys.argv[1], sys.argv[2]
START = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))) + datetime.timedelta(days=7)


def record(title, region, status, days):
    start = START + datetime.timedelta(days=days)
    body = {
        "event_type": "training", "title": title, "organiser_name": "晋中市知识产权公共服务中心",
        "description": "讲解专利申请、商标注册；现场答疑,欢迎参加", "region_code": region,
        "place": "平遥县政务服务中心三楼会议室（长标题用于检验折行：知识产权公共服务进园区、进企业、进市场）",
        "lat": 37.19, "lng": 112.18, "starts_at": start.isoformat(timespec="seconds"),
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(timespec="seconds"),
        "attendance_mode": "offline", "status": status,
    }
    request = urllib.request.Request(f"{BASE}/api/v1/events", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"})
    assert urllib.request.urlopen(request).status == 201


record("平遥专利申请培训", "140728", "scheduled", 0)
record("平遥商标注册培训", "140728", "postponed", 3)
record("已取消的平遥培训", "140728", "cancelled", 5)
record("榆次专利导航培训", "140702", "scheduled", 1)

response = urllib.request.urlopen(f"{BASE}/api/v1/regions/140728/events.ics")
assert response.headers["Content-Type"].startswith("text/calendar"), response.headers["Content-Type"]
calendar = Calendar.from_ical(response.read())
events = calendar.walk("VEVENT")
titles = sorted(str(e["SUMMARY"]) for e in events)
assert titles == ["平遥专利申请培训", "平遥商标注册培训"], titles
for e in events:
    assert e["DTSTART"].dt.tzinfo is not None and e["DTEND"].dt > e["DTSTART"].dt
    assert str(e["LOCATION"]).startswith("平遥县政务服务中心"), e["LOCATION"]
    assert "；现场答疑,欢迎参加" in str(e["DESCRIPTION"]), e["DESCRIPTION"]
    assert str(e["UID"]).endswith("@ipr-service")
print(f"iCalendar feed parsed by icalendar: {len(events)} events, {titles}")
