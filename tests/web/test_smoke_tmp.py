def test_it_renders(world):
    c = world.personas["samordnare"].client
    r = c.get("/")
    assert r.status_code == 200, r.text
    assert "Skäggetorp" in r.text
    for path in ["/stadsdelar", f"/stadsdelar/{world.ids['skaggetorp']}", "/admin", "/admin/organisationer",
                 f"/admin/organisationer/{world.ids['kommun_org']}", "/admin/anvandare", "/admin/grupper",
                 f"/admin/grupper/{world.ids['est_group']}", f"/admin/grupper/{world.ids['est_group']}/omraden",
                 "/admin/logg", "/konto", f"/admin/anvandare/{world.ids['samordnare_user']}"]:
        r = c.get(path)
        assert r.status_code == 200, (path, r.text[-2000:])
