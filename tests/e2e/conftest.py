"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser).

Without a Chromium on the machine these tests are skipped with a visible notice; with
REQUIRE_BROWSER=1 (set by .ci/run) a missing browser fails the run instead.
"""

import os
import shutil

import pytest

CHROMIUM_CANDIDATES = [
    os.environ.get("CHROMIUM_PATH", ""),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium():
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/e2e/" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if browser_items and not find_chromium():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            raise pytest.UsageError(
                "REQUIRE_BROWSER=1 but no Chromium was found (apt-get install chromium)."
            )
        notice = "no Chromium installed (apt-get install chromium): browser tests skipped"
        config.issue_config_time_warning(pytest.PytestWarning(notice), stacklevel=2)
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=notice))


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls the
    # tests make around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-CH")
    external = []

    def refuse_other_hosts(route):
        # Privacy: no page may ask another host for anything.
        if route.request.url.startswith(live_server.url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", refuse_other_hosts)
    page = context.new_page()
    page.set_default_timeout(8000)  # a missing element fails in seconds, not half a minute
    yield page
    context.close()
    assert not external, f"requests to other hosts: {external}"


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe(page):
    """Run axe-core (shipped by the axe-playwright-python wheel) on the current page.

    Returns the list of WCAG 2.1 A/AA violations, each as "rule: target" strings, so a failing
    assertion names what to fix.
    """
    import axe_playwright_python

    script = os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js")

    def run():
        page.add_script_tag(path=script)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        return [
            f"{violation['id']}: {node['target']} ({violation['help']})"
            for violation in result["violations"]
            for node in violation["nodes"]
        ]

    return run
