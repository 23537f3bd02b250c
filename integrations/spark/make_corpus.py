#!/usr/bin/env python3
"""Writes a made-up JSON Lines corpus ({"id","text"} per line) for testing the Spark job.

    make_corpus.py OUTDIR [--documents N] [--files K] [--seed S]

Every text is composed from small built-in lists (names, places, dates, contacts, occupations,
sentence frames), so no real person's data is involved. About 1% of the lines are bad on
purpose: invalid JSON, a missing id, a missing text, an empty text, a blank line, bytes that
are not UTF-8, a CRLF line end. The corpus is
split over K files (part-000.jsonl ...), in id order; the same seed writes the same bytes.
"""
import argparse
import json
import os
import random

SURNAMES = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh"]
GIVEN = ["Mi-jin", "Sung-ho", "Ji-woo", "Eun-hye", "Young-soo", "Hye-won", "Min-jun", "Soo-ah",
         "Dong-hyun", "Ha-eun", "Jae-sung", "Na-rae"]
WESTERN = ["Maria Kowalski", "Daniel Herrera", "Amira Haddad", "Tomas Novak", "Grace Okafor",
           "Lukas Schmidt", "Sofia Rossi", "Omar Farouk", "Elena Petrova", "James Whitaker"]
PLACES = ["Hyesan", "Pyongyang", "Chongjin", "Sinuiju", "Wonsan", "Hamhung", "Kaesong", "Seoul",
          "Busan", "Dandong", "Yanji", "Shenyang", "Kangan-dong, Hyesan", "Ryanggang Province",
          "North Hamgyong Province", "Berlin", "Kyiv", "Istanbul", "Lagos", "Bogota"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
JOBS = ["a market trader", "a factory worker", "a schoolteacher", "a truck driver", "a nurse",
        "a border guard", "a smuggler", "a farmer", "a student", "a retired soldier"]
SOURCES = ["a source in {place}", "a resident of {place}", "a trader who recently left {place}",
           "an official in {place}", "a contact near {place}"]
FRAMES = [
    "{person}, {age}, {job} from {place}, said prices rose again on {date}.",
    "According to {source}, the inspection team arrived on {date}.",
    "{person} can be reached at {phone} or {email}.",
    "The meeting in {place} on {date} was attended by {person} and {person2}.",
    "{source} told us that {job} was detained last week.",
    "Rice cost 6,200 won per kilogram in {place} markets this month.",
    "{person} ({age}) moved to {place} in {year} and works as {job}.",
    "Call {phone} before {date} to reach the office in {place}.",
    "The ministry announced new rules on {date}; {person} declined to comment.",
    "Residents of {place} said the power cuts lasted most of the winter.",
    "{source} sent photographs by messenger from {email}.",
    "No names were given.",
]


def person(rng):
    if rng.random() < 0.6:
        return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
    return rng.choice(WESTERN)


def date(rng):
    d, m, y = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2015, 2025)
    return rng.choice([f"{d} {m} {y}", f"{m} {d}, {y}", f"{y}-{MONTHS.index(m) + 1:02d}-{d:02d}"])


def phone(rng):
    return rng.choice([f"+82 10 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                       f"+86 139 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                       f"010-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"])


def email(rng):
    return f"{rng.choice(SURNAMES).lower()}.{rng.randint(10, 99)}@example.org"


def sentence(rng):
    place = rng.choice(PLACES)
    return rng.choice(FRAMES).format(
        person=person(rng), person2=person(rng), age=rng.randint(19, 78), job=rng.choice(JOBS),
        place=place, date=date(rng), year=rng.randint(2000, 2024), phone=phone(rng), email=email(rng),
        source=rng.choice(SOURCES).format(place=place))


def text(rng):
    paragraphs = []
    for _ in range(rng.randint(1, 3)):
        paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(1, 5))))
    return "\n\n".join(paragraphs)


def lines(n, rng):
    for i in range(n):
        doc_id = f"doc-{i:06d}"
        r = rng.random()
        if r < 0.003:
            yield '{"id": "' + doc_id + '", "text": "unterminated'          # invalid JSON
        elif r < 0.005:
            yield json.dumps({"text": text(rng)})                            # missing id
        elif r < 0.007:
            yield json.dumps({"id": doc_id, "text": ""})                     # empty text
        elif r < 0.008:
            yield json.dumps({"id": doc_id})                                 # missing text
        elif r < 0.009:
            yield ""                                                         # blank line
        elif r < 0.0095:                                                     # not UTF-8
            yield b'{"id": "' + doc_id.encode() + b'", "text": "Kim Mi-jin \xff\xfe in Hyesan"}'
        elif r < 0.010:                                                      # CRLF line end
            yield json.dumps({"id": doc_id, "text": text(rng)}) + "\r"
        elif r < 0.02:
            yield json.dumps({"id": i, "text": text(rng)}, ensure_ascii=False)  # numeric id
        else:
            yield json.dumps({"id": doc_id, "text": text(rng)}, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--documents", type=int, default=12000)
    ap.add_argument("--files", type=int, default=3)
    ap.add_argument("--seed", type=int, default=14)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    rng = random.Random(a.seed)
    per_file = -(-a.documents // a.files)
    out = None
    for i, line in enumerate(lines(a.documents, rng)):
        if i % per_file == 0:
            if out:
                out.close()
            out = open(os.path.join(a.outdir, f"part-{i // per_file:03d}.jsonl"), "wb")
        out.write((line if isinstance(line, bytes) else line.encode("utf-8")) + b"\n")
    if out:
        out.close()


if __name__ == "__main__":
    main()
