#!/usr/bin/python3
"""Reads an .ics file with Debian's python3-icalendar (a real RFC 5545
parser) and prints what a calendar program would take from it, one line
per event: UID, start and end in UTC, SEQUENCE, STATUS, SUMMARY; first a
line with METHOD and the TZIDs. Exit 1 when the parser refuses the file or
an event's times are not tied to a zone the file defines. An all-day
entry (VALUE=DATE, a feed's recording) prints its dates as YYYY-MM-DD.
Any further arguments: the file is a feed with no METHOD (a feed must not
carry one: calendar programs treat it as an invitation)."""
import sys
import datetime as dt
from icalendar import Calendar

def utc(v):
    d = v.dt
    if isinstance(d, dt.date) and not isinstance(d, dt.datetime):
        if v.params.get('VALUE') != 'DATE':
            raise SystemExit(f'ics_check: {v} is a date without VALUE=DATE')
        return d.isoformat()
    if not isinstance(d, dt.datetime) or d.tzinfo is None:
        raise SystemExit(f'ics_check: {v} is not a zoned date-time')
    return d.astimezone(dt.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')

raw = open(sys.argv[1], 'rb').read()
for ln in raw.split(b'\r\n'):
    if len(ln) > 75:
        raise SystemExit(f'ics_check: line longer than 75 octets: {ln[:40]!r}...')
cal = Calendar.from_ical(raw)
if len(sys.argv) > 2 and cal.get('METHOD') is not None:
    raise SystemExit('ics_check: a feed carries METHOD')
tzids = sorted(str(t['TZID']) for t in cal.walk('VTIMEZONE'))
print('METHOD', str(cal.get('METHOD', '-')), 'TZ', ','.join(tzids))
for ev in cal.walk('VEVENT'):
    for k in ('DTSTART', 'DTEND'):
        tzid = ev[k].params.get('TZID')
        if ev[k].params.get('VALUE') == 'DATE':
            if tzid is not None:
                raise SystemExit(f'ics_check: the date {k} names a zone')
        elif tzid not in tzids:
            raise SystemExit(f'ics_check: {k} names zone {tzid} the file does not define')
    print('EVENT', str(ev['UID']), utc(ev['DTSTART']), utc(ev['DTEND']), int(ev.get('SEQUENCE', 0)),
          str(ev.get('STATUS', '-')), str(ev['SUMMARY']).replace('\n', '\\n'))
