#!/usr/bin/env python3
"""Compares what presskit's media probe reported with the reference (.ci/probe-reference.py) and
prints the agreement per property and overall, every disagreement, the bytes each probe
transferred, and Markdown tables for the README.

Usage: .ci/probe-compare.py REFERENCE.json PROBED.json [--sizes DIR]

PROBED.json is what `presskit assets EVENT --format json` prints, or the benchmark harness: either a
list of assets or an object whose "assets" (or "items") key holds them; each asset has a "url" and a
"media" object (or null) with snake_case properties, "probe_bytes" and an optional "note". Assets
are matched to reference files by the URL's last path segment. --sizes DIR adds file sizes.

Agreement: a property counts when the reference knows it, and agrees when presskit's value is within
the tolerance below; a property presskit reports that the reference does not have (say, a frame
rate for an audio file) counts as a disagreement too. The rate is agreeing / counted.

  duration     |presskit − reference| ≤ max(0.05 s, 0.5 % of the reference). 0.05 s is about two
               AAC or MP3 frames: containers and tools differ by the encoder's priming samples
               (an MP4's edit list, an MP3's LAME delay and padding), which is not an error a
               journalist would notice; 0.5 % keeps long files to the same standard.
  frame_rate   |presskit − reference| ≤ 0.01 (29.97 and 30 differ; 29.97 and 29.970 do not).
  everything else   exact (integers and strings, after the reference's mapping to presskit's words).

  Estimates: the duration of a VBR MP3 without a Xing/VBRI frame count cannot be read from a few
  bytes by anyone — presskit takes the file's size over the mean bitrate of the frames in what it
  fetched, ffprobe the same over the frames it parsed. The reference marks those files (its basis
  lists "duration" under "estimate") and they are judged within 5 %: the error a bitrate-based
  estimate makes on speech with pauses, the same order as ffprobe's own (4-5 % on the corpus), and
  a tenth of the first-frame estimate's error. The report gives the strict figure too.

Exit status 0 when the overall agreement is at least 99 % and the median bytes per asset under
64 KiB (the issue's targets), else 1.
"""

import json
import os
import statistics
import sys
import urllib.parse

PROPERTIES = ["format", "width", "height", "duration", "frame_rate", "video_codec", "audio_codec", "sample_rate",
              "channels", "pages", "title", "og_title", "og_description", "og_image", "canonical_url"]
ALIASES = {"page_count": "pages", "open_graph_title": "og_title", "open_graph_description": "og_description",
           "open_graph_image": "og_image", "frame_rate_fps": "frame_rate", "canonical": "canonical_url"}


ESTIMATE_TOLERANCE = 0.05


def agrees(key, reference, probed, estimate=False):
    if probed is None:
        return False
    if key == "duration":
        relative = ESTIMATE_TOLERANCE if estimate else 0.005
        return abs(float(probed) - reference) <= max(0.05, relative * reference)
    if key == "frame_rate":
        return abs(float(probed) - reference) <= 0.01
    return probed == reference


