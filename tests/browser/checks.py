"""What every browser journey checks on the pages it visits."""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def assert_accessible(page):
    """Run axe-core's WCAG 2.1 A and AA rules; fail with a readable list of violations."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def focus_is_visible(page) -> bool:
    """The focused element shows an outline or a focus ring."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return false;
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
            return outline || style.boxShadow !== "none";
        }"""
    )


def tab_to(page, selector, limit=60):
    """Press Tab until the element matching selector has focus, checking focus stays visible."""
    if page.evaluate("(s) => document.activeElement.matches(s)", selector):
        return
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert focus_is_visible(page), page.evaluate("document.activeElement.outerHTML")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")
