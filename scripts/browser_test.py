#!/usr/bin/env python3
"""Drives the office's pages in headless chromium (scripts/browser-test starts the server).

As a clerk: log in, read the H1 2017 report (the seed's document sentence), register an incoming
document, get a Vietnamese field error, issue a decision. As a leader: give a directive and
complete it, read its timeline and the directives list. As an inspector: verify. As an admin:
the accounts. A screenshot of every page; any console error (a script, a style, a resource the
CSP refused) fails the run.
"""
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

base, shots = sys.argv[1], sys.argv[2]
failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what)
    if not condition:
        failures.append(what)


options = webdriver.ChromeOptions()
options.add_argument("--headless=new")
options.add_argument("--no-sandbox")
options.add_argument("--disable-dev-shm-usage")
options.add_argument("--window-size=1280,1000")
options.add_argument("--lang=vi")
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.implicitly_wait(5)


def console_errors(where, expected=()):
    """Fails on every console error but those named in `expected` (the status a page is meant to answer with)."""
    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE" and not any(e in entry.get("message", "") for e in expected):
            failures.append(f"console error on {where}: {entry.get('message')}")
            print(f"FAIL  console error on {where}: {entry.get('message')}")


def shot(name, expected=()):
    # The whole page, not only the window: widen the window to the page's height first.
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height + 40, 600), 6000))
    driver.save_screenshot(f"{shots}/{name}.png")
    driver.set_window_size(1280, 1000)
    console_errors(name, expected)


def click(by, value):
    """Clicks and waits for the next page: a form's answer, or a link's page."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(by, value).click()
    WebDriverWait(driver, 10).until(lambda _: gone(page))


def gone(element):
    """The page an element belonged to has been replaced. Chromium answers a stale element either
    as selenium's StaleElementReferenceException or as "Node … does not belong to the document"."""
    try:
        element.is_enabled()
        return False
    except WebDriverException:  # StaleElementReferenceException is one
        return True


def go(path):
    driver.get(base + path)


def text():
    return driver.find_element(By.TAG_NAME, "body").text


def fill(values):
    for key, value in values.items():
        element = driver.find_element(By.ID, "f-" + key)
        element.clear()
        element.send_keys(value)


def login(user, password):
    go("/login")
    driver.find_element(By.ID, "user").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(password)
    click(By.ID, "login")
    check(driver.find_element(By.ID, "user").text == user, f"{user} is logged in (header)")


def logout():
    click(By.ID, "logout")
    check(driver.current_url.startswith(base + "/login"), "logout goes back to the login page")


