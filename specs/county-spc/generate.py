#!/usr/bin/env python3
"""Generates the returns of the county example (specs/county-spc/returns/*.csv).

    python3 specs/county-spc/generate.py [--seed N] [--out DIR]

Deterministic for a seed (default 2007). Each provider returns only what its
service produces (PLANTED.md lists the shortfalls planted and why):

- 8ZA01 St Aldhelm's Hospice: 15-bed in-patient unit (about 300 admissions a
  year, about one weekend in two with an admission), community nurse
  specialists 7 days a week, the county advice line (nurse specialists by day,
  the hospice's on-call doctors at night), a weekly MDT, an education
  programme from July 2007. A consultant post is vacant from January to the
  start of March 2008.
- 8ZA02 Riverside Hospice: day hospice and hospice at home; no in-patient unit,
  no rota of its own; an education lead vacancy all year (waived).
- RZ1 Countyshire Hospitals NHS Trust: hospital SPC team, Monday to Friday
  only; acute interventions for hospice and community patients.
- 5Z201 East and North Countyshire PCT Provider Services: community SPC team
  7 days a week from July 2007 (its agreement's start); its December return is
  sent late.
"""
import argparse
import datetime as dt
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from returns_common import (BANK_HOLIDAYS, NhsNumbers, add_working_days, at, days,  # noqa: E402
                            is_working_day, month_end, next_working_day, quarter_of, stamp,
                            write_csv)

START, END = dt.date(2007, 4, 1), dt.date(2008, 3, 31)
PCT_START = dt.date(2007, 7, 1)
VACANCY = (dt.date(2008, 1, 1), dt.date(2008, 3, 2))   # St Aldhelm's consultant post
LATE_RETURN = ("5Z201", dt.date(2007, 12, 1), dt.date(2008, 1, 29))
ALDHELMS, RIVERSIDE, ACUTE, PCT = "8ZA01", "8ZA02", "RZ1", "5Z201"


def in_vacancy(d):
    return VACANCY[0] <= d <= VACANCY[1]


