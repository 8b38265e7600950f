#!/usr/bin/env python3
"""Accessibility check in a real browser: axe-core (WCAG 2.0/2.1 A and AA plus best practices)
on every page listed in scripts/a11y/pages.txt, and a keyboard-only login.

Usage: check.py BASE_URL [PAGES_FILE]
Needs Debian's chromium + chromium-driver, PyPI's selenium, and axe.min.js from PyPI's
axe-playwright-python (installed with --no-deps; only its bundled axe-core file is used).
A line may end with click=CSS-SELECTOR (one or more, followed in turn): the page is opened and
the first matching link is followed and scanned (for pages whose addresses contain ids); with
submit=CSS as well, the form is submitted on the page the links lead to.
A registration form's line may end with register=E-MAIL: the form is submitted empty (the page
with error messages is scanned), then filled in as that person (the "done" page is scanned),
and the personal link from the confirmation e-mail ("{run}" in the address becomes a timestamp), read from the .eml files in
OPENCUS_A11Y_MAIL_DIR (the server's file mail transport), is opened and scanned.
Exits non-zero on any violation, so CI fails when a page regresses. A page that turns out to be
an error page fails too, unless its line in pages.txt ends with "expect-error".
"""
import email
import email.policy
import glob
import importlib.util
import os
import re
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

DEMO_PASSWORD = "demo-opencus-2026"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_source():
    package = importlib.util.find_spec("axe_playwright_python").submodule_search_locations[0]
    for root, _, files in os.walk(package):
        if "axe.min.js" in files:
            with open(os.path.join(root, "axe.min.js"), encoding="utf-8") as f:
                return f.read()
    raise SystemExit("axe.min.js not found in axe_playwright_python")


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"]:
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def login(driver, base, email):
    driver.delete_all_cookies()
    driver.get(base + "/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    wait_for_panel(driver, f"login as {email}")


def wait_for_panel(driver, what):
    try:
        WebDriverWait(driver, 10).until(lambda d: d.current_url.rstrip("/").endswith("/panel"))
    except Exception:
        raise SystemExit(f"{what} did not reach the panel (at {driver.current_url})")


def scan(driver, axe, url):
    driver.get(url)
    return run_axe(driver, axe)


def sideways(driver, width):
    """A page scanned at a phone's width must not scroll sideways (WCAG 1.4.10 reflow)."""
    if not width:
        return []
    scroll = driver.execute_script("return document.documentElement.scrollWidth")
    return [] if scroll <= width else [{"id": "sideways-scroll", "help": f"the page is {scroll} px wide in a {width} px window", "nodes": []}]


def run_axe(driver, axe):
    driver.execute_script(axe)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: %r}}).then(r => done(r.violations)).catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));"
        % TAGS)
    return result


def wait_until(driver, condition, seconds=10):
    try:
        WebDriverWait(driver, seconds).until(condition)
    except Exception:
        pass  # the caller checks the outcome and reports it


def fill_registration(driver, address):
    """Fills the standard fields, picks the first option of every required choice, accepts RODO."""
    for field, value in [("firstName", "Anna"), ("lastName", "Testowa-Dostępność"), ("email", address), ("institution", "GOPS w Testowie")]:
        element = driver.find_element(By.ID, field)
        element.clear()
        element.send_keys(value)
    driver.execute_script("const s = document.getElementById('institutionType'); s.selectedIndex = 1;")
    # Every radio group (workshops, single-choice and yes/no questions): its first option.
    driver.execute_script("""
        const seen = new Set();
        for (const r of document.querySelectorAll('form input[type=radio]')) {
          if (!seen.has(r.name)) { seen.add(r.name); r.checked = true; }
        }
        document.getElementById('consentRodo').checked = true;""")


