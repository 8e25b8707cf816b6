"""The playground's animation: delay from the server to the page, frames per second, stalls.

The server runs in this process (uvicorn in a thread, one BLAS thread as the command line
sets it) and Debian's Chromium draws the page headless through Playwright. Each scenario
opens the page on a URL that sets the moons and the network [2, 8, 8, 1] (the others as
given), presses play and waits until the run has finished its epochs. The page records,
for every state it draws, the time from the server building the state (``t_server``, the
wall clock in the training thread) to the end of the drawing code (the page's wall clock,
``performance.timeOrigin + performance.now()``): one clock, one machine. From the frames'
times come the frames per second and the longest gap between two frames (a stall is a
gap over 200 ms, six frames at 30 per second).

Run from the repository root (about 40 s)::

    .venv/bin/python bench/bench_playground.py
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics

from playwright.sync_api import sync_playwright
from threadpoolctl import threadpool_limits

from reglab.playground.app import create_app
from reglab.playground.browser import launch_chromium
from reglab.playground.server import BackgroundServer

STALL_MS = 200.0
SCENARIOS = {
    "moons [2, 8, 8, 1], 60 epochs/s (default)": "speed=60",
    "moons [2, 8, 8, 1], as fast as it goes": "speed=0",
    "compare: 4 settings, 60 epochs/s": (
        "speed=60&reg1=none&lam1=0&kp1=1,1&lr1=0.01&es1=0&reg2=L2&lam2=1&kp2=1,1&lr2=0.01&es2=0"
        "&reg3=none&lam3=0&kp3=0.8,0.8&lr3=0.01&es3=0&reg4=L1&lam4=0.3&kp4=1,1&lr4=0.01&es4=0"
    ),
}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_scenario(browser, server, query: str, epochs: int) -> dict:
    page = browser.new_page(viewport={"width": 1300, "height": 950})
    page.set_default_timeout(300_000)
    page.goto(f"{server.url}#data=moons&hidden=8,8&epochs={epochs}&{query}")
    page.wait_for_function("() => playground.models.length > 0")
    page.evaluate(
        "() => { playground.stats = {frames: 0, latencies: [], frameTimes: [], drawMs: []}; }"
    )
    page.click("#play")
    page.wait_for_function("() => playground.status === 'finished'")
    stats = page.evaluate("() => playground.stats")
    curve_epochs = page.evaluate("() => playground.curves[0].epochs.length")
    page.close()
    times, latencies = stats["frameTimes"], stats["latencies"]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    seconds = (times[-1] - times[0]) / 1000
    return {
        "frames": len(times),
        "seconds": seconds,
        "fps": (len(times) - 1) / seconds,
        "latency_median": statistics.median(latencies),
        "latency_p95": percentile(latencies, 0.95),
        "latency_max": max(latencies),
        "draw_median": statistics.median(stats["drawMs"]),
        "gap_max": max(gaps),
        "stalls": sum(gap > STALL_MS for gap in gaps),
        "curve_epochs": curve_epochs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=500)
    args = parser.parse_args()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    print(f"{args.epochs} epochs per scenario; a stall is a gap over {STALL_MS:.0f} ms\n")
    header = (
        f"{'scenario':44s} {'frames':>6s} {'s':>5s} {'fps':>5s} "
        f"{'delay ms: median':>16s} {'p95':>5s} {'max':>5s} {'draw':>5s} {'max gap':>8s} "
        f"{'stalls':>6s} "
        f"{'epochs drawn':>12s}"
    )
    print(header)
    app = create_app()
    with threadpool_limits(1), BackgroundServer(app) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for name, query in SCENARIOS.items():
            r = run_scenario(browser, server, query, args.epochs)
            print(
                f"{name:44s} {r['frames']:6d} {r['seconds']:5.1f} {r['fps']:5.1f} "
                f"{r['latency_median']:16.1f} {r['latency_p95']:5.1f} {r['latency_max']:5.1f} "
                f"{r['draw_median']:5.1f} {r['gap_max']:8.1f} {r['stalls']:6d} "
                f"{r['curve_epochs']:12d}"
            )
        browser.close()


if __name__ == "__main__":
    main()
