"""Deployment checks of our own, run by `thidua check --deploy` beside Django's."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

FONTS = ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf")


@register(Tags.security, deploy=True)
def password_hashing(app_configs, **kwargs):
    if not settings.PASSWORD_HASHERS or "Argon2" not in settings.PASSWORD_HASHERS[0]:
        return [Warning("Passwords should be hashed with Argon2 first.", id="thidua.W001",
                        hint="Put django.contrib.auth.hashers.Argon2PasswordHasher first in PASSWORD_HASHERS.")]
    return []


@register(Tags.security, deploy=True)
def content_security_policy(app_configs, **kwargs):
    directives = getattr(settings, "CONTENT_SECURITY_POLICY", {}).get("DIRECTIVES", {})
    problems = []
    if "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE or "default-src" not in directives:
        problems.append(Error("A Content-Security-Policy with a default-src must be sent.", id="thidua.E001"))
    for name in ("default-src", "script-src"):
        if any(source in ("'unsafe-inline'", "'unsafe-eval'", "*") for source in directives.get(name, [])):
            problems.append(Error(f"{name} must not allow inline or remote scripts.", id="thidua.E002"))
    return problems


@register(deploy=True)
def document_fonts(app_configs, **kwargs):
    missing = [name for name in FONTS if not (Path(settings.THIDUA_FONT_DIR) / name).exists()]
    if missing:
        return [Error(f"Fonts for PDF certificates and minutes are missing: {', '.join(missing)}.", id="thidua.E003",
                      hint="apt-get install fonts-dejavu-core fonts-dejavu-extra, or set THIDUA_FONT_DIR.")]
    return []


@register(deploy=True)
def background_tasks(app_configs, **kwargs):
    if "Immediate" in settings.TASKS["default"]["BACKEND"]:
        return [Warning("Background tasks run inside web requests.", id="thidua.W002",
                        hint="Use django_tasks_db.DatabaseBackend with `thidua db_worker` (as `thidua serve` does).")]
    return []


@register(Tags.security, deploy=True)
def shared_rate_limit_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.rsplit(".", 1)[-1] in ("LocMemCache", "DummyCache"):
        return [Warning("Rate-limit counts are kept per worker process: a client gets the rate once per worker.",
                        id="thidua.W003",
                        hint="Leave CACHE_URL unset (a database table made by migrate) or name a shared cache.")]
    return []
