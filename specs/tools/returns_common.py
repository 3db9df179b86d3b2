"""Shared pieces of the bundled examples' return generators (specs/<name>/generate.py).

Each example has its own generator, because what a provider returns depends on
the service it runs; what they share is here: the England and Wales bank
holidays of the periods the examples cover, NHS numbers from the test range,
and CSV writing. Python 3 standard library only; output is deterministic for a
given seed (random.Random, never the global generator).
"""
import csv
import datetime as dt
import os

# England and Wales bank holidays of the examples' periods (gov.uk lists).
BANK_HOLIDAYS = {dt.date.fromisoformat(d) for d in (
    "2007-04-06", "2007-04-09", "2007-05-07", "2007-05-28", "2007-08-27",
    "2007-12-25", "2007-12-26", "2008-01-01", "2008-03-21", "2008-03-24",
    "2008-05-05", "2008-05-26", "2008-08-25", "2008-12-25", "2008-12-26",
    "2018-03-30", "2018-04-02", "2018-05-07", "2018-05-28", "2018-08-27",
    "2018-12-25", "2018-12-26", "2019-01-01", "2019-04-19", "2019-04-22",
)}


def days(first, last):
    """Every date from first to last, both included."""
    d = first
    while d <= last:
        yield d
        d += dt.timedelta(days=1)


def is_working_day(d):
    return d.weekday() < 5 and d not in BANK_HOLIDAYS


def next_working_day(d):
    d += dt.timedelta(days=1)
    while not is_working_day(d):
        d += dt.timedelta(days=1)
    return d


def add_working_days(d, n):
    for _ in range(n):
        d = next_working_day(d)
    return d


def month_end(d):
    nxt = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def quarter_of(d):
    """NHS financial quarter (1 = April-June) of a date."""
    return (d.month - 4) % 12 // 3 + 1


def stamp(t):
    """A datetime as the returns write it: 2007-04-01T09:30."""
    return t.strftime("%Y-%m-%dT%H:%M")


def at(d, hour, minute=0):
    return dt.datetime(d.year, d.month, d.day) + dt.timedelta(hours=hour, minutes=minute)


class NhsNumbers:
    """Distinct NHS numbers from the 999 test range, which is never issued,
    each with a valid modulus-11 check digit."""

    def __init__(self, rng):
        self.rng = rng
        self.seen = set()

    def next(self):
        while True:
            body = "999" + "%06d" % self.rng.randrange(1000000)
            total = sum(int(c) * w for c, w in zip(body, range(10, 1, -1)))
            check = 11 - total % 11
            if check == 10:
                continue
            number = body + str(0 if check == 11 else check)
            if number not in self.seen:
                self.seen.add(number)
                return number


def write_csv(outdir, name, header, rows):
    """Writes returns/<name>.csv sorted by its first columns, LF line ends."""
    path = os.path.join(outdir, name + ".csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path
