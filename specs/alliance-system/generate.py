#!/usr/bin/env python3
"""Writes the returns of the alliance example (specs/alliance-system/returns/).

Regenerate with (from the repository root; Python 3 standard library only):

    python3 specs/alliance-system/generate.py

The output depends only on SEED: running it twice gives the same bytes. Each partner
returns what its kind provides (specs/alliance-system/README.md has the table): only the
two hospices with in-patient units return admissions, only the hospices staff the advice
line, the GP federation returns the deaths on its practices' palliative care registers
and nothing else, the acute trusts' patients mostly die in hospital.

The shortfalls planted in the data are listed in PLANTED.md and planted.txt.
"""
import csv
import datetime as dt
import os
import random
import sys

SEED = 2024
START, END = dt.date(2024, 4, 1), dt.date(2025, 3, 31)
BANK_HOLIDAYS = {dt.date(2024, 4, 1), dt.date(2024, 5, 6), dt.date(2024, 5, 27), dt.date(2024, 8, 26),
                 dt.date(2024, 12, 25), dt.date(2024, 12, 26), dt.date(2025, 1, 1)}
LEAD, CUTHBERT, HAH, MARIE_CURIE = "8ZD01", "8ZD02", "8ZD03", "8ZD04"
TEACHING, DALES, COMMUNITY, GP_FED = "RZ6", "RZ7", "RZ8", "8ZD05"
ACUTE = (TEACHING, DALES)

# Planted: St Cuthbert's night shift on the advice line on Saturday 28 December 2024 was
# filled by a staff nurse from the in-patient unit, not a nurse specialist.
MISSED_NIGHT = dt.date(2024, 12, 28)
# Planted: St Cuthbert's consultant post is vacant from November 2024 to February 2025: its MDT
# often meets without a consultant, and there is no weekend admitting rota in January and
# February 2025.
CUTHBERT_VACANCY = (dt.date(2024, 11, 1), dt.date(2025, 2, 28))
NO_WEEKEND_ADMISSIONS = {(2025, 1), (2025, 2)}
# Planted: Dales General's December deaths return arrived on 3 February 2025 (due 15 January);
# the GP federation's October-December return on 24 January 2025 (due 20 January).
LATE_RETURN = {(DALES, 2024, 12): dt.date(2025, 2, 3), (GP_FED, 2024, 12): dt.date(2025, 1, 24)}

REFERRALS_PER_MONTH = {LEAD: 30, CUTHBERT: 18, HAH: 14, TEACHING: 40, DALES: 22, COMMUNITY: 32, MARIE_CURIE: 14}
DEATHS_PER_MONTH = {LEAD: 30, CUTHBERT: 18, HAH: 12, TEACHING: 28, DALES: 14, COMMUNITY: 24, MARIE_CURIE: 10,
                    GP_FED: 10}
ADMISSIONS_PER_MONTH = {LEAD: 28, CUTHBERT: 16}  # 20-bed and 12-bed in-patient units

# Preferred place of death (DEATH LOCATION TYPE CODE) and the chance it is recorded and achieved.
PREFERRED = {
    "hospice": {"30": 50, "21": 38, "41": 6, "42": 3, "10": 2, "50": 1},
    "hah": {"21": 85, "22": 3, "30": 8, "42": 2, "10": 2},
    "acute": {"21": 35, "10": 35, "30": 18, "41": 7, "42": 4, "50": 1},
    "community": {"21": 60, "41": 12, "42": 10, "30": 12, "10": 5, "50": 1},
    "nursing": {"21": 90, "30": 6, "10": 4},
    "gp": {"21": 45, "41": 18, "42": 17, "30": 10, "10": 10},
}
PROFILE = {LEAD: "hospice", CUTHBERT: "hospice", HAH: "hah", TEACHING: "acute", DALES: "acute",
           COMMUNITY: "community", MARIE_CURIE: "nursing", GP_FED: "gp"}
RECORDED = {"hospice": 0.92, "hah": 0.95, "acute": 0.72, "community": 0.85, "nursing": 0.9, "gp": 0.7}
ACHIEVED = {"hospice": 0.88, "hah": 0.9, "acute": 0.55, "community": 0.82, "nursing": 0.88, "gp": 0.7}
# Where people die when the preferred place was not achieved (or not recorded).
FALLBACK = {"acute": {"10": 85, "30": 8, "41": 4, "21": 3}, "other": {"10": 30, "30": 45, "41": 15, "21": 10}}
# Emergency admissions in the last 90 days of life: more for the hospital teams' patients.
EMERGENCY = {"acute": [25, 35, 28, 8, 3, 1], "gp": [40, 30, 20, 7, 3], "other": [50, 30, 15, 4, 1]}

