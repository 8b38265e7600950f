#!/usr/bin/env python3
"""Validates OpenCUS calendar files with an independent parser (icalendar from PyPI).

Usage: check-ics.py BASE_URL
Fetches the event list from the JSON feed, then for every public event the whole-event .ics and
the .ics of every agenda entry, and checks that each parses, has one VEVENT with a UID, a
SUMMARY and a DTSTART, that timed entries carry the Europe/Warsaw zone (or UTC for the repeated
October hour) at the same instant the JSON feed gives, and that no line exceeds 75 octets.
Exits non-zero on the first problem.
"""
import json
import sys
import urllib.request
from datetime import datetime

import icalendar

base = sys.argv[1].rstrip("/")


def get(path):
    with urllib.request.urlopen(base + path) as response:
        return response.read()


def check(raw, label, expected_start=None):
    for line in raw.split(b"\r\n"):
        if len(line) > 75:
            raise SystemExit(f"{label}: line longer than 75 octets: {line[:40]!r}")
    calendar = icalendar.Calendar.from_ical(raw)
    events = [c for c in calendar.walk("VEVENT")]
    if len(events) != 1:
        raise SystemExit(f"{label}: expected one VEVENT, found {len(events)}")
    event = events[0]
    for field in ("UID", "SUMMARY", "DTSTART", "DTSTAMP"):
        if field not in event:
            raise SystemExit(f"{label}: {field} missing")
    start = event.decoded("DTSTART")
    if expected_start is not None:
        if not isinstance(start, datetime) or start.tzinfo is None:
            raise SystemExit(f"{label}: DTSTART is not a zoned time: {start!r}")
        if start != expected_start:
            raise SystemExit(f"{label}: DTSTART {start.isoformat()} differs from the feed's {expected_start.isoformat()}")
        tzid = event["DTSTART"].params.get("TZID")
        if tzid not in (None, "Europe/Warsaw"):
            raise SystemExit(f"{label}: unexpected TZID {tzid}")
    return event


page = json.loads(get("/api/v1/events?per_page=100"))
checked = 0
for item in page["items"]:
    check(get(f"/events/{item['slug']}/calendar.ics"), item["slug"])
    checked += 1
    detail = json.loads(get(f"/api/v1/events/{item['id']}"))
    for entry in detail["agenda"]:
        expected = datetime.fromisoformat(entry["startsAt"])
        event = check(get(f"/events/{item['slug']}/entries/{entry['id']}/calendar.ics"), f"{item['slug']} / {entry['title']}", expected)
        if entry.get("endsAt") and event.decoded("DTEND") != datetime.fromisoformat(entry["endsAt"]):
            raise SystemExit(f"{item['slug']} / {entry['title']}: DTEND differs from the feed")
        checked += 1
# The supportive activities' feed of the demo CUS: every meeting the JSON lists for the coming
# weeks is a VEVENT with its UID, at the same Warsaw wall time.
from zoneinfo import ZoneInfo

raw = get("/activities/cus-jasminowo/calendar.ics")
for line in raw.split(b"\r\n"):
    if len(line) > 75:
        raise SystemExit(f"activities: line longer than 75 octets: {line[:40]!r}")
events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")}
meetings = 0
for activity in json.loads(get("/api/v1/organisations/cus-jasminowo/activities")):
    for meeting in activity["next"]:
        uid = next((u for u in events if u.startswith(f"activity-{activity['id'].lower()}-{meeting['day']}@")), None)
        if uid is None:
            raise SystemExit(f"activities: {activity['title']} on {meeting['day']} is missing from the feed")
        expected = datetime.fromisoformat(f"{meeting['day']}T{meeting['start']}").replace(tzinfo=ZoneInfo("Europe/Warsaw"))
        if events[uid].decoded("DTSTART") != expected:
            raise SystemExit(f"activities: {uid} starts {events[uid].decoded('DTSTART')}, the JSON says {expected}")
        meetings += 1
if meetings == 0:
    raise SystemExit("activities: the demo calendar lists no meetings")
print(f"ok   {checked} calendar file(s) parsed by icalendar {icalendar.__version__}, times match the JSON feed")
print(f"ok   the activities' feed: {len(events)} meetings, the {meetings} of the coming weeks match the JSON feed")
