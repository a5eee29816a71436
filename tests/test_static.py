"""What `make run` serves: collectstatic gathers the vendored assets and pages render with the manifest."""

from django.core.management import call_command


def test_collected_static_files_serve_the_pages(settings, tmp_path, client, db):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "vendor" / "bootstrap.min.css").exists() and (tmp_path / "thidua" / "thidua.css").exists()
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert "/static/vendor/bootstrap.min." in page.content.decode() and "//cdn" not in page.content.decode().lower()


def test_favicon_is_served_without_signing_in(client, db):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("thidua/favicon.ico")
    with open(finders.find("thidua/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # the ICO signature
    assert 'rel="icon"' in client.get("/accounts/login/").content.decode()