rng = random.Random(SEED)


def days(a=START, b=END):
    d = a
    while d <= b:
        yield d
        d += dt.timedelta(days=1)


def months():
    d = START
    while d <= END:
        yield d
        d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_end(d):
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def working(d):
    return d.weekday() < 5 and d not in BANK_HOLIDAYS


def at(d, h, m=0):
    return dt.datetime(d.year, d.month, d.day) + dt.timedelta(hours=h, minutes=m)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M")


def pick(weights):
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]


class Patients:
    """NHS numbers in the test range 999 000 0000 - 999 999 9999, with valid check digits."""

    def __init__(self, first):
        self.serial = first

    def next(self):
        while True:
            body = "999%06d" % self.serial
            self.serial += 1
            check = 11 - sum(int(c) * w for c, w in zip(body, range(10, 1, -1))) % 11
            check = 0 if check == 11 else check
            if check != 10:
                return body + str(check)


patients = Patients(400000)


def advice_rota():
    rows = []
    for d in days(START - dt.timedelta(days=1)):
        nxt = d + dt.timedelta(days=1)
        rows.append((LEAD, at(d, 8), at(d, 20), "Clinical Nurse Specialist"))
        if d.weekday() in (4, 5):  # St Cuthbert's takes Friday and Saturday nights
            role = "Staff Nurse (in-patient unit)" if d == MISSED_NIGHT else "Clinical Nurse Specialist"
            rows.append((CUTHBERT, at(d, 20), at(nxt, 8), role))
        else:
            rows.append((LEAD, at(d, 20), at(nxt, 8), "Senior Nurse Specialist (night)"))
    return [[p, "SPA-%05d" % (i + 1), iso(a), iso(b), r] for i, (p, a, b, r) in enumerate(rows)]


def assessment_rota():
    rows = []
    for d in days():
        weekday = working(d)
        if weekday:
            rows += [(LEAD, at(d, 9), at(d, 17), "Clinical Nurse Specialist")] * 2
            rows.append((CUTHBERT, at(d, 9), at(d, 17), "Clinical Nurse Specialist"))
            rows.append((TEACHING, at(d, 8, 30), at(d, 17), "Macmillan Clinical Nurse Specialist"))
            rows.append((TEACHING, at(d, 9), at(d, 17), "Consultant Physician in Palliative Medicine"))
            rows.append((DALES, at(d, 9), at(d, 17), "Macmillan Clinical Nurse Specialist"))
            rows += [(COMMUNITY, at(d, 8, 30), at(d, 17), "Community Clinical Nurse Specialist")] * 2
        else:  # weekends and bank holidays: one nurse specialist each in the hospice, hospital, community
            rows.append((LEAD, at(d, 9), at(d, 17), "Clinical Nurse Specialist"))
            rows.append((TEACHING, at(d, 9), at(d, 17), "Macmillan Clinical Nurse Specialist"))
            rows.append((COMMUNITY, at(d, 8, 30), at(d, 17), "Community Clinical Nurse Specialist"))
    rows.sort(key=lambda r: (r[1], r[0]))
    return [[p, "ASR-%05d" % (i + 1), iso(a), iso(b), r] for i, (p, a, b, r) in enumerate(rows)]


def referral_contact(prov, t, urgent):
    """When the first specialist contact happened."""
    if not urgent:
        return t + dt.timedelta(days=rng.randint(1, 5), hours=rng.randint(-3, 3))
    if prov == DALES:  # a five-day team at half establishment (waived): weekends wait for Monday
        d = t.date()
        if not working(d) or t.hour >= 15:
            d += dt.timedelta(days=1)
            while not working(d):
                d += dt.timedelta(days=1)
            return at(d, rng.randint(9, 15), rng.randint(0, 59))
        if rng.random() < 0.15:
            return t + dt.timedelta(hours=rng.randint(25, 30))
    elif rng.random() < 0.04:
        return t + dt.timedelta(hours=rng.randint(25, 36))
    return t + dt.timedelta(minutes=rng.randint(30, 20 * 60))


def referrals():
    rows = []
    for prov, per_month in REFERRALS_PER_MONTH.items():
        urgent_share = 0.7 if prov == MARIE_CURIE else 0.35
        for d in days():
            rate = per_month / 30.4 * (1.25 if working(d) else 0.4)  # referrals expected that day
            for _ in range(3):
                if rng.random() >= rate / 3:
                    continue
                t = at(d, rng.randint(8, 19), rng.randint(0, 59))
                urgent = rng.random() < urgent_share
                contact = referral_contact(prov, t, urgent)
                rows.append([prov, patients.next(), iso(t), "urgent" if urgent else "routine", iso(contact)])
    return [["REF-%s-%04d" % (r[0], i + 1)] + r + [""] for i, r in enumerate(rows)]


