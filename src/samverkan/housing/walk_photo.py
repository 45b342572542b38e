"""A finding's photo: checked to be a real JPEG, PNG or WebP by its bytes (Pillow), limited in
size, and re-encoded as a JPEG of at most ``MAX_SIDE`` pixels, which drops every EXIF/GPS
metadata block of the phone's picture."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from samverkan.core.errors import N_, Invalid

MAX_BYTES = 8 * 1024 * 1024
MAX_SIDE = 1600
FORMATS = ("JPEG", "PNG", "WEBP")


def clean_photo(data: bytes) -> bytes:
    """The photo re-encoded without metadata; refuses what is not a picture or too large."""
    if len(data) > MAX_BYTES:
        raise Invalid(
            N_("the photo is larger than %(mb)s MB"), field="photo", mb=MAX_BYTES // 2**20
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            probe.verify()
        if fmt not in FORMATS:
            raise Invalid(N_("the photo must be a JPEG, PNG or WebP picture"), field="photo")
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            upright = ImageOps.exif_transpose(img)
            picture = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise Invalid(N_("the photo must be a JPEG, PNG or WebP picture"), field="photo") from exc
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True)  # no exif= given: none written
    return out.getvalue()
