#!/usr/bin/env python3
"""Runs axe-core (4.x) in headless Chromium over HTML pages and reports WCAG 2.1 AA violations.

Usage: axe_check.py AXE_MIN_JS PAGE.html...

Each page is opened at 1280 and at 390 px wide with Debian's chromium and chromedriver through
Selenium. The pages' Content Security Policy forbids scripts, which would stop axe too, so the
harness turns CSP off for its own session with Chrome DevTools' Page.setBypassCSP; the pages are
not changed. Every host name resolves to nothing (--host-resolver-rules), so no public URL is
fetched: images show their alt text, as they would offline.

Exit status: 0 no violations, 1 violations (each printed with its rule, impact and elements),
2 usage error.
"""
import json
import pathlib
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = [1280, 390]


def browser():
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-extensions", "--disable-background-networking",
                     "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars"]:
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    return driver


def check(driver, axe, page, width):
    # The viewport, not the window, is what the page lays out in: set it exactly.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.get(pathlib.Path(page).resolve().as_uri())
    driver.execute_script(axe)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done({version: axe.version, violations: r.violations}), e => done({error: String(e)}));",
        TAGS)
    if "error" in result:
        raise RuntimeError(f"axe failed on {page}: {result['error']}")
    return result


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    axe = pathlib.Path(argv[1]).read_text(encoding="utf-8")
    driver = browser()
    failures = 0
    try:
        for page in argv[2:]:
            for width in WIDTHS:
                result = check(driver, axe, page, width)
                violations = result["violations"]
                print(f"{page} @ {width}px: axe {result['version']}, {len(violations)} violation(s)")
                for violation in violations:
                    failures += 1
                    targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
                    print(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
                    for target in targets:
                        print(f"    {target}")
    finally:
        driver.quit()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
