"""Small sfnt (TrueType) writers for the font tests, independent of ``fontfind``'s own reader."""

from __future__ import annotations

import struct

from ita_desktop.pdf import fontfind


def tables_of(data: bytes) -> dict[str, tuple[int, int, int]]:
    """tag → (directory entry position, offset, length) of a single sfnt."""
    num = struct.unpack_from(">H", data, 4)[0]
    out = {}
    for i in range(num):
        pos = 12 + 16 * i
        tag, _cs, off, length = struct.unpack_from(">4sIII", data, pos)
        out[tag.decode("latin-1")] = (pos, off, length)
    return out


def with_table(data: bytes, tag: str, table: bytes) -> bytes:
    """``data`` with table ``tag`` replaced by ``table`` (appended, directory entry updated)."""
    pos, _off, _len = tables_of(data)[tag]
    out = bytearray(data) + b"\0" * (-len(data) % 4)
    struct.pack_into(">II", out, pos + 8, len(out), len(table))
    return bytes(out + table)


def with_names(data: bytes, names: dict[int, str], *, lang: int = 0x0409) -> bytes:
    """``data`` whose name table holds only ``names`` (name ID → text), Windows Unicode, ``lang``."""
    recs = [(3, 1, lang, nid, text.encode("utf-16-be")) for nid, text in names.items()]
    return with_table(data, "name", fontfind.build_name_table(recs))


def renamed_tags(data: bytes, renames: dict[str, str]) -> bytes:
    out = bytearray(data)
    for old, (pos, _o, _l) in tables_of(data).items():
        if old in renames:
            out[pos:pos + 4] = renames[old].encode("latin-1")
    return bytes(out)


def as_cff(data: bytes) -> bytes:
    """A file that looks like CFF-flavoured OpenType: sfnt version 'OTTO', a 'CFF ' table."""
    return b"OTTO" + renamed_tags(data, {"glyf": "CFF "})[4:]
