#!/usr/bin/env python3
"""Writes the returns of the consortium consultant example (specs/consortium-consultants/returns/).

Regenerate with (from the repository root; Python 3 standard library only):

    python3 specs/consortium-consultants/generate.py

The output depends only on SEED: running it twice gives the same bytes. Each partner
returns what its kind provides (specs/consortium-consultants/README.md has the table):

  RZ3   community trust, host of the consultant posts: the consultants' advice-line rota,
        the advice-line call log, community sessions and referrals, the community MDT,
        teaching for generalists;
  8ZB01, 8ZB02  hospices with in-patient units: their specialty doctors' out-of-hours
        advice-line rota, in-patient unit sessions and referrals, the unit's MDT;
  RZ4, RZ5  acute trusts: hospital sessions and referrals, the hospital team's MDT
        (RZ5 joined the consortium on 1 July 2023).

The shortfalls planted in the data are listed in PLANTED.md and planted.txt.
"""
import csv
import datetime as dt
import os
import random
import sys

SEED = 2023
START, END = dt.date(2023, 4, 1), dt.date(2024, 3, 31)
BANK_HOLIDAYS = {dt.date(2023, 4, 7), dt.date(2023, 4, 10), dt.date(2023, 5, 1), dt.date(2023, 5, 8),
                 dt.date(2023, 5, 29), dt.date(2023, 8, 28), dt.date(2023, 12, 25), dt.date(2023, 12, 26),
                 dt.date(2024, 1, 1), dt.date(2024, 3, 29), dt.date(2024, 4, 1)}
HOST, VALE, HILLSIDE, NORTH, SOUTH = "RZ3", "8ZB01", "8ZB02", "RZ4", "RZ5"
JOINED = {SOUTH: dt.date(2023, 7, 1)}
SETTING = {HOST: "community", VALE: "ipu", HILLSIDE: "ipu", NORTH: "hospital", SOUTH: "hospital"}
REFERRALS_PER_MONTH = {HOST: 18, VALE: 10, HILLSIDE: 9, NORTH: 22, SOUTH: 14}
MDT_WEEKDAY = {VALE: 1, HILLSIDE: 1, HOST: 2, NORTH: 3, SOUTH: 4}  # Tue, Tue, Wed, Thu, Fri

CONSULTANT = "Consultant in Palliative Medicine"
LOCUM = "Locum Consultant in Palliative Medicine"
SPECIALTY = ["Specialty Doctor in Palliative Medicine", "Specialty Registrar (ST5) Palliative Medicine"]
# Planted: the night of Saturday 30 December 2023 had neither a specialty doctor on first call
# nor a consultant on second call (consultant vacancy over the winter, a sickness absence).
GAP = (dt.datetime(2023, 12, 30, 21, 0), dt.datetime(2023, 12, 31, 9, 0))
# Planted: Valeshire North's December return arrived a week late.
LATE_RETURN = {(NORTH, 2023, 12): dt.date(2024, 1, 17)}
# Hillside Hospice: consultant on long-term leave from October, a locum on Mon-Wed (waived).
HILLSIDE_LOCUM_FROM = dt.date(2023, 10, 1)
# Consultant leave with nobody covering the in-patient unit's morning session: Vale has two
# consultants for three posts (a week a quarter uncovered), Hillside a couple of days.
UNCOVERED_LEAVE = {
    VALE: [(dt.date(2023, 5, 15), dt.date(2023, 5, 19)), (dt.date(2023, 8, 14), dt.date(2023, 8, 18)),
           (dt.date(2023, 10, 23), dt.date(2023, 10, 27)), (dt.date(2024, 2, 12), dt.date(2024, 2, 16))],
    HILLSIDE: [(dt.date(2023, 6, 8), dt.date(2023, 6, 9)), (dt.date(2023, 9, 14), dt.date(2023, 9, 15))]}
# Vale Hospice: consultant vacancy from November; the MDT is chaired by a specialty doctor (waived).
VALE_VACANCY_FROM = dt.date(2023, 11, 1)

