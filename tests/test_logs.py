"""No log holds a working link, a name, an address or plan text."""
import logging
import re

from school_plans import HideLinkTokens


def test_a_password_link_is_never_logged(make_client, world, caplog):
    admin = make_client(world.user("admin"))
    with caplog.at_level("DEBUG"):
        page = admin.post(f"/admin/accounts/{world.user('parent_carer').id}/password-link")
        link = re.search(r'id="password-link" type="text" readonly value="([^"]+)"', page.text).group(1)
        make_client().get(link.replace("http://localhost", ""))
    token = link.rpartition("/")[2]
    assert token and token not in caplog.text
    assert "parent_carer@example.org" not in caplog.text and "Parent Carer" not in caplog.text


def test_the_development_server_logs_link_paths_without_their_token(app, caplog):
    """werkzeug's request log line, as `flask run` writes it (the app filters that logger)."""
    werkzeug = logging.getLogger("werkzeug")
    assert any(isinstance(f, HideLinkTokens) for f in werkzeug.filters)
    with caplog.at_level("INFO", logger="werkzeug"):
        werkzeug.info('%s - - "%s" %s %s', "127.0.0.1", "GET /invitations/S3cr3t-t0ken_x HTTP/1.1", "200", "-")
        werkzeug.info('%s - - "%s" %s %s', "127.0.0.1", "POST /password/An0ther?x=1 HTTP/1.1", "302", "-")
        werkzeug.info('%s - - "%s" %s %s', "127.0.0.1", "GET /children/4 HTTP/1.1", "200", "-")
    assert "S3cr3t" not in caplog.text and "An0ther" not in caplog.text
    assert '"GET /invitations/… HTTP/1.1" 200' in caplog.text and "/password/…?x=1" in caplog.text
    assert "GET /children/4" in caplog.text
