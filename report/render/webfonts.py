"""Web fonts: the shipped TrueType fonts cut to the characters a page can show and packed as
WOFF2 (fontTools + brotli), so a page loads some tens of KB of fonts instead of 1.5 MB. The
PDF and the chart SVGs keep using the whole TrueType files."""

from __future__ import annotations

import io
from pathlib import Path

from .cache import Cache

FONTS = Path(__file__).parent / "assets" / "fonts"

# Latin (Norwegian, Sami and English text, names: Basic Latin, Latin-1, Latin Extended-A),
# punctuation (dashes, quotes, dagger, bullet, ellipsis, per mille, primes), the euro sign, and
# the few symbols tables and charts use: arrows, minus, less/greater or equal, approximately,
# not equal, infinity, check marks, the geometric shapes of markers (squares, triangles,
# diamonds, circles). A whole block of symbols would double the fonts' size.
UNICODES = [
    *range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2028), 0x2030, 0x2032, 0x2033,
    0x2039, 0x203A, 0x2044, 0x20AC, 0x2122, *range(0x2190, 0x2195), 0x2212, 0x2248, 0x2260,
    0x2264, 0x2265, 0x221E, 0x2713, 0x2717, 0x25A0, 0x25A1, 0x25B2, 0x25B3, 0x25BC, 0x25BD,
    0x25C6, 0x25C7, 0x25CB, 0x25CF, 0xFFFD,
]


def woff2_name(ttf: str) -> str:
    return Path(ttf).with_suffix(".woff2").name


def subset_woff2(ttf: bytes) -> bytes:
    """TTF cut to UNICODES (with its kerning and ligatures), as WOFF2."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(ttf), recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "calt", "ccmp", "locl", "mark", "mkmk"]
    options.name_IDs = ["*"]  # keep the names and the licence notice
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: not needed, not subsettable
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def web_fonts(cache: Cache, made: dict | None = None) -> dict[str, bytes]:
    """`assets/fonts/<name>.woff2` for every shipped TrueType font, and the licence. MADE:
    per font file name, a function giving its WOFF2 made elsewhere (or None)."""

    files = {}
    made = made or {}
    for font in sorted(FONTS.iterdir()):
        if font.suffix == ".ttf":
            data = font.read_bytes()
            key = _key(cache, data)
            hit = cache.get_bytes("assets", key)
            if hit is None:
                hit = made[font.name]() if font.name in made else None
                hit = hit if hit is not None else subset_woff2(data)
                cache.put_bytes("assets", key, hit)
            files[f"assets/fonts/{woff2_name(font.name)}"] = hit
        elif font.suffix == ".txt":
            files[f"assets/fonts/{font.name}"] = font.read_bytes()
    return files


def _key(cache: Cache, data: bytes) -> str:
    from fontTools import version

    return cache.key("woff2", version, str(UNICODES), data)


def missing(cache: Cache) -> dict[str, bytes]:
    """The shipped TrueType fonts (name: data) whose WOFF2 the cache lacks."""
    fonts = {f.name: f.read_bytes() for f in sorted(FONTS.iterdir()) if f.suffix == ".ttf"}
    return {name: data for name, data in fonts.items()
            if cache.get_bytes("assets", _key(cache, data)) is None}