rng = random.Random(SEED)


def days(a=START, b=END):
    d = a
    while d <= b:
        yield d
        d += dt.timedelta(days=1)


def working(d):
    return d.weekday() < 5 and d not in BANK_HOLIDAYS


def active(prov, d):
    return d >= JOINED.get(prov, START)


def at(d, h, m=0):
    return dt.datetime(d.year, d.month, d.day) + dt.timedelta(hours=h, minutes=m)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M")


def nhs_number(serial):
    """A number in the test range 999 000 0000 - 999 999 9999 with a valid check digit."""
    while True:
        body = "999%06d" % serial
        r = sum(int(c) * w for c, w in zip(body, range(10, 1, -1))) % 11
        check = 11 - r
        if check == 11:
            check = 0
        if check != 10:
            return body + str(check), serial + 1
        serial += 1


def add_working_days(d, n):
    while n > 0:
        d += dt.timedelta(days=1)
        if working(d):
            n -= 1
    return d


def submitted(prov, d):
    """The day the provider's monthly return for d's month was received: 3 to 9 days after month end."""
    key = (prov, d.year, d.month)
    if key not in submitted.cache:
        nxt = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        submitted.cache[key] = LATE_RETURN.get(key, nxt + dt.timedelta(days=rng.randint(2, 8)))
    return submitted.cache[key].isoformat()


submitted.cache = {}


