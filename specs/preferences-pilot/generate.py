#!/usr/bin/env python3
"""Generates the returns of the preferences pilot (specs/preferences-pilot/returns/*.csv).

    python3 specs/preferences-pilot/generate.py [--seed N] [--out DIR]

Deterministic for a seed (default 2018). planted.txt lists the shortfalls
planted and why. Both providers return the three pilot datasets, in volumes of
their part of the pilot:

- 8ZC01 Marshfield Hospice: about 35 deaths a month on its caseload, its
  hospice-at-home rapid response (about 12 requests a month) and about 30
  advance care planning conversations a month. Its records reach the
  out-of-hours service only by phone and fax (PREF-4 waived); its August
  return is sent late.
- RZ9 Marshfield Community NHS Trust: the pilot practices' district nurses,
  about 15 deaths a month, about 8 rapid-response requests and 12
  conversations. They record a preferred place less often than the hospice,
  and in December and January night response slips with winter sickness.
"""
import argparse
import datetime as dt
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from returns_common import NhsNumbers, at, days, month_end, stamp, write_csv  # noqa: E402

START, END = dt.date(2018, 4, 1), dt.date(2019, 3, 31)
HOSPICE, COMMUNITY = "8ZC01", "RZ9"
LATE_RETURN = (HOSPICE, dt.date(2018, 8, 1), dt.date(2018, 9, 20))
WINTER = (dt.date(2018, 12, 1), dt.date(2019, 1, 31))

PROFILE = {
    #            deaths/day, PPD recorded, achieved, >=14 days, shared with OOH
    HOSPICE: dict(deaths=1.15, recorded=0.93, achieved=0.70, early=0.72, shared=0.55,
                  preferred=[("21", 45), ("30", 27), ("41", 8), ("42", 8), ("10", 5), ("22", 7)],
                  rapid=0.40, conversations=1.0,
                  settings=[("home", 45), ("hospice", 30), ("care_home", 10), ("clinic", 10),
                            ("telephone", 5)]),
    COMMUNITY: dict(deaths=0.50, recorded=0.78, achieved=0.76, early=0.66, shared=0.86,
                    preferred=[("21", 58), ("41", 15), ("42", 12), ("30", 8), ("22", 4), ("10", 3)],
                    rapid=0.27, conversations=0.40,
                    settings=[("home", 75), ("care_home", 20), ("telephone", 5)]),
}
NOT_MET = [("10", "Admitted by ambulance out of hours"), ("10", "Symptoms needed hospital care"),
           ("30", "Symptoms needed hospice admission"), ("30", "Carer unable to continue at home")]


def pick(r, weighted):
    total = sum(w for _, w in weighted)
    x = r.uniform(0, total)
    for value, w in weighted:
        x -= w
        if x <= 0:
            return value
    return weighted[-1][0]


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.nhs = NhsNumbers(self.rng)
        self.ids = {}
        self.late = set()

    def next_id(self, prefix):
        self.ids[prefix] = self.ids.get(prefix, 0) + 1
        return "%s-%06d" % (prefix, self.ids[prefix])

    def count(self, per_day):
        return int(per_day) + (1 if self.rng.random() < per_day % 1 else 0)

    def submitted(self, code, d):
        first = d.replace(day=1)
        if (code, first) == LATE_RETURN[:2]:
            return LATE_RETURN[2].isoformat()
        return (month_end(d) + dt.timedelta(days=self.rng.randint(3, 9))).isoformat()

    def deaths(self):
        r = self.rng
        rows = []
        for code, p in PROFILE.items():
            for d in days(START, END):
                for _ in range(self.count(p["deaths"])):
                    reason = ""
                    if r.random() < 0.02:
                        reason = r.choice(["Sudden unexpected death",
                                           "Died within 24 hours of referral"])
                    preferred = recorded_on = ""
                    actual, changed, shared, not_met = pick(r, p["preferred"]), "no", "", ""
                    if not reason and r.random() < p["recorded"]:
                        preferred = pick(r, p["preferred"])
                        lead = r.randint(14, 120) if r.random() < p["early"] else r.randint(1, 13)
                        recorded_on = (d - dt.timedelta(days=lead)).isoformat()
                        changed = "yes" if r.random() < 0.1 else "no"
                        shared = "yes" if r.random() < p["shared"] else "no"
                        if r.random() < p["achieved"]:
                            actual = preferred
                        else:
                            actual, not_met = r.choice([x for x in NOT_MET if x[0] != preferred])
                        # A care home is often preferred before one is chosen: the
                        # preference is then recorded at the high level (40).
                        if preferred in ("41", "42") and r.random() < 0.5:
                            preferred = "40"
                    rows.append([self.next_id("DEA"), code, self.nhs.next(), d.isoformat(),
                                 preferred, recorded_on, actual, changed, shared, not_met, reason,
                                 self.submitted(code, d)])
        return rows

    def rapid_response(self):
        r = self.rng
        rows = []
        for code, p in PROFILE.items():
            for d in days(START, END):
                for _ in range(self.count(p["rapid"])):
                    t = at(d, r.randint(0, 23), r.randrange(0, 60, 5))
                    out_of_hours = t.hour >= 17 or t.hour < 9
                    key = (code, d.month)
                    winter = code == COMMUNITY and WINTER[0] <= d <= WINTER[1] and out_of_hours
                    if winter and r.random() < 0.9:
                        minutes = r.randint(250, 420)     # one nurse for the locality
                    elif code == COMMUNITY and key not in self.late and r.random() < 0.06:
                        self.late.add(key)                # at most one slow response a month
                        minutes = r.randint(250, 330)
                    else:
                        minutes = r.randint(45, 210)
                    rows.append([self.next_id("RAP"), code, self.nhs.next(), stamp(t),
                                 stamp(t + dt.timedelta(minutes=minutes)), "",
                                 self.submitted(code, d)])
        return rows

    def conversations(self):
        r = self.rng
        rows = []
        for code, p in PROFILE.items():
            for d in days(START, END):
                n = self.count(p["conversations"] * (1.3 if d.weekday() < 5 else 0.25))
                for _ in range(n):
                    rows.append([self.next_id("CON"), code, self.nhs.next(), d.isoformat(),
                                 pick(r, p["settings"]), self.submitted(code, d)])
        return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=2018)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "returns"))
    args = ap.parse_args()
    g = Gen(args.seed)
    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.out):
        if f.endswith(".csv"):
            os.remove(os.path.join(args.out, f))
    outputs = [
        ("deaths", ["death_id", "provider", "nhs_number", "died_on", "preferred_place",
                    "ppd_recorded_on", "actual_place", "ppd_changed", "shared_with_ooh",
                    "ppd_not_met_reason", "exclusion_reason", "submitted"], g.deaths()),
        ("rapid_response", ["request_id", "provider", "nhs_number", "requested_at",
                            "care_in_place_at", "exclusion_reason", "submitted"],
         g.rapid_response()),
        ("conversations", ["conversation_id", "provider", "nhs_number", "held_on", "setting",
                           "submitted"], g.conversations()),
    ]
    for name, header, rows in outputs:
        write_csv(args.out, name, header, rows)
        print("%-20s %6d rows" % (name, len(rows)))


if __name__ == "__main__":
    main()
