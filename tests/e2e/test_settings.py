"""The organisation's settings in the browser: the admin asks for two approvals, and a
reviewer's approval then leaves a revision waiting for a second one."""

from playwright.sync_api import Page, expect

from tests.e2e.conftest import OpenAs, Screens, check_axe


def _choose(admin: Page, approvals: int) -> None:
    admin.goto("/settings")
    admin.locator(f"input[name=required_approvals][value='{approvals}']").check()
    admin.locator('form[action="/settings"] button[type="submit"]').click()
    expect(admin.locator("main [role=status]")).to_be_visible()


def test_admin_sets_the_number_of_approvals(open_as: OpenAs, shot: Screens) -> None:
    admin = open_as("admin")
    admin.locator('a[href="/settings"]').click()
    expect(admin.locator("h1")).to_be_visible()
    check_axe(admin)
    shot(admin, "settings")
    try:
        _choose(admin, 2)
        expect(admin.locator("input[name=required_approvals][value='2']")).to_be_checked()
        check_axe(admin)
        shot(admin, "settings-saved")
        # Everyone else may not even see the page.
        reviewer = open_as("reviewer")
        expect(reviewer.locator('a[href="/settings"]')).to_have_count(0)
        response = reviewer.goto("/settings")
        assert response is not None and response.status == 403
    finally:
        # The live server is shared by every browser test: leave the demo as it was.
        _choose(admin, 1)
    expect(admin.locator("input[name=required_approvals][value='1']")).to_be_checked()