def personal_link(mail_dir, address, timeout=30):
    """The /r/… link from the newest e-mail to `address` written by the file transport."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for path in sorted(glob.glob(os.path.join(mail_dir, "*.eml")), key=os.path.getmtime, reverse=True):
            with open(path, "rb") as f:
                message = email.message_from_binary_file(f, policy=email.policy.default)
            if address not in str(message["To"]):
                continue
            text = message.get_body(preferencelist=("plain",)).get_content()
            match = re.search(r"https?://\S+?/r/[A-Za-z0-9_-]{40,}", text)
            if match:
                return match.group(0)
        time.sleep(0.5)
    return None


def mailed_url(mail_dir, address, marker, timeout=30):
    """The first link containing `marker` in the newest e-mail to `address` that has one."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for path in sorted(glob.glob(os.path.join(mail_dir, "*.eml")), key=os.path.getmtime, reverse=True):
            with open(path, "rb") as f:
                message = email.message_from_binary_file(f, policy=email.policy.default)
            if address not in str(message["To"]):
                continue
            text = message.get_body(preferencelist=("plain",)).get_content()
            for match in re.finditer(r"https?://\S+", text):
                if marker in match.group(0):
                    return match.group(0)
        time.sleep(0.5)
    return None


def report(label, violations):
    """Prints one scanned page's result; returns how many problems it counts."""
    if not violations:
        print(f"ok   {label}")
        return 0
    print(f"FAIL {label}: {len(violations)} violation(s)")
    for v in violations:
        print(f"  - {v['id']}: {v['help']}")
        for node in v.get("nodes", [])[:5]:
            print(f"      {node.get('target')}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return len(violations)


def keyboard_login(driver, base):
    """Tab from the top of the login page to the form, fill it and submit with Enter only."""
    driver.delete_all_cookies()
    driver.get(base + "/login")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    first = driver.switch_to.active_element
    problems = []
    if first.get_attribute("class") != "skip-link":
        problems.append("first Tab does not reach the skip link")
    outline = driver.execute_script(
        "const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.boxShadow];")
    if outline[0] == "none" and outline[1] == "none":
        problems.append("focused skip link has no visible focus indicator")
    for _ in range(30):
        if driver.switch_to.active_element.get_attribute("id") == "email":
            break
        driver.switch_to.active_element.send_keys(Keys.TAB)
    else:
        return problems + ["Tab never reaches the e-mail field"]
    driver.switch_to.active_element.send_keys("admin@rops-poznan.example")
    driver.switch_to.active_element.send_keys(Keys.TAB)
    if driver.switch_to.active_element.get_attribute("id") != "password":
        return problems + ["Tab from e-mail does not go to password"]
    driver.switch_to.active_element.send_keys(DEMO_PASSWORD)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    try:
        WebDriverWait(driver, 10).until(lambda d: d.current_url.rstrip("/").endswith("/panel"))
    except Exception:
        problems.append(f"keyboard login did not reach the panel (at {driver.current_url})")
    return problems


def main():
    base = sys.argv[1].rstrip("/")
    pages_file = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "pages.txt")
    pages = []
    with open(pages_file, encoding="utf-8") as f:
        for line in f:
            line = re.split(r"(?:^|\s)#", line, maxsplit=1)[0].strip()  # "#" inside a value (a colour) stays
            if line:
                parts = line.split()
                expect_error = "expect-error" in parts
                click = [p[len("click="):] for p in parts if p.startswith("click=")] or None
                register = next((p[len("register="):] for p in parts if p.startswith("register=")), None)
                # fill=NAME:VALUE (repeatable; a select takes the option whose label starts with VALUE) then
                # submit=CSS: a page reached by posting a form.
                fill = [tuple(p[len("fill="):].split(":", 1)) for p in parts if p.startswith("fill=")]
                submit = next((p[len("submit="):] for p in parts if p.startswith("submit=")), None)
                # mail-link=ADDRESS: the path is appended to the personal link e-mailed to ADDRESS.
                mail_link = next((p[len("mail-link="):] for p in parts if p.startswith("mail-link=")), None)
                # mail-url=ADDRESS: the page is the newest e-mailed link to ADDRESS that contains the path.
                mail_url = next((p[len("mail-url="):] for p in parts if p.startswith("mail-url=")), None)
                # width=N: the page is scanned in a window N pixels wide (a phone: 390).
                width = next((int(p[len("width="):]) for p in parts if p.startswith("width=")), None)
                parts = [p for p in parts if p != "expect-error" and not p.split("=", 1)[0] in ("click", "register", "fill", "submit", "mail-link", "mail-url", "width")]
                pages.append((parts[0], parts[1] if len(parts) > 1 else None, expect_error, click, register, fill, submit, mail_link or (mail_url and ("url", mail_url)), width))
    axe = axe_source()
    driver = browser()
    failures = 0
    try:
        current_user = None
        for path, user, expect_error, click, register, fill, submit, mail_link, width in pages:
            driver.set_window_size(width or 1280, 844 if width else 900)
            if user != current_user:
                if user:
                    login(driver, base, user)
                else:
                    driver.delete_all_cookies()
                current_user = user
            if isinstance(mail_link, tuple):
                address = mail_link[1]
                mail_dir = os.environ.get("OPENCUS_A11Y_MAIL_DIR")
                link = mailed_url(mail_dir, address, path) if mail_dir else None
                if not link:
                    failures += report(f"{path} from the e-mail to {address}", [{"id": "no-link", "help": f"no e-mail to {address} with a link containing {path}", "nodes": []}])
                else:
                    target = base + re.sub(r"^https?://[^/]+", "", link)
                    failures += report(f"{path} (from the e-mail to {address})", scan(driver, axe, target))
                continue
            if mail_link:
                mail_dir = os.environ.get("OPENCUS_A11Y_MAIL_DIR")
                link = personal_link(mail_dir, mail_link) if mail_dir else None
                if not link:
                    failures += report(f"{path} from the e-mail to {mail_link}", [{"id": "no-link", "help": f"no e-mail with a link to {mail_link}", "nodes": []}])
                else:
                    violations = scan(driver, axe, base + link[link.index("/r/"):] + path)
                    failures += report(f"/r/…{path} (from the e-mail to {mail_link})", violations + sideways(driver, width))
                continue
            if register:
                register = register.replace("{run}", str(int(time.time())))  # a fresh address on every run
                # The form with errors, the confirmation, and the person's own page from the e-mail.
                steps = []
                driver.get(base + path)
                driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
                wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".error-summary"))
                steps.append((f"{path} submitted empty", run_axe(driver, axe)))
                if not driver.find_elements(By.CSS_SELECTOR, ".error-summary"):
                    steps.append((f"{path} submitted empty", [{"id": "no-error-summary", "help": "an empty form shows no error summary", "nodes": []}]))
                fill_registration(driver, register)
                driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
                wait_until(driver, lambda d: "/register/done" in d.current_url)
                if "/register/done" not in driver.current_url:
                    steps.append((f"{path} as {register}", [{"id": "not-registered", "help": f"the filled form did not register (at {driver.current_url})", "nodes": []}]))
                else:
                    steps.append((driver.current_url.replace(base, ""), run_axe(driver, axe)))
                    mail_dir = os.environ.get("OPENCUS_A11Y_MAIL_DIR")
                    link = personal_link(mail_dir, register) if mail_dir else None
                    if not link:
                        steps.append(("personal link", [{"id": "no-link", "help": f"no e-mail with a link to {register} in {mail_dir}", "nodes": []}]))
                    else:
                        target = base + link[link.index("/r/"):]
                        steps.append(("/r/… (personal page from the e-mail)", scan(driver, axe, target)))
                        if not driver.find_elements(By.CSS_SELECTOR, "form[action$='/cancel']"):
                            steps.append(("/r/…", [{"id": "not-self-service", "help": "the personal link did not open the registration page", "nodes": []}]))
                for label, violations in steps:
                    failures += report(label, violations)
                continue
            if submit:
                driver.get(base + path)
                for selector in click or []:  # a form on a page reached by links (its address has ids)
                    links = driver.find_elements(By.CSS_SELECTOR, selector)
                    if links:
                        driver.get(links[0].get_attribute("href"))
                for name, value in fill:
                    field = driver.find_element(By.NAME, name)
                    if field.get_attribute("type") in ("checkbox", "radio"):
                        driver.find_element(By.CSS_SELECTOR, f"[name='{name}'][value='{value}']").click()
                    elif field.tag_name == "select":  # the option whose label starts with the value
                        driver.execute_script(
                            "const s = arguments[0]; const o = [...s.options].find(o => o.text.startsWith(arguments[1]));"
                            "if (o) { s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true})); }", field, value)
                    else:
                        field.clear()
                        field.send_keys(value)
                before = driver.current_url
                driver.find_element(By.CSS_SELECTOR, submit).click()
                wait_until(driver, lambda d: d.execute_script("return document.readyState") == "complete")
                violations = run_axe(driver, axe)
                label = f"{path} after submitting {submit} ({user or 'anonymous'})"
                failures += report(label, violations)
                continue
            if click:
                # Pages reached from another one (their URLs carry ids): open, follow the first
                # match of each click= in turn, scan where that leads.
                driver.get(base + path)
                target = None
                for selector in click:
                    links = driver.find_elements(By.CSS_SELECTOR, selector)
                    if not links:
                        target = None
                        break
                    target = links[0].get_attribute("href")
                    driver.get(target)
                if not target:
                    failures += 1
                    print(f"FAIL {path}: nothing matches {' then '.join(click)}")
                    continue
                violations = scan(driver, axe, target)
                label = f"{target.replace(base, '')} via {path} ({user or 'anonymous'})"
            else:
                violations = scan(driver, axe, base + path) + sideways(driver, width)
                label = f"{path} ({user or 'anonymous'})"
            error_status = driver.execute_script("const h = document.querySelector('[data-error-status]'); return h ? h.dataset.errorStatus : null;")
            if error_status and not expect_error:
                failures += 1
                print(f"FAIL {label}: the page is an error page ({error_status}), not the page meant to be scanned")
                continue
            failures += report(label, violations)
        driver.set_window_size(1280, 900)
        problems = application_receipt(driver, base, axe)
        failures += len(problems)
        for p in problems:
            print(f"FAIL receipt: {p}")
        if not problems:
            print("ok   the application receipt after a complete form (services, tracking link, office contact)")
        for name, passed, check in [
            ("desk", "the desk on a 390 px phone: search first, at least 8 people in the first screen, menu behind a button", desk_on_a_phone),
            ("draft", "application form keeps a draft in the tab across a reload (not the PESEL)", application_draft),
            ("gallery", "report gallery lightbox: Enter opens, arrow moves, Esc closes, focus returns", gallery_keyboard),
        ]:
            problems = check(driver, base)
            failures += len(problems)
            for p in problems:
                print(f"FAIL {name}: {p}")
            if not problems:
                print(f"ok   {passed}")
        problems = keyboard_login(driver, base)
        if problems:
            failures += len(problems)
            for p in problems:
                print(f"FAIL keyboard: {p}")
        else:
            print("ok   keyboard-only login (Tab to skip link, to the form, Enter to submit)")
    finally:
        driver.quit()
    print(f"{len(pages)} page(s) scanned, {failures} problem(s)")
    sys.exit(1 if failures else 0)


