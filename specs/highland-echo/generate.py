#!/usr/bin/env python3
"""Writes the returns of the Project ECHO example (specs/highland-echo/returns/).

Regenerate with (from the repository root; Python 3 standard library only):

    python3 specs/highland-echo/generate.py [--out DIR]

The output depends only on SEED: running it twice gives the same bytes. The one
provider is the hub, Strathglen Hospice, which returns what an ECHO hub records:
its sessions (planned, held or cancelled, with the learners and sites that
joined), the specialist panel at each session, the learners who joined a group
in the year (a learner id of the hub's own, never a patient identifier), and
its register of spoke sites. Care homes meet fortnightly, the other groups
monthly, by video, with 8 to 20 learners; care-home staff come and go, and
many learners attend once or twice and drop out. The sessions' counts and the
register of spokes are both taken from one attendance register (learner, spoke
site, session) built here, so they agree with each other and with the learners.

The shortfalls planted in the data are listed in PLANTED.md and planted.txt.
"""
import datetime as dt
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from returns_common import days, write_csv  # noqa: E402

SEED = 2019
START, END = dt.date(2019, 4, 1), dt.date(2020, 3, 31)
HUB = "H901Z"
# Scotland's bank holidays in 2019/20 (St Andrew's Day, a Saturday, moved to Monday 2 December).
BANK_HOLIDAYS = {dt.date.fromisoformat(d) for d in (
    "2019-04-19", "2019-05-06", "2019-05-27", "2019-08-05", "2019-12-02",
    "2019-12-25", "2019-12-26", "2020-01-01", "2020-01-02")}
# The festive break: no session is planned from Christmas Eve to 3 January.
FESTIVE = (dt.date(2019, 12, 24), dt.date(2020, 1, 3))

# Planted: winter pressures in the out-of-hours service; its December and January
# sessions are cancelled because the practitioners cannot be released.
OOH_CANCELLED = {dt.date(2019, 12, 19), dt.date(2020, 1, 16)}
# Planted: the GPs group's first session, planned for 13 January 2020, is cancelled:
# too few GPs signed up; the group starts in February with two sessions in the year.
GP_CANCELLED = {dt.date(2020, 1, 13)}
CANCEL_REASON = {"out_of_hours": "winter pressures: out-of-hours practitioners could not be released",
                 "gps": "too few GPs signed up; the group starts in February"}
# Planted: the programme administrator's post is vacant from January 2020: post
# questionnaires go out late or not at all, and the October-December return is late.
ADMIN_VACANCY_FROM = dt.date(2020, 1, 1)
RETURN_SENT = {1: dt.date(2019, 7, 19), 2: dt.date(2019, 10, 24), 3: dt.date(2020, 2, 18),
               4: dt.date(2020, 4, 23)}  # quarter 3 due 30 January 2020

# Each group: its first session, how many learners join in the year, how likely one
# stays beyond the first session or two, how often one who stays attends, whether it
# ran before the year, the usual number of learners at a session, and how many
# learners who joined before the year still attend at its start.
GROUPS = {
    "care_homes": {"from": dt.date(2019, 4, 9), "joiners": 48, "stays": 0.72, "attend": 0.55,
                   "running": True, "size": (9, 18), "pool": 30},
    "out_of_hours": {"from": START, "joiners": 16, "stays": 0.78, "attend": 0.7, "running": True, "size": (8, 14),
                     "pool": 16},
    "nurse_specialists": {"from": START, "joiners": 6, "stays": 0.85, "attend": 0.8, "running": True,
                          "size": (8, 14), "pool": 16},
    "community_pharmacists": {"from": dt.date(2019, 10, 1), "joiners": 18, "stays": 0.7, "attend": 0.75,
                              "running": False, "size": (7, 12), "pool": 0},
    "gps": {"from": dt.date(2020, 1, 1), "joiners": 13, "stays": 0.75, "attend": 0.8, "running": False,
            "size": (8, 12), "pool": 0},
}
SPOKE_PREFIX = {"care_homes": "CH", "out_of_hours": "OOH", "nurse_specialists": "CNS",
                "community_pharmacists": "PH", "gps": "GP"}
SPOKE_KIND = {"care_homes": "care_home", "out_of_hours": "ooh_base", "nurse_specialists": "cns_team",
              "community_pharmacists": "pharmacy", "gps": "gp_practice"}
# Spoke sites in the partnership's area, and how many of them have staff in the group.
SPOKES = {"care_homes": (60, 47), "out_of_hours": (7, 7), "nurse_specialists": (5, 5),
          "community_pharmacists": (34, 19), "gps": (41, 10)}
# Learner ids: those who joined before the year are numbered below FIRST_JOINER.
FIRST_JOINER = 1001
PANEL = [("Consultant in Palliative Medicine", 0.9), ("Clinical Nurse Specialist", 0.97),
         ("Hospice Pharmacist", 0.8)]


