"""Checks any browser test can run on the page it has open (Playwright, Debian's chromium):

- `axe_problems(page)`: axe-core's serious and critical violations, as readable lines. axe.min.js
  comes from the axe-playwright-python package (a dev extra): nothing is fetched at test time.
- `small_tap_targets(page)`: every visible control smaller than 44x44 px (a checkbox or radio
  counts with the label around it, which takes the tap too).
- `shoot_both(page, name)`: full-page screenshots at 390x844 and 1280x800 in artifacts/screenshots/.
- `check_page(page, name)`: all three, at both sizes; returns the problems found.

    from tests.dashboard.browser_checks import check_page
    assert check_page(page, "flags") == []
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SIZES = {"390x844": PHONE, "1280x800": DESKTOP}
MIN_TAP = 44  # px, both ways (WCAG 2.5.5, and Apple's and Android's guidance)
BLOCKING = ("serious", "critical")


@lru_cache(maxsize=1)
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def axe_problems(page, impacts=BLOCKING) -> list[str]:
    """axe-core's violations of the given impacts on the page as it is now, one line each."""
    results = _axe().run(page)
    problems = []
    for v in results.response["violations"]:
        if v["impact"] not in impacts:
            continue
        where = "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
        problems.append(f"{page.url}: {v['id']} ({v['impact']}): {v['help']}: {where}")
    return problems


# Anything a finger can tap. Hidden inputs, sr-only and off-screen things (the skip link
# until it has focus) are not on the screen to be tapped, and are left out.
_TAP_TARGETS = """([minimum, openDetails]) => {
  if (openDetails) document.querySelectorAll('details').forEach(d => { d.open = true; });
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
  const small = [];
  for (const el of document.querySelectorAll(controls)) {
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    let target = el;
    if ((el.type === 'checkbox' || el.type === 'radio') && el.labels.length && el.labels[0].contains(el)) target = el.labels[0];
    const box = target.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || box.right <= 0 || box.left >= document.documentElement.scrollWidth) continue;
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
      const name = (target.innerText || el.value || el.name || el.id || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
      small.push(`${el.tagName.toLowerCase()}${el.type ? '[' + el.type + ']' : ''} "${name}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""


def small_tap_targets(page, minimum: int = MIN_TAP, open_details: bool = True) -> list[str]:
    """Visible controls smaller than minimum x minimum px. With open_details, every <details> is
    opened first, so the forms inside are measured too (the page is left that way)."""
    return page.evaluate(_TAP_TARGETS, [minimum, open_details])


def shoot(page, name: str, full_page: bool = True, of=None) -> Path:
    """A screenshot of the whole page, of the window only (full_page=False), or of one locator (of)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    (of or page).screenshot(path=str(path), **({} if of else {"full_page": full_page}))
    return path


def shoot_both(page, name: str) -> None:
    """Screenshots at phone and desktop size, named NAME-390x844.png and NAME-1280x800.png;
    the window is left at phone size."""
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        shoot(page, f"{name}-{size}")
    page.set_viewport_size(PHONE)


def check_page(page, name: str, tap_targets: bool = True) -> list[str]:
    """axe and a screenshot at each size, then tap targets at 390x844 and axe again with every
    <details> open (the page is left that way, at phone size)."""
    problems = []
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        problems += [f"{size} {p}" for p in axe_problems(page)]
        shoot(page, f"{name}-{size}")
    page.set_viewport_size(PHONE)
    if tap_targets:
        problems += [f"390x844 {page.url}: small tap target {t}" for t in small_tap_targets(page)]
        problems += [f"390x844 {page.url} (with every <details> open): {p}" for p in axe_problems(page)]
    return problems
