"""The page walk's reading of a page (tests/browsing.py): which links it follows, when two people's pages are the same
page, and that one walk of a run takes each page."""

from concurrent.futures import ThreadPoolExecutor

from browsing import first_to_check, links_of, page_identity

PAGE = """<!doctype html><html><body hx-headers='{{"X-CSRFToken": "{token}"}}'>
<header class="site"><nav><a href="/">Chương trình</a><a class="who" href="/tai-khoan/">{person}</a></nav></header>
<main><h1>Chỉ tiêu 2</h1><a href="/chi-tieu/2/?nam=2025">Năm 2025</a><a>no target</a>
<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{token}">{body}</form></main>
<footer class="site">ansinh</footer></body></html>"""


def test_the_links_are_every_anchor_with_a_target_in_the_order_written():
    page = PAGE.format(token="t", person="A", body="")
    assert links_of(page) == ["/", "/tai-khoan/", "/chi-tieu/2/?nam=2025"]


def test_two_people_see_the_same_page_when_only_their_header_and_the_form_tokens_differ():
    thuongtruc = PAGE.format(token="abc", person="Nguyễn Thị Thường Trực", body="")
    phuong = PAGE.format(token="xyz", person="Phạm Văn Phường", body="")
    assert page_identity("indicator_detail", thuongtruc) == page_identity("indicator_detail", phuong)


def test_a_word_below_the_header_or_another_pattern_makes_another_page():
    page = PAGE.format(token="abc", person="A", body="")
    assert page_identity("indicator_detail", page) != page_identity(
        "indicator_detail", PAGE.format(token="abc", person="A", body="<button>Duyệt</button>")
    )
    assert page_identity("indicator_detail", page) != page_identity("indicator_history", page)


def test_one_walk_of_the_run_takes_each_page_even_when_they_ask_at_once(tmp_path):
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: first_to_check(tmp_path, "a" * 64), range(32)))
    assert answers.count(True) == 1
    assert first_to_check(tmp_path, "b" * 64) is True