def stream(name):
    """The random stream of one table: seeded by SEED and the table's name, so a
    change to one table leaves the others' bytes as they were."""
    return random.Random("%d-%s" % (SEED, name))


def nth_weekday(year, month, weekday, n):
    d = dt.date(year, month, 1)
    d += dt.timedelta(days=(weekday - d.weekday()) % 7)
    return d + dt.timedelta(weeks=n - 1)


def planned_dates(group):
    """The group's planned session days: care homes every other Tuesday (none on a
    bank holiday or in the festive break), the others on a fixed weekday of each
    month, moved a week within the month off a bank holiday or the festive break."""
    first = GROUPS[group]["from"]
    if group == "care_homes":
        out = [d for d in days(first, END) if (d - first).days % 14 == 0]
    else:
        rule = {"out_of_hours": (3, 3), "nurse_specialists": (2, 1), "community_pharmacists": (2, 4),
                "gps": (0, 2)}[group]  # (weekday, n): third Thursday, first Wednesday, ...
        out, m = [], dt.date(first.year, first.month, 1)
        while m <= END:
            out.append(nth_weekday(m.year, m.month, *rule))
            m = (m + dt.timedelta(days=32)).replace(day=1)
    moved = []
    for d in out:
        if group == "care_homes":
            if d not in BANK_HOLIDAYS and not FESTIVE[0] <= d <= FESTIVE[1]:
                moved.append(d)
            continue
        step = dt.timedelta(days=7 if d.month == 1 else -7)  # stay in the session's month
        while d in BANK_HOLIDAYS or FESTIVE[0] <= d <= FESTIVE[1]:
            d += step
        moved.append(d)
    return [d for d in moved if first <= d <= END]


def quarter(d):
    return (d.month - 4) % 12 // 3 + 1


def sessions():
    plan = sorted((d, g) for g in GROUPS for d in planned_dates(g))
    out = []
    for i, (d, g) in enumerate(plan):
        sid = "ECHO-%04d" % (i + 1)
        held = not (g == "out_of_hours" and d in OOH_CANCELLED or g == "gps" and d in GP_CANCELLED)
        out.append({"id": sid, "on": d, "group": g, "held": held})
    return out


def learners(plan):
    """Learners who join each group in the year: each joins at a held session of
    the group, attends later ones while they stay, and may leave their post."""
    rng = stream("learners")
    rows, attendance, serial = [], {s["id"]: [] for s in plan}, FIRST_JOINER
    for g, cfg in GROUPS.items():
        held = [s for s in plan if s["group"] == g and s["held"]]
        for _ in range(cfg["joiners"]):
            # a running group takes joiners steadily; a new one recruits most before it starts
            k = min(int(rng.random() ** (1.0 if cfg["running"] else 3.0) * len(held)), len(held) - 1)
            joined = held[k]
            left = None
            if g == "care_homes" and rng.random() < 0.22:  # care-home staff turnover
                left = joined["on"] + dt.timedelta(days=rng.randint(10, 200))
            stays = rng.random() < cfg["stays"]
            dropout_after = rng.randint(1, 2)
            attended = []
            for s in held[k:]:
                if left and s["on"] > left:
                    break
                if s is joined or (stays or len(attended) < dropout_after) and rng.random() < cfg["attend"]:
                    attended.append(s)
                if not stays and len(attended) >= dropout_after:
                    break
            for s in attended:
                attendance[s["id"]].append("L%05d" % serial)
            third = attended[2]["on"] if len(attended) >= 3 else None
            possible = len(held) - k
            reason = ""
            if left and third is None and left <= END:
                reason = "left the post that brought them to the group"
            elif possible < 3:
                reason = "joined too late in the year for three sessions"
            pre = rng.choice([2, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 7]) if rng.random() < 0.96 else None
            post = None
            if third and pre is not None:
                returned = 0.3 if third >= ADMIN_VACANCY_FROM else 0.85
                if rng.random() < returned:
                    post = min(10, max(1, pre + rng.choices([-1, 0, 1, 2, 3], [3, 9, 34, 36, 18])[0]))
            rows.append([HUB, "L%05d" % serial, g, joined["on"].isoformat(), len(attended),
                         third.isoformat() if third else "", "" if pre is None else pre,
                         "" if post is None else post,
                         left.isoformat() if left and left <= END else "", reason])
            serial += 1
    return rows, attendance


def session_sizes(plan):
    """How many learners each held session has: drawn from the group's usual range."""
    rng, out = stream("established"), {}
    for s in plan:
        if s["held"]:
            lo, hi = GROUPS[s["group"]]["size"]
            if s["group"] == "care_homes" and s["on"].month in (12, 1, 2):
                lo, hi = lo - 2, hi - 3  # winter: outbreaks and short staffing in the homes
            out[s["id"]] = rng.randint(lo, hi)
            if rng.random() < 0.05:
                out[s["id"]] = rng.randint(5, 7)  # a session few could join (a storm, a video outage)
    return out


