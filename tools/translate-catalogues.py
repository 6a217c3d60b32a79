#!/usr/bin/env python3
"""Fill translations/bootbench_ja.ts and bootbench_en.ts after lupdate.

ja: every message gets its Japanese text from JA (or JA_CTX for a context-specific
meaning); a message without one is reported and the script exits 1.
en: every message is marked finished with the source text; numerus messages get an
English singular and plural made from "word(s)".

Run through tools/update-translations.sh (lupdate, then this, then lupdate again to
normalise the XML).
"""
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from ja_strings import JA, JA_CTX

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%(?:\d+|n)")
ACCEL = re.compile(r"&(?!&)(\w)")


def ja_text(ctx, src):
    if (ctx, src) in JA_CTX:
        return JA_CTX[(ctx, src)]
    return JA.get(src)


def check(ctx, src, tr, problems):
    if sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(tr)):
        problems.append(f"{ctx}: placeholders differ: {src!r} -> {tr!r}")
    a, b = ACCEL.findall(src), ACCEL.findall(tr)
    if [x.upper() for x in a] != [x.upper() for x in b]:
        problems.append(f"{ctx}: accelerator differs: {src!r} -> {tr!r}")


def set_translation(msg, forms):
    tr = msg.find("translation")
    if tr is None:
        tr = ET.SubElement(msg, "translation")
    tr.attrib.pop("type", None)
    for child in list(tr):
        tr.remove(child)
    if msg.get("numerus") == "yes":
        tr.text = None
        for f in forms:
            ET.SubElement(tr, "numerusform").text = f
    else:
        tr.text = forms[0]


def english_forms(src):
    one = re.sub(r"(\w+)\(s\)", r"\1", src)
    many = re.sub(r"(\w+)\(s\)", r"\1s", src)
    one = one.replace("known device match.", "known device matches.")
    return [one, many]


def process(path, fill):
    tree = ET.parse(path)
    count = 0
    for ctx in tree.getroot().findall("context"):
        name = ctx.find("name").text
        for msg in ctx.findall("message"):
            tr = msg.find("translation")
            if tr is not None and tr.get("type") in ("obsolete", "vanished"):
                continue
            fill(name, msg)
            count += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return count


def main():
    missing, problems = [], []

    def fill_ja(ctx, msg):
        src = msg.find("source").text or ""
        tr = ja_text(ctx, src)
        if tr is None:
            missing.append((ctx, src))
            return
        check(ctx, src, tr, problems)
        set_translation(msg, [tr])

    def fill_en(ctx, msg):
        src = msg.find("source").text or ""
        if msg.get("numerus") == "yes":
            set_translation(msg, english_forms(src))
        else:
            set_translation(msg, [src])

    n_ja = process(ROOT / "translations/bootbench_ja.ts", fill_ja)
    n_en = process(ROOT / "translations/bootbench_en.ts", fill_en)
    for ctx, src in missing:
        print(f"MISSING ja: {ctx}: {src!r}")
    for p in problems:
        print(f"PROBLEM: {p}")
    print(f"ja: {n_ja - len(missing)} of {n_ja} translated; en: {n_en} finished")
    return 1 if missing or problems else 0


if __name__ == "__main__":
    sys.exit(main())
