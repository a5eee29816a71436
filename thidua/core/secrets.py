"""The embedded default keeps a random secret in var/ so that nothing secret lives in the code."""

import secrets
from pathlib import Path


def local_secret_key(var_dir: Path, name: str = "secret_key") -> str:
    path = var_dir / name
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