def provider_days(code):
    return days(PCT_START if code == PCT else START, END)


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.nhs = NhsNumbers(self.rng)
        self.ids = {}
        self.late_contacts = set()

    def next_id(self, prefix):
        self.ids[prefix] = self.ids.get(prefix, 0) + 1
        return "%s-%06d" % (prefix, self.ids[prefix])

    def submitted(self, code, d):
        """The day the monthly return holding date d was sent."""
        first = d.replace(day=1)
        if (code, first) == LATE_RETURN[:2]:
            return LATE_RETURN[2].isoformat()
        due = 20 if code == ACUTE else 15
        end = month_end(d)
        return (end + dt.timedelta(days=self.rng.randint(4, due - 2))).isoformat()

    # ---- referrals ---------------------------------------------------------------
    def referral_time(self, d, weekend_share):
        r = self.rng
        if d.weekday() >= 5 or d in BANK_HOLIDAYS:
            if r.random() > weekend_share:
                return None
        return at(d, r.randint(8, 17), r.randrange(0, 60, 5))

    def first_contact(self, code, received, urgent):
        r = self.rng
        d = received.date()
        seven_day = code != ACUTE
        if urgent:
            # A patient too unwell, a wrong address: rare, and not at Riverside, whose
            # hospice-at-home team takes urgent referrals the same day.
            # At most one a month each.
            key = (code, d.month)
            if code != RIVERSIDE and r.random() < 0.05 and key not in self.late_contacts:
                self.late_contacts.add(key)
                return received + dt.timedelta(hours=r.randint(26, 40))
            if seven_day:
                if received.hour < 14:
                    return received + dt.timedelta(hours=r.randint(1, 3), minutes=r.randrange(0, 60, 5))
                return at(d + dt.timedelta(days=1), r.randint(9, 12), r.randrange(0, 60, 5))
            # hospital team: Monday to Friday, 09:00-17:00
            if is_working_day(d) and received.hour < 14:
                return received + dt.timedelta(hours=r.randint(1, 3), minutes=r.randrange(0, 60, 5))
            return at(next_working_day(d), r.randint(9, 12), r.randrange(0, 60, 5))
        lag = r.randint(1, 5)
        nd = add_working_days(d, lag) if not seven_day else d + dt.timedelta(days=lag)
        return at(nd, r.randint(9, 16), r.randrange(0, 60, 5))

    def referrals(self):
        rows = []
        volume = {ALDHELMS: (1.7, 0.5), RIVERSIDE: (0.9, 0.5), ACUTE: (3.2, 0.7), PCT: (2.2, 0.5)}
        sources = {ALDHELMS: ["gp", "district_nurse", "hospital", "spc_team"],
                   RIVERSIDE: ["gp", "district_nurse", "spc_team", "self"],
                   ACUTE: ["hospital"],
                   PCT: ["gp", "district_nurse", "hospital", "spc_team"]}
        r = self.rng
        late_letters = set()
        for code, (per_day, weekend_share) in volume.items():
            for d in provider_days(code):
                n = int(per_day) + (1 if r.random() < per_day % 1 else 0)
                for _ in range(n):
                    received = self.referral_time(d, weekend_share)
                    if received is None:
                        continue
                    urgent = r.random() < 0.3
                    contact = self.first_contact(code, received, urgent)
                    reason = ""
                    if urgent and r.random() < 0.02:
                        reason = r.choice(["Patient asked to be seen after the weekend",
                                           "Patient admitted to another hospital before contact"])
                        contact = contact + dt.timedelta(days=2)
                    cd = contact.date()
                    # A letter held up by a secretary's leave: at most one a month each.
                    key = (code, d.month)
                    if r.random() < 0.05 and key not in late_letters:
                        late_letters.add(key)
                        letter = add_working_days(cd, 3 + r.randint(0, 2))
                    else:
                        letter = cd if r.random() < 0.4 else add_working_days(cd, r.randint(1, 2))
                    rows.append([self.next_id("REF"), code, self.nhs.next(), stamp(received),
                                 "urgent" if urgent else "routine", r.choice(sources[code]),
                                 stamp(contact), letter.isoformat(), reason,
                                 self.submitted(code, d)])
        return rows

    # ---- contacts ----------------------------------------------------------------
    def contacts(self):
        r = self.rng
        profile = {
            ALDHELMS: (4, 0.5, [("home", 70), ("care_home", 12), ("community_hospital", 6),
                                ("hospice", 5), ("clinic", 7)],
                       [("Clinical Nurse Specialist", 85), ("Consultant in Palliative Medicine", 15)]),
            RIVERSIDE: (3, 0.8, [("home", 76), ("care_home", 18), ("hospice", 6)],
                        [("Hospice at Home Nurse", 70), ("Healthcare Assistant", 30)]),
            ACUTE: (6, 0.0, [("hospital", 95), ("clinic", 5)],
                    [("Clinical Nurse Specialist", 80), ("Consultant in Palliative Medicine", 20)]),
            PCT: (5, 0.5, [("home", 65), ("care_home", 15), ("community_hospital", 12),
                           ("clinic", 8)],
                  [("Macmillan Clinical Nurse Specialist", 100)]),
        }
        rows = []
        for code, (per_day, weekend_factor, settings, staff) in profile.items():
            for d in provider_days(code):
                n = per_day if is_working_day(d) else round(per_day * weekend_factor)
                for _ in range(n):
                    setting = pick(r, settings)
                    mech = "face_to_face" if setting != "clinic" and r.random() < 0.75 else \
                        ("face_to_face" if setting == "clinic" else "telephone")
                    t = at(d, r.randint(9, 16), r.randrange(0, 60, 5))
                    rows.append([self.next_id("CON"), code, self.nhs.next(), stamp(t), setting,
                                 mech, pick(r, staff), self.submitted(code, d)])
        return rows

    # ---- admissions (St Aldhelm's in-patient unit only) -----------------------------
    def admissions(self):
        r = self.rng
        rows = []
        for d in days(START, END):
            if d.weekday() < 5:
                n = r.choice([0, 1, 1, 1, 2])
            elif d.weekday() == 5:
                # Weekend admissions need the on-call doctor: none while the post is vacant.
                n = 0 if in_vacancy(d) else (1 if r.random() < 0.5 else 0)
            else:
                n = 0 if in_vacancy(d) or r.random() < 0.85 else 1
            for _ in range(n):
                t = at(d, r.randint(10, 16), r.randrange(0, 60, 5))
                rows.append([self.next_id("ADM"), ALDHELMS, self.nhs.next(), stamp(t),
                             "In-patient unit"])
        return rows

    # ---- acute interventions (the acute trust only) ---------------------------------
    def acute_interventions(self):
        r = self.rng
        kinds = [("paracentesis", 35), ("transfusion", 35), ("radiotherapy", 10),
                 ("nerve_block", 5), ("stent", 5), ("other", 10)]
        rows = []
        for d in days(START, END):
            if not is_working_day(d) or r.random() > 0.45:
                continue
            t = at(d, r.randint(8, 16), r.randrange(0, 60, 5))
            hours = r.randint(49, 70) if r.random() < 0.04 else r.randint(2, 40)
            rows.append([self.next_id("ACI"), ACUTE, self.nhs.next(), stamp(t), pick(r, kinds),
                         stamp(t + dt.timedelta(hours=hours))])
        return rows

    # ---- rotas -------------------------------------------------------------------
    def advice_rota(self):
        """The county line: St Aldhelm's nurse specialists 09:00-17:00 every day and its
        on-call doctors 17:00-09:00; the PCT team answers weekdays 09:00-17:00."""
        r = self.rng
        # The night of 31 March 2007 covers the first hours of the period.
        rows = [[ALDHELMS, self.next_id("ADV"), stamp(at(START, -7)), stamp(at(START, 9)),
                 "Specialty Doctor (on call)"]]
        for d in days(START, END):
            rows.append([ALDHELMS, self.next_id("ADV"), stamp(at(d, 9)), stamp(at(d, 17)),
                         "Clinical Nurse Specialist"])
            night = "Consultant in Palliative Medicine (on call)" if d.toordinal() % 2 else \
                "Specialty Doctor (on call)"
            if in_vacancy(d):
                night = "Specialty Doctor (on call)"
                # One doctor cannot hold every night: weekend nights fall to the ward.
                if d.weekday() in (4, 5) and d.toordinal() % 3:
                    night = "Staff Nurse (in-patient unit)"
            rows.append([ALDHELMS, self.next_id("ADV"), stamp(at(d, 17)),
                         stamp(at(d + dt.timedelta(days=1), 9)), night])
        for d in days(PCT_START, END):
            if is_working_day(d):
                rows.append([PCT, self.next_id("ADV"), stamp(at(d, 9)), stamp(at(d, 17)),
                             "Macmillan Clinical Nurse Specialist"])
        return rows

    def assessment_rota(self):
        rows = []
        for d in days(START, END):
            for i in range(2):
                rows.append([ALDHELMS, self.next_id("ASR"), stamp(at(d, 8, 30)),
                             stamp(at(d, 17)), "Clinical Nurse Specialist"])
            if is_working_day(d) and not in_vacancy(d):
                rows.append([ALDHELMS, self.next_id("ASR"), stamp(at(d, 9)), stamp(at(d, 13)),
                             "Consultant in Palliative Medicine"])
            if is_working_day(d):   # the hospital team works Monday to Friday
                rows.append([ACUTE, self.next_id("ASR"), stamp(at(d, 8, 30)), stamp(at(d, 17)),
                             "Clinical Nurse Specialist"])
                rows.append([ACUTE, self.next_id("ASR"), stamp(at(d, 9)), stamp(at(d, 17)),
                             "Consultant in Palliative Medicine"])
            if d >= PCT_START:
                rows.append([PCT, self.next_id("ASR"), stamp(at(d, 8, 30)), stamp(at(d, 17)),
                             "Macmillan Clinical Nurse Specialist"])
        return rows

    # ---- MDT ---------------------------------------------------------------------
    def mdt_attendance(self):
        r = self.rng
        teams = {  # weekday of the meeting, core titles, expected titles with attendance odds
            ALDHELMS: (1, ["Consultant in Palliative Medicine", "Clinical Nurse Specialist"],
                       [("Social Worker", .8), ("Occupational Therapist", .7),
                        ("Physiotherapist", .7), ("Chaplain", .8), ("Clinical Psychologist", .4)]),
            RIVERSIDE: (2, ["Consultant in Palliative Medicine (sessional)",
                            "Clinical Nurse Specialist"],
                        [("Social Worker", .6), ("Chaplain", .7), ("Hospice at Home Team Leader", 1)]),
            ACUTE: (3, ["Consultant in Palliative Medicine", "Clinical Nurse Specialist"],
                    [("Occupational Therapist", .5), ("Physiotherapist", .5), ("Social Worker", .4)]),
            PCT: (0, ["Consultant in Palliative Medicine (sessional)",
                      "Macmillan Clinical Nurse Specialist"],
                  [("Social Worker", .5), ("District Nursing Sister", .8)]),
        }
        rows = []
        for code, (weekday, core, expected) in teams.items():
            for d in provider_days(code):
                if d.weekday() != weekday:
                    continue
                held = d
                while held in BANK_HOLIDAYS:      # a meeting on a bank holiday moves a day on
                    held += dt.timedelta(days=1)
                mid = "MDT-%s-%s" % (code, held.strftime("%Y%m%d"))
                sub = self.submitted(code, held)
                for title in core:
                    # While St Aldhelm's consultant post is vacant the remaining consultant
                    # covers the ward and misses most MDTs.
                    absent = code == ALDHELMS and title.startswith("Consultant") and \
                        in_vacancy(held) and held.toordinal() % 7 in (0, 1, 2, 4, 5)
                    rows.append([code, mid, held.isoformat(), title, "no" if absent else "yes", sub])
                for title, odds in expected:
                    if r.random() < odds:
                        rows.append([code, mid, held.isoformat(), title, "yes", sub])
        return rows

    # ---- education ----------------------------------------------------------------
    def education_sessions(self):
        r = self.rng
        topics = {ALDHELMS: ["Symptom control in the last days of life", "Syringe drivers",
                             "Advance care planning", "Breaking bad news", "Pain management"],
                  RIVERSIDE: ["Bereavement awareness"],
                  ACUTE: ["Recognising dying on the wards", "Opioid prescribing",
                          "Liverpool Care Pathway", "Communication skills"],
                  PCT: ["Gold Standards Framework in care homes", "Syringe drivers",
                        "Pain management for district nurses"]}
        audiences = {ALDHELMS: ["gp", "district_nurse", "care_home", "other"],
                     RIVERSIDE: ["other"], ACUTE: ["hospital"],
                     PCT: ["district_nurse", "care_home", "gp"]}
        rows = []
        month = START
        while month <= END:
            for code in (ALDHELMS, RIVERSIDE, ACUTE, PCT):
                if code == PCT and month < PCT_START:
                    continue
                if code == RIVERSIDE:
                    planned = 1 if month.month in (5, 9, 1) else 0
                elif code == ALDHELMS and month < dt.date(2007, 7, 1):
                    planned = 1 if month.month == 6 else 0   # the plan is agreed in June
                else:
                    planned = r.choice([2, 3, 3])
                unplanned = 1 if r.random() < 0.3 else 0
                for i in range(planned + unplanned):
                    d = month.replace(day=r.randint(1, 28))
                    while not is_working_day(d):
                        d += dt.timedelta(days=1)
                    rows.append([code, self.next_id("EDU"), d.isoformat(),
                                 r.choice(audiences[code]), r.choice(topics[code]),
                                 r.randint(6, 30), "yes" if i < planned else "no"])
            month = month_end(month) + dt.timedelta(days=1)
        return rows