def advice_rota():
    rows = []
    for d in days(START - dt.timedelta(days=1)):  # the night before the year starts
        nxt = d + dt.timedelta(days=1)
        # Out-of-hours first call: the hospices' specialty doctors, alternate weeks.
        hospice = VALE if d.isocalendar()[1] % 2 else HILLSIDE
        doctor = SPECIALTY[d.isocalendar()[1] // 2 % 2]
        if working(d):
            rows.append((HOST, at(d, 9), at(d, 17), CONSULTANT, "first"))
            rows.append((HOST, at(d, 17), at(nxt, 9), CONSULTANT, "second"))
            rows.append((hospice, at(d, 17), at(nxt, 9), doctor, "first"))
        else:
            if (at(d, 9), at(nxt, 9)) != (GAP[0].replace(hour=9), GAP[1]):
                rows.append((HOST, at(d, 9), at(nxt, 9), CONSULTANT, "second"))
            rows.append((hospice, at(d, 9), at(d, 21), doctor, "first"))
            if at(d, 21) != GAP[0]:
                rows.append((hospice, at(d, 21), at(nxt, 9), doctor, "first"))
    rows.sort(key=lambda r: (r[1], r[0]))
    return [[p, "ROTA-%05d" % (i + 1), iso(a), iso(b), role, oc] for i, (p, a, b, role, oc) in enumerate(rows)]


def advice_calls():
    callers = ["gp"] * 30 + ["district_nurse"] * 25 + ["care_home"] * 12 + ["hospital_ward"] * 12 + \
              ["paramedic"] * 8 + ["patient"] * 5 + ["carer"] * 8
    outcomes = ["advice"] * 70 + ["visit"] * 12 + ["admission"] * 8 + ["signposted"] * 10
    rows = []
    for d in days():
        n = rng.choice([2, 3, 3, 4, 4, 5]) if working(d) else rng.choice([1, 2, 2, 3])
        for _ in range(n):
            u = rng.random()
            minute = rng.randint(9 * 60, 17 * 60 - 1) if u < 0.68 else \
                rng.randint(17 * 60, 23 * 60 - 1) if u < 0.9 else rng.randint(23 * 60, 33 * 60 - 1)
            t = at(d, 0, minute)
            if GAP[0] <= t < GAP[1] or t.date() > END:
                continue
            in_hours = working(t.date()) and 9 <= t.hour < 17
            role = CONSULTANT if in_hours or rng.random() < 0.12 else rng.choice(SPECIALTY)
            # Most calls are taken at once or called back within minutes; a few wait for a
            # doctor finishing a visit.
            wait = rng.randint(35, 95) if rng.random() < 0.015 else rng.choice([1, 2, 3, 5, 8, 12, 15, 20, 25])
            rows.append([t, rng.choice(callers), t + dt.timedelta(minutes=wait), role, rng.choice(outcomes)])
    rows.sort(key=lambda r: r[0])
    return [["ADV-%05d" % (i + 1), HOST, iso(t), c, iso(a), role, o] for i, (t, c, a, role, o) in enumerate(rows)]


def ipu_consultant(prov, d):
    """Who holds the morning in-patient unit session at a hospice, or None when uncovered."""
    if prov == HILLSIDE and d >= HILLSIDE_LOCUM_FROM:
        return LOCUM if d.weekday() < 3 else None
    return None if any(a <= d <= b for a, b in UNCOVERED_LEAVE[prov]) else CONSULTANT


def consultant_sessions():
    rows = []
    for d in days():
        if not working(d):
            continue
        for prov in (VALE, HILLSIDE):
            who = ipu_consultant(prov, d)
            if who:
                rows.append((prov, "ipu", at(d, 9), at(d, 13), who))
        if d.weekday() in (1, 3):
            rows.append((HOST, "community", at(d, 13, 30), at(d, 17), CONSULTANT))
        rows.append((NORTH, "hospital", at(d, 9), at(d, 13), CONSULTANT))
        if active(SOUTH, d) and d.weekday() in (0, 1, 3, 4):  # 0.4 WTE: four morning sessions
            rows.append((SOUTH, "hospital", at(d, 9), at(d, 13), CONSULTANT))
    rows.sort(key=lambda r: (r[0], r[2]))
    return [[p, "SES-%s-%05d" % (p, i + 1), site, iso(a), iso(b), role, submitted(p, a.date())]
            for i, (p, site, a, b, role) in enumerate(rows)]


def south_review(t):
    """Valeshire South has consultant sessions on Mon, Tue, Thu and Fri mornings only."""
    d = t.date()
    if working(d) and d.weekday() in (0, 1, 3, 4) and t.hour < 11:
        return t + dt.timedelta(minutes=rng.randint(30, 150))
    d += dt.timedelta(days=1)
    while not (working(d) and d.weekday() in (0, 1, 3, 4)):
        d += dt.timedelta(days=1)
    return at(d, 9, rng.randint(0, 180))


def consultant_referrals():
    rows, serial = [], 123456
    for prov in (HOST, VALE, HILLSIDE, NORTH, SOUTH):
        for d in days():
            if not active(prov, d):
                continue
            per_day = REFERRALS_PER_MONTH[prov] / 30.4 * (1.25 if working(d) else 0.45)
            if rng.random() >= per_day:
                continue
            t = at(d, rng.randint(8, 19), rng.randint(0, 59))
            urgent = rng.random() < 0.45
            reason = ""
            if urgent:
                if prov == SOUTH:
                    seen = south_review(t)
                elif rng.random() < 0.04:
                    seen = t + dt.timedelta(hours=rng.randint(26, 40))  # missed, seen the next day
                else:
                    seen = t + dt.timedelta(minutes=rng.randint(45, 20 * 60))
                if rng.random() < 0.03:
                    reason = rng.choice(["Transferred to another hospital before review",
                                         "Family asked for the review to wait until the next day"])
                    seen = t + dt.timedelta(hours=rng.randint(26, 30))
            else:
                wd = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5]) if rng.random() > 0.05 else rng.randint(6, 8)
                seen = at(add_working_days(d, wd), rng.randint(9, 16), rng.randint(0, 59))
                if seen <= t:
                    seen = t + dt.timedelta(hours=2)
            nhs, serial = nhs_number(serial)
            rows.append([prov, nhs, t, SETTING[prov], "urgent" if urgent else "routine", seen, reason])
    return [["CR-%s-%04d" % (p, i + 1), p, nhs, iso(t), s, u, iso(seen), r, submitted(p, t.date())]
            for i, (p, nhs, t, s, u, seen, r) in enumerate(rows)]


