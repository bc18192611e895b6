#!/usr/bin/python3
"""The Kernel modules page's load time beside Cockpit's own Services page (issue 15).

The host's half of `tests/system/run-guest --bench-cockpit`; the guest's half,
cockpit-page-guest.sh, has loaded exactly 150 modules and brought cockpit up
(tests/system/cockpit_host.py tells how the halves meet). One headless chromium, one login
(admin, Limited access) and one guest boot for both pages; then, round by round, each page
is opened by a top-level navigation to it (the page alone, as the shell's iframe loads it),
in turn and in alternating order, so that both see the same noise.

A page's time runs from its navigation's start to the first frame that shows its whole table:
the Kernel modules page's loaded table (a row per loaded module), the Services page's list of
units. A script chromium runs in every new document before the page's own
(Page.addScriptToEvaluateOnNewDocument) watches the table's rows and, on the next animation
frame after their number changes, records performance.now(), which counts from the
navigation's start. The table is whole once its number of rows has held for SETTLE_S; its
time is the frame where that number first showed. The first round is a warm-up (the
browser's cache, cockpit-ws's and the bridge's first use of each package) and is left out.

Printed: each page's median, minimum and maximum, its number of rows, and the ratio
modules/services: the median of the rounds' ratios (each round's two loads were minutes
apart at most) and the ratio of the medians. Goal: ≤ 1.0.
"""
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "system"))
from cockpit_host import Browser, Failure, arguments, host_half, log  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))
GOAL = 1.0
# The table is whole when its number of rows held this long (the Services page adds the unit
# files it lists after the units systemd has loaded).
SETTLE_S = 4
# Under TCG, the Services page's first listing of the unit files (systemd reads every unit
# directory, over 9p here) took over 2 minutes.
PAGE_TIMEOUT_S = 600
# Every page load and the login, with room: run-guest's own bound for the guest's boot and
# module loading comes before this one starts counting.
TOTAL_TIMEOUT_S = 2400

PAGES = {
    "modules": ("Kernel modules (modmgr)", "/cockpit/@localhost/modmgr/index.html",
                "table#loaded-modules tbody tr[data-module]"),
    "services": ("Services (Cockpit's own)", "/cockpit/@localhost/system/services.html",
                 "#services-list tbody tr[data-goto-unit]"),
}

# Runs in every new document before its own scripts. It records [time, rows] in
# window.__benchRows for the page whose path it knows, once per frame in which the number of
# rows changed.
RECORDER = """
(() => {
    const rows = %s[location.pathname];
    if (!rows) return;
    const record = window.__benchRows = [];
    let shown = -1, pending = false;
    const frame = () => {
        pending = false;
        const count = document.querySelectorAll(rows).length;
        if (count !== shown) { shown = count; record.push([performance.now(), count]); }
    };
    new MutationObserver(() => {
        if (!pending) { pending = true; requestAnimationFrame(frame); }
    }).observe(document, { childList: true, subtree: true });
})();
"""


def load_time(browser, page):
    """Opens PAGE and returns (ms from navigation start to the whole table, its rows)."""
    name, path, _ = PAGES[page]
    browser.driver.get(browser.base_url + path)
    deadline = time.monotonic() + PAGE_TIMEOUT_S
    while True:
        record = browser.driver.execute_script("return window.__benchRows || null")
        if record is None:
            raise Failure(f"{name}: the recorder did not run in {path}")
        now = browser.driver.execute_script("return performance.now()")
        if record and record[-1][1] > 0 and now - record[-1][0] >= SETTLE_S * 1000:
            rows = record[-1][1]
            return next(t for t, count in record if count == rows), rows
        if time.monotonic() > deadline:
            raise Failure(f"{name}: no settled table within {PAGE_TIMEOUT_S}s; rows seen {record}")
        time.sleep(0.25)


def bench(browser, guest):
    loaded = int(guest.run("wc -l </proc/modules").strip())
    selectors = {path: rows for _, path, rows in PAGES.values()}
    browser.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                   {"source": RECORDER % json.dumps(selectors)})
    browser.login("admin")

    times = {page: [] for page in PAGES}
    rows = {}
    for round_ in range(ROUNDS + 1):
        order = list(PAGES) if round_ % 2 == 0 else list(reversed(PAGES))
        this_round = {}
        for page in order:
            this_round[page], rows[page] = load_time(browser, page)
            if round_ > 0:
                times[page].append(this_round[page])
        log(f"round {round_}{' (warm-up)' if round_ == 0 else ''}: "
            + ", ".join(f"{page} {ms:.0f} ms, {rows[page]} rows" for page, ms in this_round.items()))
    if rows["modules"] != loaded:
        raise Failure(f"the Kernel modules table has {rows['modules']} rows, the guest {loaded} modules")
    browser.screenshot("bench-modules-page")

    print(f"\nCockpit page load with {loaded} modules loaded, {ROUNDS} rounds after a warm-up,"
          " one browser, one login, one guest boot: ms from navigation start to the first"
          " frame showing the whole table")
    print(f"{'page':<28}{'rows':>6}{'median':>9}{'min':>9}{'max':>9}")
    for page, (name, _, _) in PAGES.items():
        print(f"{name:<28}{rows[page]:>6}{statistics.median(times[page]):>9.0f}"
              f"{min(times[page]):>9.0f}{max(times[page]):>9.0f}")
    per_round = statistics.median(m / s for m, s in zip(times["modules"], times["services"]))
    of_medians = statistics.median(times["modules"]) / statistics.median(times["services"])
    verdict = "PASS" if per_round <= GOAL else "MISS"
    print(f"ratio modules/services: {per_round:.2f} (median of the rounds' ratios), "
          f"{of_medians:.2f} (of the medians); goal <= {GOAL:.1f}: {verdict}")


def main():
    args = arguments(__doc__.splitlines()[0])
    return host_half(args, lambda url: Browser(url, args.screenshots, TOTAL_TIMEOUT_S), bench)


if __name__ == "__main__":
    sys.exit(main())