def desk_on_a_phone(driver, base):
    """The check-in desk at 390×844: the search field above the list, 8–10 people in the first
    screen, the navigation folded behind a "Menu" button that opens with the keyboard."""
    problems = []
    login(driver, base, "kongres@cus-starachowice.example")
    driver.set_window_size(390, 844)
    try:
        driver.get(base + "/panel/events/slug/ii-kongres-centrow-uslug-spolecznych-2022/checkin?day=2022-06-22")
        height = driver.execute_script("return window.innerHeight")
        search = driver.find_element(By.ID, "c-q").rect
        rows = driver.execute_script(
            "return Array.from(document.querySelectorAll('.checkin-row')).map(r => r.getBoundingClientRect().bottom)")
        visible = len([b for b in rows if b <= height])
        if visible < 8:
            problems.append(f"only {visible} people fit in the first screen ({height} px high)")
        if rows and search["y"] > min(rows):
            problems.append("the search field is not above the list")
        width = driver.execute_script("return document.documentElement.scrollWidth")
        if width > 390:
            problems.append(f"the page scrolls sideways ({width} px wide)")
        toggle = driver.find_element(By.CSS_SELECTOR, ".menu-toggle")
        nav = driver.find_element(By.ID, "site-nav")
        if not toggle.is_displayed() or nav.is_displayed():
            problems.append("on a phone the navigation is not folded behind the Menu button")
        else:
            toggle.send_keys(Keys.ENTER)
            if not nav.is_displayed() or toggle.get_attribute("aria-expanded") != "true":
                problems.append("Enter on Menu does not open the navigation")
    finally:
        driver.set_window_size(1280, 900)
    return problems