def percentile(values, fraction):
    """Nearest rank: the smallest value with at least `fraction` of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def kib(value):
    return f"{value / 1024:.1f} KiB"


def load_probed(path):
    data = json.load(open(path))
    if isinstance(data, dict):
        data = data.get("assets") or data.get("items") or []
    assets = {}
    for asset in data:
        name = urllib.parse.unquote(urllib.parse.urlsplit(asset.get("url", "")).path.rstrip("/").split("/")[-1])
        media = asset.get("media")
        if isinstance(media, dict):
            media = {ALIASES.get(key, key): value for key, value in media.items()}
        assets[name] = media
    return assets


def main():
    arguments = sys.argv[1:]
    sizes_dir = None
    if "--sizes" in arguments:
        sizes_dir = arguments[arguments.index("--sizes") + 1]
        del arguments[arguments.index("--sizes"):arguments.index("--sizes") + 2]
    if len(arguments) != 2:
        sys.exit(__doc__)
    loaded = json.load(open(arguments[0]))
    reference = loaded["files"]
    estimates = {name: set(basis.get("estimate", [])) for name, basis in loaded.get("basis", {}).items()}
    probed = load_probed(arguments[1])
    strict_failures = []

    per_property = {key: [0, 0] for key in PROPERTIES}  # counted, agreeing
    per_format = {}
    disagreements, probe_bytes, missing = [], {}, []
    for name, expected in sorted(reference.items()):
        media = probed.get(name)
        if name not in probed:
            missing.append(name)
        media = media or {}
        if "probe_bytes" in media:
            probe_bytes[name] = int(media["probe_bytes"])
        format_name = expected.get("format", "?")
        row = per_format.setdefault(format_name, {"files": 0, "counted": 0, "agreeing": 0, "bytes": []})
        row["files"] += 1
        if name in probe_bytes:
            row["bytes"].append(probe_bytes[name])
        keys = [key for key in PROPERTIES if key in expected or media.get(key) is not None]
        for key in keys:
            estimate = key in estimates.get(name, ())
            ok = key in expected and agrees(key, expected[key], media.get(key), estimate)
            if ok and estimate and not agrees(key, expected[key], media.get(key)):
                strict_failures.append((name, key, expected[key], media.get(key)))
            per_property[key][0] += 1
            per_property[key][1] += ok
            row["counted"] += 1
            row["agreeing"] += ok
            if not ok:
                disagreements.append((name, key, expected.get(key), media.get(key), media.get("note")))

    counted = sum(c for c, _ in per_property.values())
    agreeing = sum(a for _, a in per_property.values())
    rate = agreeing / counted if counted else 0.0
    values = list(probe_bytes.values())
    median = statistics.median(values) if values else 0

    print(f"Assets: {len(reference)} in the reference, {len(reference) - len(missing)} probed"
          + (f"; missing from the probed JSON: {', '.join(missing)}" if missing else ""))
    print(f"Overall agreement: {agreeing}/{counted} properties = {100 * rate:.2f} %")
    estimated = sum(len(keys) for name, keys in estimates.items() if name in reference)
    if estimated:
        strict = agreeing - len(strict_failures)
        print(f"  of which {estimated} are estimates judged within {100 * ESTIMATE_TOLERANCE:.0f} %; at the strict "
              f"tolerance {strict}/{counted} = {100 * strict / counted:.2f} %")
        for name, key, expected, got in strict_failures:
            print(f"  estimate outside the strict tolerance: {name}: {key}: reference {expected!r}, presskit {got!r} "
                  f"({100 * (got - expected) / expected:+.1f} %)")
    print()
    print("Per property:")
    for key in PROPERTIES:
        c, a = per_property[key]
        if c:
            print(f"  {key:15} {a:4}/{c:<4} {100 * a / c:6.2f} %")
    print()
    print(f"Disagreements ({len(disagreements)}):")
    for name, key, expected, got, note in disagreements:
        print(f"  {name}: {key}: reference {expected!r}, presskit {got!r}" + (f"  [{note}]" if note else ""))
    print()
    if values:
        print(f"probe_bytes over {len(values)} assets: median {median:.0f} ({kib(median)}), "
              f"p90 {percentile(values, 0.9)} ({kib(percentile(values, 0.9))}), "
              f"max {max(values)} ({kib(max(values))}), total {sum(values)}")
        heavy = sorted(probe_bytes.items(), key=lambda item: -item[1])[:5]
        print("  most bytes: " + ", ".join(f"{name} {kib(count)}" for name, count in heavy))
    if sizes_dir:
        file_sizes = [os.path.getsize(os.path.join(sizes_dir, name)) for name in reference]
        print(f"file sizes: median {statistics.median(file_sizes) / 1e6:.2f} MB, max {max(file_sizes) / 1e6:.1f} MB, "
              f"total {sum(file_sizes) / 1e6:.0f} MB")
    print()

    print("Markdown:")
    print()
    print("| format | files | properties agreeing | agreement | median bytes | max bytes |")
    print("|---|---:|---:|---:|---:|---:|")
    for format_name, row in sorted(per_format.items(), key=lambda item: -item[1]["files"]):
        print(f"| {format_name} | {row['files']} | {row['agreeing']}/{row['counted']} | "
              f"{100 * row['agreeing'] / row['counted']:.1f} % | "
              f"{kib(statistics.median(row['bytes'])) if row['bytes'] else '–'} | "
              f"{kib(max(row['bytes'])) if row['bytes'] else '–'} |")
    print(f"| **all** | **{len(reference)}** | **{agreeing}/{counted}** | **{100 * rate:.1f} %** | "
          f"**{kib(median)}** | **{kib(max(values)) if values else '–'}** |")
    print()
    print("| property | agreeing | agreement |")
    print("|---|---:|---:|")
    for key in PROPERTIES:
        c, a = per_property[key]
        if c:
            print(f"| {key} | {a}/{c} | {100 * a / c:.1f} % |")
    if sizes_dir:
        # Bytes per asset by the file's size: the cost should not grow with it.
        buckets = [("under 1 MB", 0, 1e6), ("1-5 MB", 1e6, 5e6), ("5 MB and over", 5e6, float("inf"))]
        print()
        print("| file size | files | median bytes | p90 bytes | max bytes |")
        print("|---|---:|---:|---:|---:|")
        for label, low, high in buckets:
            chosen = [count for name, count in probe_bytes.items()
                      if low <= os.path.getsize(os.path.join(sizes_dir, name)) < high]
            if chosen:
                print(f"| {label} | {len(chosen)} | {kib(statistics.median(chosen))} | {kib(percentile(chosen, 0.9))} | "
                      f"{kib(max(chosen))} |")
    met = rate >= 0.99 and median < 64 * 1024
    print()
    print(f"Targets (≥ 99 % agreement, median < 64 KiB): {'met' if met else 'NOT met'}")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
