"""Validation of uploaded evidence and signed scans: type by content, not by name alone, and size."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension → accepted leading bytes
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def validate_upload(upload, extensions=tuple(SIGNATURES)) -> None:
    """Refuse a file whose extension is not allowed, whose content does not match it, or that is too big."""
    name = (upload.name or "").lower()
    extension = name[name.rfind("."):] if "." in name else ""
    if extension not in extensions:
        raise ValidationError(_("Files of this type are not accepted; allowed: %(types)s.")
                              % {"types": ", ".join(extensions)})
    limit = settings.THIDUA_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(_("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                              % {"size": round(upload.size / 1048576, 1), "limit": limit // 1048576})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        raise ValidationError(_("The file's content does not match its type (%(type)s).") % {"type": extension})


IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")
IMAGE_MAX_PIXELS = 40_000_000


def validate_image(upload) -> None:
    """A photo: an allowed image type whose content really decodes as that image, of bounded size."""
    from PIL import Image, UnidentifiedImageError

    validate_upload(upload, IMAGE_EXTENSIONS)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise ValidationError(_("The picture is too large (%(w)s × %(h)s pixels).")
                                      % {"w": image.width, "h": image.height})
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ValidationError(_("The file is not a readable picture.")) from exc
    finally:
        upload.seek(0)