def submitted(prov, died):
    """The day the deaths return covering `died` was received."""
    if prov == GP_FED:  # quarterly, due 20 days after the quarter
        q_end = month_end(dt.date(died.year, (died.month - 1) // 3 * 3 + 3, 1))
        key = (prov, q_end.year, q_end.month)
        if key not in submitted.cache:
            submitted.cache[key] = LATE_RETURN.get(key, q_end + dt.timedelta(days=rng.randint(8, 18)))
        return submitted.cache[key]
    key = (prov, died.year, died.month)
    if key not in submitted.cache:
        submitted.cache[key] = LATE_RETURN.get(key, month_end(died) + dt.timedelta(days=rng.randint(4, 13)))
    return submitted.cache[key]


submitted.cache = {}


def place_of_death(profile):
    preferred = pick(PREFERRED[profile]) if rng.random() < RECORDED[profile] else ""
    if preferred and rng.random() < ACHIEVED[profile]:
        return preferred, preferred
    fallback = dict(FALLBACK["acute" if profile == "acute" else "other"])
    # Not achieved means another kind of place (compared at the national data set's high
    # level: a home is a home, a care home a care home).
    for code in list(fallback):
        if preferred and code[0] == preferred[0]:
            del fallback[code]
    return preferred, pick(fallback)


def deaths():
    rows = []
    for prov, per_month in DEATHS_PER_MONTH.items():
        profile = PROFILE[prov]
        emergency = EMERGENCY["acute" if profile == "acute" else "gp" if profile == "gp" else "other"]
        for m in months():
            n = max(1, round(rng.gauss(per_month, per_month ** 0.5)))
            for _ in range(n):
                died = m + dt.timedelta(days=rng.randint(0, month_end(m).day - 1))
                preferred, actual = place_of_death(profile)
                admissions = rng.choices(range(len(emergency)), emergency)[0]
                rows.append([prov, patients.next(), died, preferred, actual, admissions])
    out = []
    for i, (prov, nhs, died, pref, actual, adm) in enumerate(rows):
        out.append(["D-%s-%04d" % (prov, i + 1), prov, nhs, died.isoformat(), pref, actual, adm,
                    submitted(prov, died).isoformat()])
    return out


def admissions():
    rows = []
    for prov, per_month in ADMISSIONS_PER_MONTH.items():
        for m in months():
            n = max(4, round(rng.gauss(per_month, per_month ** 0.5)))
            stamps = []
            for _ in range(n):
                d = m + dt.timedelta(days=rng.randint(0, month_end(m).day - 1))
                # Weekend admissions happen, but far fewer than 2 in 7.
                if d.weekday() >= 5 and rng.random() < 0.6:
                    d -= dt.timedelta(days=d.weekday() - 4)
                stamps.append(d)
            weekend = [d for d in stamps if d.weekday() >= 5]
            if prov == CUTHBERT and (m.year, m.month) in NO_WEEKEND_ADMISSIONS:
                stamps = [d - dt.timedelta(days=d.weekday() - 4) if d.weekday() >= 5 else d for d in stamps]
            elif not weekend:  # the unit admits at weekends every month
                sat = m + dt.timedelta(days=(5 - m.weekday()) % 7 + 7)
                stamps[0] = sat
            for d in sorted(stamps):
                rows.append([prov, patients.next(), iso(at(d, rng.randint(10, 17), rng.choice([0, 15, 30, 45])))])
    return [["ADM-%s-%04d" % (r[0], i + 1)] + r for i, r in enumerate(rows)]


def service_declarations():
    return [[LEAD, "2024-04-01", 3, 3], [CUTHBERT, "2024-04-01", 3, 2], [HAH, "2024-04-01", 3, 2],
            [COMMUNITY, "2024-04-01", "", 4],
            [LEAD, "2024-10-01", 3, 3], [CUTHBERT, "2024-10-01", 3, 2], [HAH, "2024-10-01", 3, 2],
            [COMMUNITY, "2024-10-01", "", 4]]


MDT_TITLES = {  # consultant, nurse specialist, then the expected members with the chance of attending
    "hospice": ["Consultant in Palliative Medicine", "Clinical Nurse Specialist",
                ("Social Worker", 0.8), ("Occupational Therapist", 0.7), ("Physiotherapist", 0.65),
                ("Chaplain", 0.6), ("Counselling Psychotherapist", 0.35)],
    "acute": ["Consultant Physician in Palliative Medicine", "Macmillan Clinical Nurse Specialist",
              ("Specialist Social Worker", 0.55), ("Occupational Therapist", 0.45), ("Physiotherapist", 0.4),
              ("Spiritual Care Lead", 0.5), ("Clinical Psychologist", 0.2)],
    "community": ["Consultant in Palliative Medicine", "Community Clinical Nurse Specialist",
                  ("Social Worker", 0.6), ("Community Occupational Therapist", 0.55),
                  ("Community Physiotherapist", 0.45), ("Chaplain", 0.25), ("Clinical Psychologist", 0.3)],
}
MDT_DAY = {LEAD: 1, CUTHBERT: 2, HAH: 3, TEACHING: 3, DALES: 4, COMMUNITY: 0}


def mdt_attendance():
    rows = []
    for prov, weekday in MDT_DAY.items():
        titles = MDT_TITLES["acute" if prov in ACUTE else "community" if prov == COMMUNITY else "hospice"]
        # Outside St Cuthbert's vacancy the consultant misses at most one meeting a quarter.
        missed = set()
        week = START - dt.timedelta(days=START.weekday())
        quarters = {}
        while week <= END:
            quarters.setdefault(((week.month - 4) % 12) // 3, []).append(week)
            week += dt.timedelta(days=7)
        for weeks in quarters.values():
            if rng.random() < 0.6:
                missed.add(rng.choice(weeks))
        week = START - dt.timedelta(days=START.weekday())
        while week <= END:
            meeting = week + dt.timedelta(days=weekday)
            while meeting in BANK_HOLIDAYS:
                meeting += dt.timedelta(days=1)
            if START <= meeting <= END:
                if prov == CUTHBERT and CUTHBERT_VACANCY[0] <= meeting <= CUTHBERT_VACANCY[1]:
                    consultant = rng.random() < 0.4  # the lead hospice's consultants attend when they can
                else:
                    consultant = week not in missed
                mid = "MDT-%s-%s" % (prov, meeting.strftime("%Y%m%d"))
                attendance = [(titles[0], consultant), (titles[1], True)]
                attendance += [(t, rng.random() < p) for t, p in titles[2:]]
                for title, present in attendance:
                    rows.append([prov, mid, meeting.isoformat(), title, "yes" if present else "no"])
            week += dt.timedelta(days=7)
    return rows


def echo_sessions():
    rows = []
    for d in days():
        if d.weekday() == 1 and (d - START).days // 7 % 2 == 0 and d not in BANK_HOLIDAYS:
            rows.append((d, "nurse_specialists"))
        if d.weekday() == 2 and 8 <= d.day <= 14 and d.month != 8:  # second Wednesday, not in August
            rows.append((d, "care_homes"))
        if d.weekday() == 3 and 15 <= d.day <= 21 and d.month != 8:
            rows.append((d, "out_of_hours"))
        if d.weekday() == 2 and 22 <= d.day <= 28 and d.month != 8:
            rows.append((d, "community_pharmacists"))
    out = []
    for i, (d, group) in enumerate(rows):
        attendees = 0 if d == dt.date(2024, 12, 24) else rng.randint(6, 24)  # Christmas Eve: nobody came
        out.append([LEAD, "ECHO-%04d" % (i + 1), d.isoformat(), group, attendees])
    return out


def write(outdir, name, header, rows):
    with open(os.path.join(outdir, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    args = [a for a in sys.argv[1:] if a != "--out"]  # DIR or --out DIR
    outdir = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "returns")
    os.makedirs(outdir, exist_ok=True)
    rota = ["provider", "shift_id", "starts_at", "ends_at", "staff_role"]
    # Order matters: each table draws from the one seeded generator in turn.
    write(outdir, "advice_rota.csv", rota, advice_rota())
    write(outdir, "assessment_rota.csv", rota, assessment_rota())
    write(outdir, "referrals.csv", ["referral_id", "provider", "nhs_number", "received_at", "urgency",
                                    "first_contact_at", "exclusion_reason"], referrals())
    write(outdir, "deaths.csv", ["death_id", "provider", "nhs_number", "died_on", "preferred_place", "actual_place",
                                 "emergency_admissions_90d", "submitted"], deaths())
    write(outdir, "admissions.csv", ["admission_id", "provider", "nhs_number", "admitted_at"], admissions())
    write(outdir, "service_declarations.csv",
          ["provider", "declared_on", "bereavement_level", "psychological_level"], service_declarations())
    write(outdir, "mdt_attendance.csv", ["provider", "meeting_id", "held_on", "attendee_role", "present"],
          mdt_attendance())
    write(outdir, "echo_sessions.csv", ["provider", "session_id", "held_on", "group", "attendees"],
          echo_sessions())


if __name__ == "__main__":
    main()
