"""The search box in a browser: a product's completion, chosen from the list, opens the
product; typing the same name and searching still searches."""

from tests.conftest import demo_records

RECORD = next(r for r in demo_records() if r["status"] == "published"
              and "机器人" in r["texts"].get("zh", {}).get("name", ""))
NAME = RECORD["texts"]["zh"]["name"]


def test_a_chosen_product_completion_opens_the_product(page, live_server):
    page.goto(f"{live_server}/zh-hans/")
    box = page.locator("input[data-suggest-url]")
    box.fill("机器")  # inside the name: completions match within unspaced words
    page.wait_for_function(
        "name => [...document.querySelectorAll('#' + document.querySelector("
        "'input[data-suggest-url]').getAttribute('list') + ' option')]"
        ".some(option => option.value === name)", arg=NAME)
    # What Chromium does when an option of the list is chosen: the text is replaced.
    box.evaluate("(input, name) => { input.value = name; input.dispatchEvent(new InputEvent("
                 "'input', {inputType: 'insertReplacementText'})); }", NAME)
    page.wait_for_url(f"**/products/{RECORD['ref']}")


def test_a_typed_product_name_is_searched(page, live_server):
    page.goto(f"{live_server}/zh-hans/")
    box = page.locator("input[data-suggest-url]")
    box.fill(NAME[:2])
    box.press_sequentially(NAME[2:])
    box.press("Enter")
    page.wait_for_url("**/search?**")