def pick(r, weighted):
    total = sum(w for _, w in weighted)
    x = r.uniform(0, total)
    for value, w in weighted:
        x -= w
        if x <= 0:
            return value
    return weighted[-1][0]


def declarations():
    """The co-ordinating commissioner's attestations of its own 2007/08 actions,
    each done before its due date (31 March 2008): none is a planted shortfall."""
    return [
        ["5Z1", "SPC-6", "2008-02-27", "Level 3 bereavement review, report to the PCT boards, February 2008"],
        ["5Z1", "SPC-7", "2008-03-14", "Hospice at home evaluation, final report, March 2008"],
        ["5Z1", "EOLC-1", "2008-03-28", "End of Life Care baseline review, March 2008"],
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=2007)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "returns"))
    args = ap.parse_args()
    g = Gen(args.seed)
    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.out):
        if f.endswith(".csv"):
            os.remove(os.path.join(args.out, f))
    rot = ["provider", "shift_id", "starts_at", "ends_at", "staff_role"]
    outputs = [
        ("referrals", ["referral_id", "provider", "nhs_number", "received_at", "urgency", "source",
                       "first_contact_at", "gp_letter_on", "exclusion_reason", "submitted"],
         g.referrals()),
        ("contacts", ["contact_id", "provider", "nhs_number", "contact_at", "setting",
                      "mechanism", "staff_role", "submitted"], g.contacts()),
        ("admissions", ["admission_id", "provider", "nhs_number", "admitted_at", "unit"],
         g.admissions()),
        ("acute_interventions", ["request_id", "provider", "nhs_number", "requested_at",
                                 "intervention", "carried_out_at"], g.acute_interventions()),
        ("advice_rota", rot, g.advice_rota()),
        ("assessment_rota", rot, g.assessment_rota()),
        ("mdt_attendance", ["provider", "meeting_id", "held_on", "attendee_role", "present",
                            "submitted"], g.mdt_attendance()),
        ("declarations", ["organisation", "requirement", "attested_on", "reference"],
         declarations()),
        ("education_sessions", ["provider", "session_id", "held_on", "audience", "topic",
                                "attendees", "planned"], g.education_sessions()),
    ]
    for name, header, rows in outputs:
        write_csv(args.out, name, header, rows)
        print("%-20s %6d rows" % (name, len(rows)))


if __name__ == "__main__":
    main()
