"""The group list's filter panel in a real browser: "near me", and the panel on a phone.

"Near me" asks the browser for a position only when pressed, rounds it to about a kilometre
and searches from it. On a phone the panel starts folded with nothing moving on screen as the
page loads (Cumulative Layout Shift, as Lighthouse measures it); on a wide screen it starts
open; without JavaScript it is open everywhere and "near me" is not offered.
"""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.factories import CantonFactory, GroupFactory

pytestmark = pytest.mark.django_db(transaction=True)

PULLY = {"latitude": 46.51027, "longitude": 6.66183}  # 2 km east of Lausanne
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
LIST = "/fr/groupes/"
PANEL_SCRIPT = "**/static/js/filters-panel.js"

# The layout shifts since the page began to load, as Lighthouse counts them (those right after
# a visitor's input do not count), once the page has settled.
LAYOUT_SHIFT = """
() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) total += entry.value;
    }
  }).observe({ type: "layout-shift", buffered: true });
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(total), 500)));
})
"""


@pytest.fixture
def open_page(browser, live_server):
    """A page in a browser context of the test's choosing (viewport, position, permissions,
    JavaScript), refusing every other host as tests/e2e/conftest.py's `page` does."""
    contexts, external = [], []

    def refuse_other_hosts(route):
        if route.request.url.startswith(live_server.url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, locale="fr-CH", **options)
        context.route("**/*", refuse_other_hosts)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(8000)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not external, f"requests to other hosts: {external}"


@pytest.fixture
def groups():
    vd = CantonFactory(code="VD", name_fr="Vaud", name_de="Waadt", name_it="Vaud", name_en="Vaud")
    ge = CantonFactory(
        code="GE", name_fr="Genève", name_de="Genf", name_it="Ginevra", name_en="Geneva"
    )
    lausanne = GroupFactory(
        name="Groupe deuil Lausanne", canton=vd, postcode="1003", locality="Lausanne"
    )
    geneva = GroupFactory(name="Groupe deuil Genève", canton=ge, postcode="1201", locality="Genève")
    online = GroupFactory(name="Groupe en ligne", canton=vd, format="online")
    return {"lausanne": lausanne, "geneva": geneva, "online": online}


def card(page, name):
    return page.locator(".group-card").filter(has=page.get_by_role("link", name=name))


def query_of(url):
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def test_near_me_searches_from_the_rounded_position_instead_of_the_postcode(open_page, groups):
    page = open_page(geolocation=PULLY, permissions=["geolocation"])
    page.goto(f"{LIST}?postcode=1201")  # Genève: Lausanne is 50 km away, beyond 10 km
    expect(card(page, "Groupe deuil Genève")).to_be_visible()
    expect(card(page, "Groupe deuil Lausanne")).to_have_count(0)

    near_me = page.locator("[data-near-me]")
    expect(near_me).to_be_visible()
    near_me.click()

    page.wait_for_url(re.compile(r"near="))
    query = query_of(page.url)
    assert query["near"] == ["46.51,6.66"]  # rounded to 2 decimals (about 1 km), not 46.51027
    assert query.get("postcode", [""]) == [""]
    expect(page.locator("#id_postcode")).to_have_value("")
    expect(page.locator("#near-place")).to_be_visible()
    lausanne = card(page, "Groupe deuil Lausanne")
    expect(lausanne.locator(".group-card__distance")).to_contain_text("km")
    expect(card(page, "Groupe deuil Genève")).to_have_count(0)
    # Nothing kept in the browser (the `open_page` fixture checks nothing went to other hosts).
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert not [c for c in page.context.cookies() if "46.5" in c["value"] or "6.6" in c["value"]]


def test_near_me_refused_says_so_and_changes_nothing(open_page, groups):
    page = open_page(geolocation=PULLY)  # no permission granted: the browser refuses
    page.goto(f"{LIST}?postcode=1201")
    before = page.url

    near_me = page.locator("[data-near-me]")
    near_me.click()

    denied = near_me.get_attribute("data-denied")
    assert denied
    expect(page.locator("[data-near-status]")).to_have_text(denied)
    page.wait_for_timeout(300)  # no navigation follows
    assert page.url == before
    expect(page.locator("#id_postcode")).to_have_value("1201")
    expect(page.locator("[data-near-input]")).to_have_value("")


def test_on_a_phone_the_panel_starts_folded_with_its_count_and_opens_on_tap(open_page, groups):
    page = open_page(viewport=PHONE, has_touch=True, is_mobile=True)
    page.goto(f"{LIST}?format=online&status=open")
    panel = page.locator("details.filters")
    summary = panel.locator("summary")

    expect(panel).to_have_js_property("open", False)
    expect(page.locator("#id_theme")).to_be_hidden()
    expect(summary).to_contain_text(re.compile(r"\(2\b"))  # two active filters
    expect(page.locator(".to-results")).to_be_hidden()
    expect(card(page, "Groupe en ligne")).to_be_in_viewport()

    assert page.evaluate(LAYOUT_SHIFT) < 0.1

    summary.tap()
    expect(panel).to_have_attribute("open", "")
    expect(page.locator("#id_theme")).to_be_visible()
    expect(page.locator("[data-near-me]")).to_be_visible()


def test_the_layout_shift_measure_sees_a_panel_folded_after_the_first_paint(open_page, groups):
    """The measure above is not blind: folding the panel once the page is shown (what
    filters.js did before, and Lighthouse caught) counts as a large layout shift."""
    page = open_page(viewport=PHONE)
    page.route(PANEL_SCRIPT, lambda route: route.fulfill(body="", content_type="text/javascript"))
    page.goto(f"{LIST}?format=online&status=open")
    panel = page.locator("details.filters")
    expect(panel).to_have_attribute("open", "")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 100)))")

    page.evaluate(
        """() => {
          document.querySelector("details.filters").open = false;
          document.querySelector(".to-results").hidden = true;
        }"""
    )
    assert page.evaluate(LAYOUT_SHIFT) > 0.1


def test_on_a_wide_screen_the_panel_starts_open(open_page, groups):
    page = open_page(viewport=WIDE)
    page.goto(f"{LIST}?format=online&status=open")
    expect(page.locator("details.filters")).to_have_attribute("open", "")
    expect(page.locator("#id_theme")).to_be_visible()
    expect(page.locator("[data-near-me]")).to_be_visible()
    assert page.evaluate(LAYOUT_SHIFT) < 0.1


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "wide"])
def test_without_javascript_the_panel_is_open_and_near_me_is_not_offered(
    open_page, groups, viewport
):
    page = open_page(viewport=viewport, java_script_enabled=False)
    page.goto(LIST)
    expect(page.locator("details.filters")).to_have_attribute("open", "")
    expect(page.locator("#id_theme")).to_be_visible()
    expect(page.locator("[data-near-me]")).to_be_hidden()

    page.locator("#id_postcode").fill("1003")
    page.locator(".filters__apply").click()
    expect(card(page, "Groupe deuil Lausanne").locator(".group-card__distance")).to_contain_text(
        "km"
    )


def test_no_inline_script_or_style_on_the_list_page(open_page, groups):
    """A strict Content Security Policy is coming: every script and style is a file."""
    page = open_page()
    page.goto(LIST)
    assert page.locator("script:not([src])").count() == 0
    assert page.locator("[style]").count() == 0
    assert page.locator("style").count() == 0
    for src in page.locator("script").evaluate_all("scripts => scripts.map((s) => s.src)"):
        assert Path(urlsplit(src).path).parts[1] == "static", src
