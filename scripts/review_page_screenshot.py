"""Regenerate docs/review-page.png: the HTML review page of the Zizhou example article.

    python scripts/review_page_screenshot.py            # needs chromium, chromedriver, selenium

The page comes from ``transfix check --format html``; headless Chromium opens it, checks two
suggestions, opens the details of one and takes a screenshot of the window. (CJK glyphs in
the details need a CJK font installed, e.g. Debian's fonts-wqy-microhei.)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "review-page.png"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="transfix-screenshot-"))
    try:
        shutil.copy(REPO / "examples" / "transfix.yaml", work / "transfix.yaml")
        shutil.copy(REPO / "examples" / "zizhou-2022-q2-review.txt", work / "zizhou.txt")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "transfix",
                "check",
                "--format=html",
                "-o",
                "review.html",
                "zizhou.txt",
            ],
            cwd=work,
            check=False,
        )
        opts = webdriver.ChromeOptions()
        opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={work / 'profile'}",
            "--window-size=1360,900",
            "--hide-scrollbars",
        ):
            opts.add_argument(arg)
        driver = webdriver.Chrome(
            service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=opts
        )
        try:
            driver.get((work / "review.html").as_uri())
            boxes = driver.find_elements(By.CSS_SELECTOR, "table.suggestions input.pick")
            for box in (boxes[0], boxes[3]):  # dates/completion, terms/attended-and-addressed
                driver.execute_script("arguments[0].click()", box)
            mark = next(
                m
                for m in driver.find_elements(By.CSS_SELECTOR, ".text .m-suggestion")
                if m.text == "attended and spoke"
            )
            driver.execute_script("arguments[0].click()", mark)
            driver.execute_script(
                "document.getElementById('doc-0').scrollIntoView();window.scrollBy(0, -8);"
            )
            driver.save_screenshot(str(OUT))
        finally:
            driver.quit()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
