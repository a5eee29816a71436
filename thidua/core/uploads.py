"""Validation of uploaded evidence and signed scans: size, and the type found in the content (libmagic, then
the container's own structure), which must be the type the name declares."""

import io
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension → the type libmagic must find in the content
MIME_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
SIGNATURES = MIME_TYPES  # the accepted extensions (kept for callers that list them)
# the member an Office/OpenDocument container of that type must hold
CONTAINER_MEMBERS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".odt": "content.xml"}
# markup a browser would run if it ever sniffed the file as a page: refused in any upload
ACTIVE_MARKUP = re.compile(rb"<\s*(script|html|body|iframe|svg|object|embed)[\s>/]|<!doctype\s+html|javascript:", re.I)


def _refuse(extension):
    return ValidationError(_("The file's content does not match its type (%(type)s).") % {"type": extension})


def detected_type(data: bytes) -> str:
    import magic  # libmagic (Debian libmagic1)

    return magic.from_buffer(data[:65536], mime=True)


def _check_container(data: bytes, extension: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _refuse(extension) from exc
    if CONTAINER_MEMBERS[extension] not in names:
        raise _refuse(extension)
    if unpacked > settings.THIDUA_XLSX_MAX_UNCOMPRESSED_BYTES:
        raise ValidationError(_("The document unpacks to more than %(limit)s MB.")
                              % {"limit": settings.THIDUA_XLSX_MAX_UNCOMPRESSED_BYTES // 1048576})
    if extension == ".odt" and ("mimetype" not in names or archive.read("mimetype") != MIME_TYPES[".odt"].encode()):
        raise _refuse(extension)


def _check_image(upload, extension: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            if (image.format or "").lower() not in ({"jpeg"} if extension in (".jpg", ".jpeg") else {"png"}):
                raise _refuse(extension)
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise _refuse(extension) from exc
    finally:
        upload.seek(0)


def validate_upload(upload, extensions=tuple(MIME_TYPES)) -> None:
    """Refuse a file whose extension is not allowed, that is too big, whose content is another type than its
    name says (a zip named .docx, a script behind a JPEG header), or that carries active web markup (a PDF/HTML
    polyglot)."""
    name = (upload.name or "").lower()
    extension = name[name.rfind("."):] if "." in name else ""
    if extension not in extensions or extension not in MIME_TYPES:
        raise ValidationError(_("Files of this type are not accepted; allowed: %(types)s.")
                              % {"types": ", ".join(extensions)})
    limit = settings.THIDUA_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(_("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                              % {"size": round(upload.size / 1048576, 1), "limit": limit // 1048576})
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if detected_type(data) != MIME_TYPES[extension]:
        raise _refuse(extension)
    if extension in CONTAINER_MEMBERS:
        _check_container(data, extension)
    elif ACTIVE_MARKUP.search(data):
        raise _refuse(extension)
    if extension in (".png", ".jpg", ".jpeg"):
        _check_image(upload, extension)


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
