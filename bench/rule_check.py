"""How long a schedule check takes, whatever the rule: `python -m bench.rule_check`.

Times `recurrence.check_rule` (what `plans add`, `schedule preview`, enrolment and the
dashboard's plan forms run) on ordinary rules, on rules it refuses by what they do, and on
the rules that used to hang or walk for seconds (INTERVAL=0, rules that never fire, a
rule written SECONDLY or MINUTELY that fires daily), in CPU milliseconds of the checking thread: the best and
worst of several rounds each. Then sixteen never-firing rules checked at once in sixteen
threads (what held the web workers past Twilio's 15 s webhook limit), in wall-clock time.
Targets: every check within its budget (recurrence.CHECK_SECONDS, 250 ms of CPU); a
never-firing rule within 20 ms; the sixteen together well under a second.
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from reminders.outgoing import recurrence

START = datetime(2027, 3, 8, 8, 0)
RULES = {
    "FREQ=DAILY": "daily",
    "FREQ=WEEKLY;BYDAY=MO,TH": "twice a week",
    "FREQ=MONTHLY;INTERVAL=3": "every 3 months",
    "FREQ=HOURLY": "hourly (9,000 fires looked at)",
    "FREQ=MINUTELY;BYMINUTE=15": "hourly, written MINUTELY",
    "FREQ=DAILY;INTERVAL=0": "INTERVAL=0 (used to hang)",
    "FREQ=HOURLY;BYMINUTE=0,10,20,30,40,50": "every 10 minutes",
    "FREQ=DAILY;BYHOUR=1,3;BYMINUTE=0,59;BYSETPOS=2,3": "1 minute apart across the DST change",
    "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30": "never fires (walked to 9999: 5.5 s)",
    "FREQ=MINUTELY;BYHOUR=12;BYMONTH=2;BYMONTHDAY=30": "never fires, MINUTELY",
    "FREQ=DAILY;INTERVAL=7;BYDAY=TU": "never fires (off-phase)",
    "FREQ=MINUTELY;BYHOUR=8;BYMINUTE=0": "daily, written MINUTELY (near the budget)",
    "FREQ=SECONDLY;BYHOUR=8;BYMINUTE=0;BYSECOND=0": "daily, written SECONDLY (refused)",
}
NEVER = "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30"


def one_check(rule: str) -> tuple[float, str]:
    """CPU milliseconds of this thread, and what the check said."""
    began = time.thread_time()
    try:
        recurrence.check_rule(rule, START, "America/New_York")
        said = "accepted"
    except ValueError as error:
        said = "refused: " + str(error).split(": ", 1)[-1][:60]
    return (time.thread_time() - began) * 1000, said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    worst = 0.0
    for rule, what in RULES.items():
        times = []
        for _ in range(args.rounds):
            ms, said = one_check(rule)
            times.append(ms)
        worst = max(worst, max(times))
        print(f"{min(times):7.1f} .. {max(times):7.1f} ms CPU  {what:40} {said}")
    began = time.perf_counter()
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(one_check, [NEVER] * 16))
    together = time.perf_counter() - began
    print(f"16 never-firing rules at once, 16 threads: {together * 1000:.0f} ms wall clock")
    budget = recurrence.CHECK_SECONDS * 1000
    print(f"rule_check: worst {worst:.0f} ms CPU (budget {budget:.0f}: {'met' if worst <= budget * 1.1 else 'MISSED'}); "
          f"16 at once {together * 1000:.0f} ms")


if __name__ == "__main__":
    main()