try:
    go("/?period=2017-H1")
    check("/login" in driver.current_url, "a page without a login goes to the login page")
    shot("login")

    # The clerk.
    login("vanthu.nguyen", "van-thu-mat-khau-1")
    go("/?period=2017-H1")
    sentence = driver.find_element(By.ID, "documents-sentence").text
    check(sentence.startswith("Tiếp nhận 11.064 văn bản; xử lý và ban hành 7.522 văn bản, trong đó: 22 văn bản quy phạm pháp luật, "
                              "1.384 quyết định và chỉ thị cá biệt, 100 kế hoạch, 185 tờ trình"), "the report's document sentence: " + sentence)
    check("đạt" in text() and "%" in text(), "the programme sentence with its percentages")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg.chart")) == 3, "three SVG charts")
    shot("report")

    go("/forms/receive")
    shot("form-receive")
    fill({"received_on": "2017-06-30", "sender": "Sở Tài nguyên và Môi trường", "number_symbol": "512/BC-STNMT",
          "doc_type": "BC", "subject": "Báo cáo kết quả kiểm tra đất đai ven biển"})
    click(By.ID, "save")
    saved = driver.find_element(By.ID, "saved").text
    check(saved == "Đã vào sổ văn bản đến, số đến 11065/2017.", "the arrival number after saving: " + saved)
    check("Báo cáo kết quả kiểm tra đất đai ven biển" in text(), "the new incoming document's record shows its subject")
    shot("received")
    go("/registers/incoming?from=2017-06-30&to=2017-06-30&q=dat+dai+ven+bien")
    rows = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#register tbody tr")]
    check(len(rows) == 1 and "11065" in rows[0] and "512/BC-STNMT" in rows[0] and "đất đai ven biển" in rows[0],
          "the new row in the incoming register, found without diacritics: " + repr(rows))
    shot("register-incoming-search")
    go("/registers/incoming?from=2017-01-01&to=2017-06-30")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#register tbody tr")) == 100, "the incoming register's first page: 100 rows")
    click(By.ID, "next")
    first_row = driver.find_element(By.CSS_SELECTOR, "#register tbody tr").text
    check(" 101 " in f" {first_row} ", "the second page starts at arrival number 101: " + first_row)
    shot("register-incoming")

    go("/forms/issue")
    fill({"issued_on": "2017-06-30", "doc_type": "QDD", "subject": "Phê duyệt Đề án phát triển du lịch Phú Quốc", "signer": "Mai Anh Nhịn"})
    click(By.ID, "save")
    error = driver.find_element(By.ID, "e-doc_type").text
    check(error.startswith("Mã loại văn bản không có trong danh mục của Nghị định 30"), "a Vietnamese field error beside the field: " + error)
    check(driver.find_element(By.ID, "f-subject").get_attribute("value") == "Phê duyệt Đề án phát triển du lịch Phú Quốc", "what was typed is kept")
    # The refused form answers 422, which chromium reports on its console: that one is expected.
    shot("form-error", expected=["/forms/issue - Failed to load resource: the server responded with a status of 422"])
    fill({"doc_type": "QĐ"})
    click(By.ID, "save")
    saved = driver.find_element(By.ID, "saved").text
    check(saved.startswith("Đã ban hành văn bản số ") and saved.endswith("/QĐ-UBND."), "the decision's number symbol: " + saved)
    shot("issued")
    go("/registers/outgoing?from=2017-06-30&to=2017-06-30&type=QĐ")
    check("1385/QĐ-UBND" in text() and "Phê duyệt Đề án phát triển du lịch Phú Quốc" in text(), "the decision in the outgoing register")
    shot("register-outgoing")
    # The back button and "send again": the same form, with the same event id, posted a second time.
    go("/forms/issue")
    first = driver.find_element(By.NAME, "event_id").get_attribute("value")
    fill({"issued_on": "2017-06-30", "doc_type": "KH", "subject": "Kế hoạch kiểm tra công tác văn thư"})
    click(By.ID, "save")
    saved = driver.find_element(By.ID, "saved").text
    go("/forms/issue")
    fill({"issued_on": "2017-06-30", "doc_type": "KH", "subject": "Kế hoạch kiểm tra công tác văn thư"})
    driver.execute_script("document.getElementsByName('event_id')[0].value = arguments[0]", first)
    click(By.ID, "save")
    check("đã được ghi trước đó" in text(), "the same form sent again is not recorded twice (" + saved + ")")
    shot("duplicate")

    go("/accounts")
    check("Không có quyền" in text() and "Quản trị" in text(), "the 403 page says which role is needed")
    shot("forbidden", expected=["/accounts - Failed to load resource: the server responded with a status of 403"])
    logout()

    # The leader.
    login("lanhdao.le", "lanh-dao-mat-khau-1")
    go("/forms/directive")
    fill({"directive_id": "BT-2017-01", "issued_on": "2017-06-30", "lead_unit": "Sở Tài nguyên và Môi trường",
          "content": "Kiểm tra, xử lý vi phạm đất đai ven biển", "deadline": "2017-07-20", "source_document": "619/CT-UBND"})
    click(By.ID, "save")
    check("/directives/BT-2017-01" in driver.current_url, "giving a directive leads to its page")
    click(By.CSS_SELECTOR, "p.actions a[href^='/forms/directive-complete']")
    check(driver.find_element(By.ID, "f-directive_id").get_attribute("value") == "BT-2017-01", "the form knows the directive")
    fill({"completed_on": "2017-07-10"})
    click(By.ID, "save")
    items = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#timeline > li")]
    check(len(items) == 2 and "Giao ý kiến chỉ đạo" in items[0] and "Hoàn thành" in items[1] and "lanhdao.le" in items[1],
          "the directive's timeline: given, then completed, by the leader")
    check(len(driver.find_elements(By.LINK_TEXT, "619/CT-UBND")) == 1, "the source document is a link")
    shot("directive")
    go("/directives?period=2017-H1&as_at=2017-06-30")
    check("BT-2017-01" in text() and "CT619-2017-02" in text(), "the directives list")
    overdue = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#directive-list tr.overdue")]
    check(len(overdue) == 1 and overdue[0].startswith("CĐ5-2017-01") and "Quá hạn" in overdue[0],
          "the one directive overdue at 30/06/2017 is highlighted: " + repr(overdue))
    shot("directives")
    # A rule's refusal, in Vietnamese beside its field: the directive is already completed.
    go("/forms/directive-complete?directive_id=BT-2017-01")
    fill({"completed_on": "2017-07-11"})
    click(By.ID, "save")
    error = driver.find_element(By.ID, "e-directive_id").text
    check(error == "Ý kiến chỉ đạo này đã hoàn thành (10/07/2017): không ghi tiếp được.", "a rule's refusal in Vietnamese: " + error)
    shot("form-rule-error", expected=["/forms/directive-complete - Failed to load resource: the server responded with a status of 422"])
    # The incoming document the clerk registered, routed from its register row.
    go("/registers/incoming?from=2017-06-30&to=2017-06-30&q=dat+dai+ven+bien")
    click(By.LINK_TEXT, "Phân phối")
    check(driver.find_element(By.ID, "f-arrival_no").get_attribute("value") == "11065", "the assignment form knows the document")
    fill({"assigned_on": "2017-06-30", "lead_unit": "Sở Tài nguyên và Môi trường", "deadline": "2017-07-15"})
    click(By.ID, "save")
    saved = driver.find_element(By.ID, "saved").text
    check(saved == "Đã ghi phân phối văn bản đến, số đến 11065/2017.", "the incoming document assigned: " + saved)
    shot("incoming-assigned")
    logout()

    # The inspector.
    login("thanhtra.pham", "thanh-tra-mat-khau-1")
    go("/verify")
    digest = driver.find_element(By.ID, "digest-now").get_attribute("value")
    driver.find_element(By.ID, "f-digest").send_keys(digest)
    click(By.ID, "verify")
    check("Sổ toàn vẹn" in driver.find_element(By.ID, "verify-result").text, "verify: the ledger is intact, digest " + digest)
    shot("verify")
    logout()

    # The admin.
    login("quantri.dang", "quan-tri-mat-khau-1")
    go("/accounts")
    check("vanthu.nguyen" in text() and "Văn thư" in text(), "the accounts and their roles")
    shot("accounts")
    logout()
finally:
    driver.quit()

if failures:
    print(f"\n{len(failures)} failure(s):")
    for failure in failures:
        print("  - " + failure)
    sys.exit(1)