def register(plan, joiners, sizes):
    """The attendance register: (session, learner, spoke site) for every learner at
    every held session. The year's joiners attend as learners() decided; learners
    who joined before the year (ids below FIRST_JOINER, not in the learners return)
    make up the rest of each session, and drift away (care-home staff faster). Each
    learner works at one spoke site; care-home learners at one of the homes that
    take part."""
    rng, rows, spoke_of = stream("register"), [], {}
    serial = 1
    pools = {}
    for g, cfg in GROUPS.items():
        pools[g] = []
        for _ in range(cfg["pool"]):
            pools[g].append("L%05d" % serial)
            serial += 1
    for g in GROUPS:
        area, taking_part = SPOKES[g]
        sites = sorted(rng.sample(range(1, area + 1), taking_part))
        prefix = SPOKE_PREFIX[g]
        rng.shuffle(sites)
        for i, lid in enumerate(pools[g] + sorted({x for s in plan if s["group"] == g for x in joiners[s["id"]]})):
            # every site taking part has a learner; the other learners work where others do
            spoke_of[lid] = "%s-%03d" % (prefix, sites[i] if i < len(sites) else rng.choice(sites))
    for s in plan:
        if not s["held"]:
            continue
        g, present = s["group"], list(joiners[s["id"]])
        pool = pools[g]
        extra = max(0, sizes[s["id"]] - len(present))
        present += rng.sample(pool, min(extra, len(pool)))
        drift = 0.05 if g == "care_homes" else 0.02
        pools[g] = [x for x in pool if rng.random() >= drift]
        for lid in sorted(present):
            rows.append([HUB, s["id"], s["on"].isoformat(), lid, spoke_of[lid]])
    return rows


def session_rows(plan, attendance):
    rng, rows = stream("sessions"), []
    for s in plan:
        if s["held"]:
            here = [r for r in attendance if r[1] == s["id"]]
            attendees, spokes = len(here), len({r[4] for r in here})
            cases = rng.choice([1, 2, 2])
            status, reason = "held", ""
        else:
            attendees, spokes, cases = "", "", ""
            status, reason = "cancelled", CANCEL_REASON[s["group"]]
        rows.append([HUB, s["id"], s["group"], s["on"].isoformat(), status, reason, attendees, spokes, cases,
                     RETURN_SENT[quarter(s["on"])].isoformat()])
    return rows


def panel_rows(plan):
    rng, rows = stream("panel"), []
    for s in plan:
        if s["held"]:
            for title, p in PANEL:
                rows.append([HUB, s["id"], s["on"].isoformat(), title, "yes" if rng.random() < p else "no"])
    return rows


def spoke_rows(attendance):
    """The hub's register of spoke sites, from the attendance register: each site
    whose staff attended in the year, first and last session, sessions attended."""
    rng, seen = stream("spokes"), {}
    for _, sid, on, _, spoke in attendance:
        seen.setdefault(spoke, {"first": on, "last": on, "sessions": set()})
        seen[spoke]["first"] = min(seen[spoke]["first"], on)
        seen[spoke]["last"] = max(seen[spoke]["last"], on)
        seen[spoke]["sessions"].add(sid)
    kind = {prefix: SPOKE_KIND[g] for g, prefix in SPOKE_PREFIX.items()}
    return [[HUB, spoke, kind[spoke.split("-")[0]], "yes" if rng.random() < 0.45 else "no", v["first"], v["last"],
             len(v["sessions"])] for spoke, v in sorted(seen.items())]


def main():
    args = [a for a in sys.argv[1:] if a != "--out"]  # DIR or --out DIR
    outdir = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "returns")
    os.makedirs(outdir, exist_ok=True)
    plan = sessions()
    learner_rows, joiners = learners(plan)
    attendance = register(plan, joiners, session_sizes(plan))
    write_csv(outdir, "echo_sessions", ["provider", "session_id", "group", "scheduled_on", "status",
                                        "cancel_reason", "attendees", "spokes", "case_presentations",
                                        "submitted"], session_rows(plan, attendance))
    write_csv(outdir, "echo_panel", ["provider", "session_id", "held_on", "member_role", "present"],
              panel_rows(plan))
    write_csv(outdir, "echo_learners", ["provider", "learner_id", "group", "joined_on", "sessions_attended",
                                        "third_session_on", "pre_confidence", "post_confidence", "left_on",
                                        "exclusion_reason"], learner_rows)
    write_csv(outdir, "echo_attendance", ["provider", "session_id", "attended_on", "learner_id", "spoke_id"],
              attendance)
    write_csv(outdir, "echo_spokes", ["provider", "spoke_id", "spoke_kind", "remote_rural",
                                      "first_attended_on", "last_attended_on", "sessions_attended"],
              spoke_rows(attendance))


if __name__ == "__main__":
    main()
