#!/usr/bin/python3
"""Prints as JSON every message in a maildir that Debian's python3-aiosmtpd
(aiosmtpd.handlers.Mailbox) filled, read as a mail program reads it: the
decoded From, To and Subject, the MIME tree (content types, dispositions,
file names, the calendar method), the plain-text body, and each calendar
part parsed by python3-icalendar (METHOD, and per event UID, UTC start and
end, SEQUENCE, STATUS, SUMMARY, URL)."""
import datetime as dt
import email
import email.policy
import json
import mailbox
import sys
from icalendar import Calendar


def utc(v):
    d = v.dt
    if not isinstance(d, dt.datetime) or d.tzinfo is None:
        raise SystemExit(f'mail_check: {v} is not a zoned date-time')
    return d.astimezone(dt.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def calendar(raw):
    cal = Calendar.from_ical(raw)
    out = {'method': str(cal.get('METHOD', '')), 'events': []}
    for ev in cal.walk('VEVENT'):
        out['events'].append({'uid': str(ev['UID']), 'start': utc(ev['DTSTART']), 'end': utc(ev['DTEND']),
                              'sequence': int(ev.get('SEQUENCE', 0)), 'status': str(ev.get('STATUS', '')),
                              'summary': str(ev['SUMMARY']), 'url': str(ev.get('URL', ''))})
    return out


msgs = []
for key, m in sorted(mailbox.Maildir(sys.argv[1], create=False).items(), key=lambda kv: kv[1].get_date()):
    msg = email.message_from_bytes(m.as_bytes(), policy=email.policy.default)
    parts, text, cals = [], None, []
    for p in msg.walk():
        parts.append({'type': p.get_content_type(), 'disposition': p.get_content_disposition(),
                      'filename': p.get_filename(), 'method': p.get_param('method')})
        if p.get_content_type() == 'text/plain' and text is None:
            text = p.get_content()
        if p.get_content_type() in ('text/calendar', 'application/ics'):
            cals.append(calendar(p.get_payload(decode=True)))
    msgs.append({'from': str(msg['From']), 'to': str(msg['To']), 'subject': str(msg['Subject']),
                 'message_id': str(msg['Message-ID']), 'auto_submitted': str(msg['Auto-Submitted']),
                 'parts': parts, 'text': text, 'calendars': cals})
json.dump(msgs, sys.stdout, ensure_ascii=False)
