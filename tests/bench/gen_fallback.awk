# gen_fallback.awk — deterministic returns for tests/bench/run when the
# gen_returns helper is not built. A Park-Miller generator (exact in double
# arithmetic) makes the output identical with any awk.
#   awk -v what=referrals -v rows=N -v seed=S -f gen_fallback.awk
#   awk -v what=rota -v seed=S -f gen_fallback.awk
#   awk -v what=mdt -v seed=S -f gen_fallback.awk
function rnd() { state = (state * 48271) % 2147483647; return state / 2147483647 }
function nhs(k,    base, s, i, c) {
  # 999 test range with a valid modulus-11 check digit (skipping check 10)
  for (;;) {
    base = sprintf("999%06d", k % 1000000)
    s = 0
    for (i = 1; i <= 9; i++) s += substr(base, i, 1) * (11 - i)
    c = 11 - s % 11
    if (c == 11) c = 0
    if (c != 10) return base c
    k++
  }
}
function days_init(    y, m, d, mdays, n) {
  split("31 28 31 30 31 30 31 31 30 31 30 31", mdays, " ")
  n = 0; y = 2007; m = 4; d = 1
  while (n < 366 + 7) {
    day[n] = sprintf("%04d-%02d-%02d", y, m, d)
    n++; d++
    lim = mdays[m] + (m == 2 && y % 4 == 0 ? 1 : 0)
    if (d > lim) { d = 1; m++; if (m > 12) { m = 1; y++ } }
  }
}
BEGIN {
  state = (seed ? seed : 42) % 2147483646 + 1
  days_init()
  np = split("8HX01 8HX02 8HX03 8HX04 8HX05 8HX06 8HX07 8HX08 RQ1 RQ2 RQ3 RQ4 RQ5 RQ6 RT1 RT2 RT3 RT4 RT5 RT6", prov, " ")
  if (what == "referrals") {
    print "referral_id,provider,nhs_number,received_at,urgency,first_contact_at"
    for (i = 1; i <= rows; i++) {
      di = int(rnd() * 366); mins = int(rnd() * 1440)
      p = prov[1 + int(rnd() * np)]
      urg = rnd() < 0.3 ? "urgent" : "routine"
      r = rnd()
      if (r < 0.04) contact = ""
      else {
        delay = int((urg == "urgent" ? 60 + rnd() * 2000 : 240 + rnd() * 5000))
        t = mins + delay; cd = di + int(t / 1440); t = t % 1440
        contact = sprintf("%sT%02d:%02d:%02d", day[cd], int(t / 60), t % 60, int(rnd() * 60))
      }
      printf "R%08d,%s,%s,%sT%02d:%02d:%02d,%s,%s\n", i, p, nhs(int(rnd() * 999999)), day[di], int(mins / 60), mins % 60, int(rnd() * 60), urg, contact
    }
  } else if (what == "rota" || what == "advice_rota") {
    print "provider,starts_at,ends_at,role"
    for (pi = 1; pi <= np; pi++)
      for (di = 0; di < 366; di++)
        for (s = 0; s < 3; s++) {
          if (rnd() < 0.01) continue   # an uncovered shift now and then
          st = sprintf("%sT%02d:00", day[di], s * 8)
          en = s < 2 ? sprintf("%sT%02d:00", day[di], s * 8 + 8) : sprintf("%sT00:00", day[di + 1])
          printf "%s,%s,%s,%s\n", prov[pi], st, en, (rnd() < 0.5 ? "Consultant in Palliative Medicine" : "Clinical Nurse Specialist (CNS)")
        }
  } else if (what == "mdt" || what == "mdt_attendance") {
    print "provider,meeting_id,held_on,attendee_role"
    split("Consultant in Palliative Medicine|Clinical Nurse Specialist|Social Worker|Chaplain", roles, "|")
    for (pi = 1; pi <= np; pi++)
      for (w = 0; w < 52; w++) {
        if (rnd() < 0.05) continue    # a week without a meeting
        d = day[w * 7 + 2]
        for (k = 1; k <= 4; k++) if (rnd() < 0.9) printf "%s,MDT-%s-%02d,%s,%s\n", prov[pi], prov[pi], w, d, roles[k]
      }
  }
}
