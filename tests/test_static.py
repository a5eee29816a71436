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
    assert "/static/vendor/bootstrap.min." in page.content.decode() and "cdn" not in page.content.decode().lower()
