#!/usr/bin/env python3
"""Write a synthetic presskit catalogue for the scale benchmark.

Usage:
    .ci/generate-catalogue.py OUT_DIR [--events 2000] [--stories-per-event 10]
                                      [--assets-per-story 10] [--events-per-folder 100] [--seed 1]

Writes one YAML file per event under OUT_DIR, in subfolders of --events-per-folder files
(OUT_DIR/2020-01/, OUT_DIR/2020-02/, ...). The defaults give the benchmark's catalogue:
2,000 events, 20,000 stories, 200,000 assets (20 folders of 100 files, about 100 MB).

Totals are exact: every event has --stories-per-event stories and
--stories-per-event x --assets-per-story assets. In one event of four, two of those assets are
event-wide (top-level `assets:`) and are taken from the last story's share, so the listing query's
"event-wide assets first" branch is exercised too.

The output is deterministic: the same arguments give byte-identical files. It uses the Python
standard library only. Strings are written with json.dumps (YAML accepts JSON strings), dates and
date-times as plain scalars, as in Catalog/README.md. The files follow the rules of
Catalog/README.md and pass `presskit validate OUT_DIR`: every event, story and asset id (written or
derived) is unique, and no URL repeats within a story (or the event-wide list) for the same kind.

The generator checks id uniqueness itself, including derived asset ids
(`<owner>-<kind>-<first 8 hex digits of FNV-1a 64 of the URL>`), and stops with an error otherwise.
"""

import argparse
import datetime
import json
import os
import random
import sys

