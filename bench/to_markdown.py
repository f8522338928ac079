#!/usr/bin/env python3
"""A data set (JSON) -> Markdown for pandoc: the concept note and the
programme, the same text meetdoc lays out, for the office-suite route of the
benchmark (pandoc -> DOCX -> LibreOffice -> PDF).

usage: to_markdown.py DATASET OUTDIR   (writes concept-note.md, programme.md)
"""
import json
import sys
from pathlib import Path


def load(d, name):
    return json.loads((d / name).read_text(encoding="utf-8"))


def minutes(hhmm):
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def main():
    d, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    meeting = load(d, "meeting.json")
    bg, obj = load(d, "background.json"), load(d, "objectives.json")
    wp, part = load(d, "workplan.json"), load(d, "participants.json")
    notes = load(d, "footnotes.json")["notes"]
    prog = load(d, "programme.json")

    head = [
        f"**{meeting['document_kind']}**",
        "",
        f"# {meeting['title']}",
        "",
        f"{meeting['date']}, {meeting['venue']}, {meeting['city']}, {meeting['country']}",
        "",
    ]
    cn = list(head)
    n = 0

    def section(title):
        nonlocal n
        n += 1
        cn.extend([f"## {n}. {title}", ""])

    section(bg["heading"])
    for p in bg["paragraphs"]:
        cn.extend([p, ""])
    section(obj["heading"])
    for p in obj["paragraphs"]:
        cn.extend([p, ""])
    cn.extend([obj["specific_intro"], ""])
    cn.extend([f"- {s}" for s in obj["specific"]] + [""])
    for p in wp["paragraphs"]:
        cn.extend([p, ""])
    outs = wp["outputs"]
    roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
    items = [f"({roman[i] if i < len(roman) else i + 1}) {o}" for i, o in enumerate(outs)]
    joined = "; ".join(items[:-1]) + ("; and " if len(items) > 1 else "") + items[-1] + "."
    cn.extend([f"{wp['outputs_intro']} {joined}", ""])
    section(part["heading"])
    cn.extend([part["intro"], ""])
    cn.extend([f"- {c}" for c in part["categories"]] + [""])
    for p in part.get("closing", []):
        cn.extend([p, ""])
    for k, v in notes.items():
        cn.extend([f"[^{k}]: {v}", ""])
    (out / "concept-note.md").write_text("\n".join(cn), encoding="utf-8")

    pr = list(head) + [f"## {prog['heading']}", ""]
    for i, day in enumerate(prog["days"], 1):
        if len(prog["days"]) > 1:
            pr.extend([f"### Day {i}: {day['date']}", ""])
        pr.extend(["| Time | Sessions |", "|---|---|"])
        for it in day["items"]:
            cell = f"**{it['title']}**" if it["kind"] == "session" else it["title"]
            for p in it.get("description", []):
                cell += "<br>" + p
            for s in it.get("speakers", []):
                who = s["name"] + (", " + s["affiliation"] if s.get("affiliation") else "")
                who += f" ({s['capacity']})" if s.get("capacity") else ""
                cell += "<br>" + who
            for p in it.get("parts", []):
                cell += f"<br>- {p['title']} ({p['minutes']} mins)"
                if p.get("list"):
                    cell += ": " + ", ".join(p["list"])
            time = f"{it['start']}-{it['end']}"
            if it["kind"] == "session":
                time += f" ({minutes(it['end']) - minutes(it['start'])} mins)"
            pr.append(f"| {time} | {cell.replace('|', '/')} |")
        pr.append("")
    (out / "programme.md").write_text("\n".join(pr), encoding="utf-8")


if __name__ == "__main__":
    main()
