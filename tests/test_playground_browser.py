"""The playground in a real browser: Debian's Chromium, driven by Playwright.

Chromium must be installed (``.ci/run`` installs it); without it these tests fail with a
message that says what to install. ``REGLAB_PLAYGROUND_SCREENSHOT=docs/playground.png``
makes the compare test write its screenshot there (the one the README shows).
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from reglab.playground.app import create_app
from reglab.playground.browser import chromium_path, launch_chromium
from reglab.playground.server import BackgroundServer

TIMEOUT = 120_000  # ms; generous: the machine is shared, and nothing here measures speed


@pytest.fixture(scope="module")
def server():
    app = create_app()
    with BackgroundServer(app) as running:
        running.app = app
        yield running


@pytest.fixture(scope="module")
def browser():
    try:
        chromium_path()
    except FileNotFoundError as error:
        pytest.fail(str(error), pytrace=False)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    page = browser.new_page(viewport={"width": 1300, "height": 950})
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.set_default_timeout(TIMEOUT)
    yield page
    page.close()
    assert not errors, errors


def open_page(page, server, hash_=""):
    page.goto(server.url + hash_)
    page.wait_for_function("() => playground.models.length > 0")


def set_value(locator, text):
    """Type into a field and leave it, as a person does: one change event."""
    locator.fill(text)
    locator.press("Tab")


def wait_epochs(page, count, model=0):
    page.wait_for_function(f"() => playground.curves[{model}].dev.length >= {count}")


def test_moons_train_the_dev_loss_falls_and_a_verdict_appears(page, server):
    open_page(page, server, "#data=circle&speed=200&epochs=300")
    page.select_option("#dataset", "moons")
    page.wait_for_function("() => playground.data.name === 'moons' && playground.models.length")
    expect(page.locator("#split")).to_contain_text("60 / 20 / 20 = 180 train, 60 dev, 60 test")
    page.click("#play")
    page.wait_for_function("() => playground.status === 'finished'")
    dev = page.evaluate("() => playground.curves[0].dev")
    assert len(dev) == 300 and dev[-1] < 0.7 * dev[0]
    expect(page.locator(".model-card .kind")).to_contain_text("verdict: ")
    assert page.locator(".model-card .explanation").inner_text().startswith("Training error")


def test_raising_lambda_during_training_shrinks_the_weights(page, server):
    open_page(page, server, "#data=moons&speed=0&epochs=100000&reg1=L2&lam1=0&kp1=1,1")
    page.click("#play")
    wait_epochs(page, 150)
    before = page.evaluate("() => playground.models[0].norm")
    set_value(page.locator(".model-card .lam"), "30")
    page.wait_for_function(f"() => playground.models[0].norm < {0.6 * before}")
    assert "lam1=30" in page.url
    page.click("#play")  # pause
    page.wait_for_function("() => playground.status === 'paused'")


def test_compare_three_settings_side_by_side_as_one_stack(page, server, tmp_path):
    open_page(page, server, "#data=moons&speed=0&epochs=150&hidden=12,12")
    page.select_option("#compare", "3")
    page.wait_for_function("() => playground.settings.models.length === 3")
    expect(page.locator(".model-card")).to_have_count(3)
    labels = page.locator(".model-card .label").all_inner_texts()
    assert labels[0].startswith("no penalty") and labels[1].startswith("L2")
    assert "keep 0.8/0.8" in labels[2]
    page.click("#play")
    page.wait_for_function("() => playground.status === 'finished'")
    norms = page.evaluate("() => playground.models.map(m => m.norm)")
    assert len(norms) == 3 and norms[1] < norms[0]
    expect(page.locator(".model-card .kind").nth(2)).to_contain_text("verdict: ")
    (session,) = server.app.state.sessions
    assert session.network.n_models == 3 and session.trainings == 1
    shot = Path(os.environ.get("REGLAB_PLAYGROUND_SCREENSHOT", tmp_path / "playground.png"))
    page.screenshot(path=shot, full_page=True)
    assert shot.stat().st_size > 20_000


CSV = "x1,x2,label\n" + "\n".join(
    f"{(i % 13) / 6 - 1:.3f},{(i * 7 % 17) / 8 - 1:.3f},{int((i % 13) / 6 - 1 > 0)}"
    for i in range(200)
)


def test_upload_a_csv_and_train_on_it(page, server):
    open_page(page, server, "#speed=0&epochs=150")
    upload = {"name": "mine.csv", "mimeType": "text/csv", "buffer": CSV.encode()}
    page.set_input_files("#upload", files=[upload])
    page.wait_for_function("() => playground.data && playground.data.name === 'mine'")
    expect(page.locator("#split")).to_contain_text("120 train, 40 dev, 40 test")
    expect(page.locator("#dataset")).to_have_value("upload")
    page.click("#play")
    page.wait_for_function("() => playground.status === 'finished'")
    dev = page.evaluate("() => playground.curves[0].dev")
    assert dev[-1] < 0.7 * dev[0]


def test_a_bad_csv_gets_a_message_and_the_session_goes_on(page, server):
    open_page(page, server, "#speed=0")
    bad = {"name": "bad.csv", "mimeType": "text/csv", "buffer": b"x1,x2,label\n1,abc,0\n2,3,1\n"}
    page.set_input_files("#upload", files=[bad])
    expect(page.locator("#message")).to_contain_text(
        "column 'x2' of bad.csv must be numeric and finite, got 'abc' in row 1"
    )
    page.click("#step")
    page.wait_for_function("() => playground.epoch === 1")


def test_a_shared_url_reloads_the_same_settings(page, server, browser):
    open_page(page, server, "#speed=0")
    page.select_option("#dataset", "circle")
    page.wait_for_function("() => playground.settings.dataset === 'circle'")
    set_value(page.locator("#hidden"), "4, 6")
    page.wait_for_function("() => playground.settings.hidden.join() === '4,6'")
    page.select_option("#compare", "2")
    page.wait_for_function("() => playground.settings.models.length === 2")
    set_value(page.locator(".model-card .lam").nth(1), "0.25")
    page.wait_for_function("() => location.hash.includes('lam2=0.25')")
    settings = page.evaluate("() => playground.settings")
    other = browser.new_page()
    other.set_default_timeout(TIMEOUT)
    open_page(other, server, "#" + page.url.split("#", 1)[1])
    assert other.evaluate("() => playground.settings") == settings
    expect(other.locator("#hidden")).to_have_value("4, 6")
    expect(other.locator(".model-card .lam").nth(1)).to_have_value("0.25")
    other.close()


def test_a_bad_url_falls_back_with_a_message(page, server):
    open_page(page, server, "#hidden=8,8,8,8,8,8,8,8,8&kp1=1,1,1,1,1,1,1,1,1")
    expect(page.locator("#message")).to_contain_text("at most 8 items long, got 9")
    page.wait_for_function("() => playground.settings && playground.settings.hidden.length === 2")