EVENT_TYPES = ["visit", "exercise", "summit", "meeting", "statement", "conference", "briefing", "other"]
KINDS = ["b-roll", "soundbite", "video", "transcript", "photo", "audio", "document", "webstory"]
BROADCAST_KINDS = {"b-roll", "soundbite", "video", "audio"}
CONTENT_TYPES = {
    "b-roll": ["video/mp4"],
    "soundbite": ["video/mp4", "audio/mpeg"],
    "video": ["video/mp4", "video/quicktime"],
    "transcript": [None, None, "application/pdf"],      # mostly HTML pages: no content_type
    "photo": ["image/jpeg", "image/jpeg", None],        # None: a gallery page
    "audio": ["audio/mpeg", "audio/wav"],
    "document": ["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    "webstory": [None],
}
EXTENSIONS = {
    "video/mp4": "mp4", "video/quicktime": "mov", "audio/mpeg": "mp3", "audio/wav": "wav",
    "image/jpeg": "jpg", "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx", None: "htm",
}
LANGUAGES = ["en", "en", "en", "fr", "fr", "de", "it", "es", "pl", "uk", "sr-Latn", "pt-BR", "tr", "nl"]
CITIES = ["Brussels", "Mons", "Norfolk", "Naples", "Brunssum", "Vilnius", "Rīga", "Tallinn", "Warsaw",
          "Bucharest", "Sofia", "Skopje", "Priština", "Sarajevo", "Belgrade", "Podgorica", "Tirana",
          "Ankara", "İzmir", "Athens", "Rome", "Madrid", "Lisbon", "Paris", "Berlin", "Zürich", "Oslo",
          "Copenhagen", "Stockholm", "Helsinki", "Reykjavík", "Ottawa", "Washington, D.C.", "London",
          "The Hague", "Luxembourg", "Prague", "Bratislava", "Budapest", "Ljubljana", "Zagreb"]
COUNTRIES = ["Belgium", "Poland", "Romania", "Lithuania", "Latvia", "Estonia", "Norway", "Türkiye",
             "Hungary", "Germany", "Italy", "Spain", "Canada", "United States", "North Macedonia",
             "Montenegro", "Bosnia and Herzegovina", "Kosovo", "Serbia", "Finland", "Sweden"]
TOPICS = ["air defence", "maritime security", "cyber defence", "climate and security", "deterrence",
          "partnerships", "innovation", "logistics", "civil preparedness", "space", "energy security",
          "counter-terrorism", "arms control", "military mobility", "women, peace and security"]
ADJECTIVES = ["Steadfast", "Adaptive", "Dynamic", "Brilliant", "Cold", "Trident", "Noble", "Swift",
              "Iron", "Baltic", "Northern", "Southern", "Resolute", "Vigilant", "Loyal"]
NOUNS = ["Defender", "Hussars", "Mongoose", "Jackal", "Response", "Wolf", "Shield", "Falcon", "Arrow",
         "Sentry", "Juncture", "Mariner", "Dragon", "Lynx", "Horizon"]
PEOPLE = ["Secretary General", "Deputy Secretary General", "Spokesperson", "Chair of the Military Committee",
          "Supreme Allied Commander Europe", "Prime Minister", "Minister of Defence", "Foreign Minister",
          "President", "Chief of Defence", "Battlegroup commander", "Exercise director",
          "Anna Kowalczyk", "Jean-Luc Moreau", "Ingrid Sørensen", "Mehmet Yılmaz", "Ana Popescu",
          "Jānis Bērziņš", "Kristiina Tamm", "Luca Bianchi", "Sofía García", "Mark O'Connor"]
ROLES = ["Press enquiries", "Broadcast desk", "Media operations", "Photo desk", "Spokesperson's office"]
SHOTS = ["Wide shot of the venue", "Arrival of the delegation", "Handshake at the entrance",
         "Bilateral meeting, cutaways", "Press conference, wide", "Press conference, close-up",
         "Troops boarding vehicles", "Aircraft taking off", "Ships leaving port", "Flags outside the building",
         "Family photo", "Soldiers on patrol", "Engineers building a bridge", "Helicopter landing",
         "Interview set-up", "Closing remarks"]
RIGHTS = ["Free for objective editorial use with credit; no advertising or parody. "
          "See https://example.org/multi/conditions.htm",
          "Free for editorial use with credit.",
          "Editorial use only; not for resale: contact the photo desk."]
CREDITS = ["NATO", "NATO", "NATO", "Allied Command Operations", "Allied Command Transformation",
           "JFC Naples", "MARCOM", "AIRCOM", "Host nation"]
ZONES = ["Z", "+01:00", "+02:00", "+03:00", "-05:00", "+00:00"]
WORDS = ("allies partners meeting discussed support security defence cooperation region forces "
         "training exercise readiness capabilities deployment commitment unity resilience "
         "modernisation investment industry dialogue stability interoperability command "
         "multinational battlegroup headquarters airspace maritime cyber innovation").split()


def fnv1a64(text):
    value = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        value ^= byte
        value = (value * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


def derived_asset_id(owner, kind, url):
    return "%s-%s-%s" % (owner, kind, ("%016x" % fnv1a64(url))[:8])


def q(text):
    """A YAML scalar for a string: a JSON string is a valid YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def slugify(text):
    out, sep = [], False
    for ch in text.lower():
        if "a" <= ch <= "z" or "0" <= ch <= "9":
            out.append(ch)
            sep = False
        elif not sep and out:
            out.append("-")
            sep = True
    return "".join(out).strip("-")


class Generator:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.ids = set()
        self.counts = {"events": 0, "stories": 0, "assets": 0, "files": 0, "bytes": 0}

    def claim(self, identifier, where):
        if identifier in self.ids:
            sys.exit("generate-catalogue: duplicate id %s (%s)" % (identifier, where))
        if len(identifier) > 120:
            sys.exit("generate-catalogue: id longer than 120 characters: %s" % identifier)
        self.ids.add(identifier)

    def sentence(self, low, high):
        r = self.rng
        words = [r.choice(WORDS) for _ in range(r.randint(low, high))]
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self, sentences):
        r = self.rng
        parts = [self.sentence(8, 18) for _ in range(sentences)]
        if r.random() < 0.3:  # a quotation with characters that need escaping in YAML
            parts.append('"We stand together: today and tomorrow," said the %s.' % r.choice(PEOPLE[:12]))  # titles, not names
        return " ".join(parts)

    def timestamp(self, day):
        r = self.rng
        return "%sT%02d:%02d:00%s" % (day.isoformat(), r.randint(7, 20), r.choice([0, 15, 30, 45]), r.choice(ZONES))

    def timecode(self, seconds):
        return "%02d:%02d:%02d" % (seconds // 3600, seconds // 60 % 60, seconds % 60)

    # -- writers: each returns a list of lines ------------------------------------------------

    def asset_lines(self, indent, owner, kind, index, day, path_base, seen_urls):
        r = self.rng
        pad = " " * indent
        content_type = r.choice(CONTENT_TYPES[kind])
        ext = EXTENSIONS[content_type]
        url = "https://example.org/%s/%s-%02d.%s" % (path_base, kind, index, ext)
        if kind == "webstory" or (kind == "photo" and content_type is None):
            url = "https://example.org/%s/%s-%02d.htm" % (path_base.replace("media/", "news/", 1), kind, index)
        key = (kind, url)
        if key in seen_urls:
            sys.exit("generate-catalogue: URL repeated for kind %s in %s: %s" % (kind, owner, url))
        seen_urls.add(key)
        explicit = r.random() < 0.4
        asset_id = "%s-a%02d" % (owner, index) if explicit else derived_asset_id(owner, kind, url)
        self.claim(asset_id, owner)
        title_subject = r.choice(TOPICS)
        lines = []
        if explicit:
            lines.append("%s- id: %s" % (pad, asset_id))
            lines.append("%s  kind: %s" % (pad, kind))
        else:
            lines.append("%s- kind: %s" % (pad, kind))
        pad += "  "
        title = "%s: %s (%s)" % (kind.replace("-", " ").capitalize(), title_subject, r.choice(CITIES))
        lines.append("%stitle: %s" % (pad, q(title)))
        lines.append("%surl: %s" % (pad, q(url)))
        if r.random() < 0.9:
            lines.append("%slanguage: %s" % (pad, q(r.choice(LANGUAGES))))
        if r.random() < 0.85:
            lines.append("%scredit: %s" % (pad, q(r.choice(CREDITS))))
        if r.random() < 0.7:
            lines.append("%srights: %s" % (pad, q(r.choice(RIGHTS))))
        if kind in ("photo", "video", "b-roll") and r.random() < 0.5:
            lines.append("%scaption: %s" % (pad, q(self.sentence(6, 14))))
        if r.random() < 0.03:
            embargo_day = day + datetime.timedelta(days=r.randint(0, 2))
            lines.append("%sembargo: %s" % (pad, self.timestamp(embargo_day)))
        if content_type is not None:
            lines.append("%scontent_type: %s" % (pad, q(content_type)))
        if r.random() < 0.2:
            lines.append("%snotes: %s" % (pad, q(self.sentence(5, 20))))
        if kind in BROADCAST_KINDS and r.random() < 0.6:
            if r.random() < 0.8:
                lines.append("%sfilmed: %s" % (pad, (day - datetime.timedelta(days=r.randint(0, 3))).isoformat()))
            lines.append("%slocation: %s" % (pad, q("%s, %s" % (r.choice(CITIES), r.choice(COUNTRIES)))))
            lines.append("%ssynopsis: %s" % (pad, q(self.paragraph(r.randint(1, 3)))))
            if kind != "audio" or r.random() < 0.5:
                lines.append("%sshotlist:" % pad)
                at = 0
                for _ in range(r.randint(2, 8)):
                    lines.append("%s  - at: %s" % (pad, q(self.timecode(at))))
                    lines.append("%s    shot: %s" % (pad, q(r.choice(SHOTS))))
                    at += r.randint(5, 90)
            if kind in ("soundbite", "video", "audio"):
                lines.append("%sspeakers:" % pad)
                for person in r.sample(PEOPLE, r.randint(1, 3)):
                    lines.append("%s  - name: %s" % (pad, q(person)))
                    if r.random() < 0.7:
                        lines.append("%s    language: %s" % (pad, q(r.choice(LANGUAGES))))
        self.counts["assets"] += 1
        return lines

    def event_file(self, number, start):
        a, r = self.args, self.rng
        adjective, noun = r.choice(ADJECTIVES), r.choice(NOUNS)
        event_type = EVENT_TYPES[number % len(EVENT_TYPES)]
        name = "%s %s %d" % (adjective, noun, start.year % 100) if event_type == "exercise" else \
            "%s on %s" % (event_type.capitalize(), r.choice(TOPICS))
        event_id = "bench-%05d-%s" % (number, slugify(name))
        self.claim(event_id, "event")
        end = start + datetime.timedelta(days=r.randint(0, 4))
        path_base = "media/%d/%s" % (start.year, event_id)
        lines = ["# Synthetic benchmark event %d (generated by .ci/generate-catalogue.py, seed %d)." % (number, a.seed),
                 "event:",
                 "  id: %s" % event_id,
                 "  title: %s" % q(name + ": " + r.choice(COUNTRIES)),
                 "  type: %s" % event_type,
                 "  start: %s" % start.isoformat()]
        if r.random() < 0.7:
            lines.append("  end: %s" % end.isoformat())
        lines.append("  places:")
        for place in r.sample(CITIES, r.randint(1, 3)):
            lines.append("    - %s" % q(place))
        lines.append("  summary: %s" % q(self.paragraph(r.randint(2, 5))))
        lines.append("  contacts:")
        for c in range(r.randint(1, 2)):
            lines.append("    - name: %s" % q("Press Office" if c == 0 else r.choice(PEOPLE)))
            lines.append("      role: %s" % q(r.choice(ROLES)))
            lines.append("      email: %s" % q("press%d@example.org" % c))
            if r.random() < 0.4:
                lines.append("      phone: %s" % q("+32 2 %03d %02d %02d" % (r.randint(0, 999), r.randint(0, 99), r.randint(0, 99))))
        lines.append("  tags:")
        for tag in r.sample(TOPICS, r.randint(1, 4)):
            lines.append("    - %s" % q(slugify(tag)))

        per_event = a.stories_per_event * a.assets_per_story
        event_wide = 2 if (number % 4 == 0 and a.assets_per_story >= 2 and a.stories_per_event >= 1) else 0
        if a.stories_per_event == 0:
            event_wide = 0
        if event_wide:
            lines.append("")
            lines.append("assets:")
            seen = set()
            for i in range(event_wide):
                kind = ["document", "photo"][i % 2]
                lines += self.asset_lines(2, event_id, kind, i, start, path_base + "/event", seen)

        if a.stories_per_event:
            lines.append("")
            lines.append("stories:")
        kinds_cycle = KINDS[:]
        for s in range(a.stories_per_event):
            story_id = "%s-s%02d" % (event_id, s)
            self.claim(story_id, event_id)
            day = start + datetime.timedelta(days=min(s // 3, (end - start).days))
            lines.append("  - id: %s" % story_id)
            lines.append("    headline: %s" % q("%s: %s in %s" % (r.choice(PEOPLE), r.choice(TOPICS), r.choice(CITIES))))
            lines.append("    date: %s" % (self.timestamp(day) if r.random() < 0.6 else day.isoformat()))
            if r.random() < 0.8:
                lines.append("    place: %s" % q(r.choice(CITIES)))
            lines.append("    summary: %s" % q(self.paragraph(r.randint(2, 6))))
            lines.append("    people:")
            for person in r.sample(PEOPLE, r.randint(1, 4)):
                lines.append("      - %s" % q(person))
            if r.random() < 0.8:
                lines.append("    webstory: %s" % q("https://example.org/news/%d/%s/story-%02d.htm" % (start.year, event_id, s)))
            lines.append("    tags:")
            for tag in r.sample(TOPICS, r.randint(1, 3)):
                lines.append("      - %s" % q(slugify(tag)))
            count = a.assets_per_story - (event_wide if s == a.stories_per_event - 1 else 0)
            if count:
                lines.append("    assets:")
            seen = set()
            r.shuffle(kinds_cycle)
            for i in range(count):
                kind = kinds_cycle[i % len(kinds_cycle)] if i < len(kinds_cycle) else r.choice(KINDS)
                lines += self.asset_lines(6, story_id, kind, i, day, "%s/s%02d" % (path_base, s), seen)
            self.counts["stories"] += 1
        self.counts["events"] += 1
        assert self.counts["assets"] == (number + 1) * per_event
        return event_id, "\n".join(lines) + "\n"

    def run(self):
        a = self.args
        first = datetime.date(2020, 1, 1)
        for number in range(a.events):
            folder_index = number // a.events_per_folder
            year, month = first.year + (first.month - 1 + folder_index) // 12, (first.month - 1 + folder_index) % 12 + 1
            folder = "%04d-%02d" % (year, month)
            start = datetime.date(year, month, 1 + (number % a.events_per_folder) * 27 // max(1, a.events_per_folder))
            event_id, text = self.event_file(number, start)
            directory = os.path.join(a.out_dir, folder)
            os.makedirs(directory, exist_ok=True)
            data = text.encode("utf-8")
            if len(data) > 1024 * 1024:
                sys.exit("generate-catalogue: %s is over 1 MiB; lower --assets-per-story" % event_id)
            with open(os.path.join(directory, event_id + ".yaml"), "wb") as f:
                f.write(data)
            self.counts["files"] += 1
            self.counts["bytes"] += len(data)
        print("generate-catalogue: %(files)d files, %(events)d events, %(stories)d stories, %(assets)d assets, "
              "%(bytes)d bytes" % self.counts, file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description="Write a synthetic presskit catalogue (see the module docstring).")
    parser.add_argument("out_dir", metavar="OUT_DIR")
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--stories-per-event", type=int, default=10)
    parser.add_argument("--assets-per-story", type=int, default=10)
    parser.add_argument("--events-per-folder", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if min(args.events, args.stories_per_event, args.assets_per_story) < 0 or args.events_per_folder < 1:
        parser.error("counts must not be negative; --events-per-folder must be at least 1")
    Generator(args).run()


if __name__ == "__main__":
    main()