def application_receipt(driver, base, axe):
    """A resident sends a complete application; the receipt (services, tracking link, the
    office's contact) is scanned like any page."""
    driver.delete_all_cookies()
    driver.get(base + "/services/cus-jasminowo/apply")
    driver.execute_script("""
      const form = document.querySelector("form[action$='/apply']");
      const set = (name, value) => { const f = form.querySelector(`[name='${name}']`); if (f) f.value = value; };
      set('applicantRole', 'person');
      set('firstName', 'Zofia'); set('lastName', 'Dostępna'); set('birthDate', '1948-03-02');
      set('city', 'Jaśminowo'); set('phone', '600 100 300'); set('situation', 'Potrzebuję wsparcia.');
      form.querySelector("[name='services[]']").checked = true;
      form.querySelector("[name='consentRodo']").checked = true;
      form.submit();
    """)
    wait_until(driver, lambda d: "/apply/done" in d.current_url)
    if "/apply/done" not in driver.current_url:
        return [f"the complete application did not reach the receipt (at {driver.current_url})"]
    return [f"{v['id']}: {v['help']}" for v in run_axe(driver, axe)]


def gallery_keyboard(driver, base):
    """The demo report's lightbox works with the keyboard alone."""
    driver.delete_all_cookies()
    driver.get(base + "/events/ii-kongres-centrow-uslug-spolecznych-2022/report")
    thumbs = driver.find_elements(By.CSS_SELECTOR, "[data-lightbox]")
    if len(thumbs) < 2:
        return ["the demo report has fewer than two photos"]
    problems = []
    driver.execute_script("arguments[0].focus()", thumbs[0])
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    time.sleep(0.3)
    dialog = driver.find_element(By.ID, "lightbox")
    if dialog.get_attribute("open") is None:
        return ["Enter on a thumbnail did not open the lightbox"]
    if driver.find_element(By.ID, "lightbox-image").get_attribute("alt") != thumbs[0].find_element(By.TAG_NAME, "img").get_attribute("alt"):
        problems.append("the enlarged photo lost its alt text")
    ActionChains(driver).send_keys(Keys.ARROW_RIGHT).perform()
    time.sleep(0.2)
    if not driver.find_element(By.ID, "lightbox-count").text.startswith("Zdjęcie 2"):
        problems.append("the right arrow did not move to the next photo")
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    time.sleep(0.3)
    if dialog.get_attribute("open") is not None:
        problems.append("Esc did not close the lightbox")
    if driver.switch_to.active_element != thumbs[0]:
        problems.append("focus did not return to the thumbnail")
    return problems


def application_draft(driver, base):
    """The resident's application form survives a reload (sessionStorage); the PESEL does not."""
    driver.delete_all_cookies()
    driver.get(base + "/services/cus-jasminowo/apply")
    driver.execute_script("sessionStorage.clear()")
    driver.get(base + "/services/cus-jasminowo/apply")
    driver.find_element(By.NAME, "firstName").send_keys("Draftowa")
    driver.find_element(By.NAME, "pesel").send_keys("44051401359")
    # A new navigation (not a reload, whose form-state restoration is the browser's own).
    driver.get(base + "/services")
    driver.get(base + "/services/cus-jasminowo/apply")
    wait_until(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(0.3)
    problems = []
    if driver.find_element(By.NAME, "firstName").get_attribute("value") != "Draftowa":
        problems.append("the first name typed before the reload is gone")
    if driver.find_element(By.NAME, "pesel").get_attribute("value"):
        problems.append("the PESEL was kept in the browser")
    if "Przywrócono" not in driver.find_element(By.ID, "draft-status").text:
        problems.append("no announcement that the draft was restored")
    driver.execute_script("sessionStorage.clear()")
    return problems


if __name__ == "__main__":
    main()