MDT_ROLES = [  # job title, chance of being present
    ("Clinical Nurse Specialist", 0.995), ("Social Worker", 0.75), ("Occupational Therapist", 0.6),
    ("Physiotherapist", 0.55), ("Chaplain", 0.5), ("Clinical Psychologist", 0.3)]


def mdt_attendance():
    rows = []
    for prov in (HOST, VALE, HILLSIDE, NORTH, SOUTH):
        d = START
        while d <= END:
            meeting = d + dt.timedelta(days=(MDT_WEEKDAY[prov] - d.weekday()) % 7)
            d = meeting - dt.timedelta(days=meeting.weekday()) + dt.timedelta(days=7)
            while meeting in BANK_HOLIDAYS:
                meeting += dt.timedelta(days=1)
            if meeting > END or not active(prov, meeting):
                continue
            if prov == VALE and meeting >= VALE_VACANCY_FROM:
                consultant = rng.random() < 0.4  # consortium colleagues attend when they can
            else:
                consultant = rng.random() < 0.97
            mid = "MDT-%s-%s" % (prov, meeting.strftime("%Y%m%d"))
            attendees = [(CONSULTANT, consultant)]
            if prov == VALE and not consultant:
                attendees.append((SPECIALTY[0], True))
            attendees += [(role, rng.random() < p) for role, p in MDT_ROLES]
            for role, present in attendees:
                rows.append([prov, mid, meeting.isoformat(), role, "yes" if present else "no",
                             submitted(prov, meeting)])
    return rows


def education_sessions():
    rows = []
    audiences = ["gp", "district_nurse", "care_home", "hospital", "paramedic", "pharmacist"]
    for month_start in [dt.date(2023 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(4, 16)]:
        n = 1 if month_start.month == 8 else 2
        for _ in range(n):
            d = month_start + dt.timedelta(days=rng.randint(1, 26))
            while not working(d):
                d += dt.timedelta(days=1)
            rows.append((HOST, d, rng.choice(audiences), rng.randint(8, 35)))
        if month_start.month in (5, 11):  # each hospice's care-home study day
            for prov in (VALE, HILLSIDE):
                d = month_start + dt.timedelta(days=rng.randint(8, 20))
                while not working(d):
                    d += dt.timedelta(days=1)
                rows.append((prov, d, "care_home", rng.randint(15, 30)))
    rows.sort(key=lambda r: (r[1], r[0]))
    return [[p, "EDU-%04d" % (i + 1), d.isoformat(), a, n] for i, (p, d, a, n) in enumerate(rows)]


def write(outdir, name, header, rows):
    with open(os.path.join(outdir, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    args = [a for a in sys.argv[1:] if a != "--out"]  # DIR or --out DIR
    outdir = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "returns")
    os.makedirs(outdir, exist_ok=True)
    # Order matters: each table draws from the one seeded generator in turn.
    write(outdir, "advice_rota.csv", ["provider", "shift_id", "starts_at", "ends_at", "staff_role", "on_call"],
          advice_rota())
    write(outdir, "advice_calls.csv",
          ["call_id", "provider", "received_at", "caller_type", "answered_at", "handled_by_role", "outcome"],
          advice_calls())
    write(outdir, "consultant_sessions.csv",
          ["provider", "session_id", "site", "starts_at", "ends_at", "staff_role", "submitted"], consultant_sessions())
    write(outdir, "consultant_referrals.csv",
          ["referral_id", "provider", "nhs_number", "referred_at", "setting", "urgency", "reviewed_at",
           "exclusion_reason", "submitted"], consultant_referrals())
    write(outdir, "mdt_attendance.csv",
          ["provider", "meeting_id", "held_on", "attendee_role", "present", "submitted"], mdt_attendance())
    write(outdir, "education_sessions.csv", ["provider", "session_id", "held_on", "audience", "attendees"],
          education_sessions())


if __name__ == "__main__":
    main()
