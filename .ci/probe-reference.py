#!/usr/bin/env python3
"""Reference properties for the media probe benchmark, in presskit's vocabulary, from the tools the
industry trusts: ffprobe for audio and video, ImageMagick's identify for images, and the generator's
own values (DIR/generated.json) for PDFs and HTML pages, which neither tool reads.

Usage: .ci/probe-reference.py DIR > reference.json

Output: {"files": {NAME: {"format": ..., "width": ..., ...}}, "basis": {NAME: {PROPERTY: how}}}
with only the properties the reference knows. How each is obtained:

  format        ffprobe's format_name, and for ISO BMFF the major brand ("qt  " MOV, "M4A " M4A,
                anything else MP4); identify's %m for images; the generator for PDF and HTML.
  width/height  as displayed: ffprobe's stream width/height, swapped when the display matrix
                (side data "rotation", or the "rotate" tag) turns the picture a quarter; identify's
                %w/%h swapped for EXIF orientations 5-8 (LeftTop … LeftBottom); for GIF and WebP
                the canvas (%W/%H), which is what a viewer shows of an animation.
  duration      ffprobe's format duration, except for an MP3 whose duration ffprobe itself only
                estimates from the bitrate (no Xing/VBRI header): there the reference is the
                frames ffprobe counts (-count_packets) times the samples per frame over the rate,
                and when those frames vary in size (VBR) the file's basis lists "duration" under
                "estimate": nothing short of reading every frame knows it, so the comparer judges
                it with a wider tolerance, and says so.
  frame_rate    the video stream's avg_frame_rate (r_frame_rate when that is 0/0).
  video_codec   ffprobe's codec_name: h264 "H.264", hevc "H.265", …;  audio_codec likewise
                (aac "AAC", mp3 "MP3", pcm_s16le/s24le/f32le "PCM", pcm_mulaw "G.711 µ-law").
  sample_rate, channels   the first audio stream's.
  pages, title, og_*, canonical_url   the generator's values (it wrote the files).

Cover art in an MP3 (a video stream with the attached_pic disposition) is not a video. Still images
have no duration in presskit's vocabulary, so an animated GIF's or WebP's duration is not compared.
"""

import json
import os
import subprocess
import sys

VIDEO_CODECS = {"h264": "H.264", "hevc": "H.265", "av1": "AV1", "vp9": "VP9", "vp8": "VP8", "prores": "ProRes",
                "mpeg4": "MPEG-4 Visual", "mjpeg": "Motion JPEG", "h263": "H.263"}
AUDIO_CODECS = {"aac": "AAC", "mp3": "MP3", "mp2": "MP2", "mp1": "MP1", "ac3": "AC-3", "eac3": "E-AC-3",
                "opus": "Opus", "flac": "FLAC", "alac": "ALAC", "vorbis": "Vorbis",
                "pcm_mulaw": "G.711 µ-law", "pcm_alaw": "G.711 A-law"}
IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
QUARTER_TURNED = {"LeftTop", "RightTop", "RightBottom", "LeftBottom"}


def fraction(text):
    if not text or "/" not in text:
        return float(text) if text else 0.0
    numerator, denominator = text.split("/")
    return float(numerator) / float(denominator) if float(denominator) else 0.0


def audio_codec(name):
    if name in AUDIO_CODECS:
        return AUDIO_CODECS[name]
    if name.startswith("pcm_"):
        return "PCM"
    return name


def ffprobe_reference(path):
    result = subprocess.run(["ffprobe", "-v", "warning", "-show_streams", "-show_format", "-of", "json", path],
                            capture_output=True, text=True, check=True)
    data = json.loads(result.stdout)
    properties, basis = {}, {}
    container = data["format"]["format_name"]
    brand = data["format"].get("tags", {}).get("major_brand", "").strip()
    if "mp4" in container or "mov" in container:
        properties["format"] = "MOV" if brand == "qt" else "M4A" if brand in ("M4A", "M4B") else "MP4"
    elif container == "mp3":
        properties["format"] = "MP3"
    elif container == "wav":
        properties["format"] = "WAV"
    else:
        properties["format"] = container
    basis["format"] = f"ffprobe format_name {container}" + (f", brand '{brand}'" if brand else "")
    streams = data.get("streams", [])
    video = next((s for s in streams if s["codec_type"] == "video"
                  and not s.get("disposition", {}).get("attached_pic")), None)
    audio = next((s for s in streams if s["codec_type"] == "audio"), None)
    if video:
        width, height = video["width"], video["height"]
        rotation = 0
        for side in video.get("side_data_list", []):
            if "rotation" in side:
                rotation = int(side["rotation"])
        if not rotation and "rotate" in video.get("tags", {}):
            rotation = int(video["tags"]["rotate"])
        if abs(rotation) % 180 == 90:
            width, height = height, width
        properties["width"], properties["height"] = width, height
        basis["width"] = basis["height"] = f"ffprobe {video['width']}x{video['height']}, rotation {rotation}"
        rate = fraction(video.get("avg_frame_rate")) or fraction(video.get("r_frame_rate"))
        if rate:
            properties["frame_rate"] = round(rate, 3)
            basis["frame_rate"] = f"avg_frame_rate {video.get('avg_frame_rate')}"
        properties["video_codec"] = VIDEO_CODECS.get(video["codec_name"], video["codec_name"])
    if audio:
        properties["audio_codec"] = audio_codec(audio["codec_name"])
        properties["sample_rate"] = int(audio["sample_rate"])
        properties["channels"] = int(audio["channels"])
    duration = data["format"].get("duration")
    if duration is not None:
        properties["duration"] = round(float(duration), 4)
        basis["duration"] = "ffprobe format duration"
    if properties["format"] == "MP3" and "Estimating duration from bitrate" in result.stderr:
        # ffprobe's own figure is an estimate: count the frames instead.
        counted = subprocess.run(["ffprobe", "-v", "error", "-count_packets", "-select_streams", "a:0",
                                  "-show_entries", "stream=nb_read_packets,sample_rate", "-of", "json", path],
                                 capture_output=True, text=True, check=True)
        stream = json.loads(counted.stdout)["streams"][0]
        rate = int(stream["sample_rate"])
        samples_per_frame = 1152 if rate >= 32000 else 576
        properties["duration"] = round(int(stream["nb_read_packets"]) * samples_per_frame / rate, 4)
        basis["duration"] = (f"{stream['nb_read_packets']} frames counted × {samples_per_frame} / {rate} "
                             f"(ffprobe estimated {float(duration):.3f} s from the bitrate)")
        # Frames of one bitrate differ by the padding byte at most; more, and the stream is VBR: no
        # reader can know its duration without a frame count or every frame, so it is an estimate.
        sizes = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "packet=size",
                                "-of", "csv=p=0", path], capture_output=True, text=True, check=True).stdout.split()
        sizes = [int(size) for size in sizes if size.strip().isdigit()]
        if sizes and max(sizes) - min(sizes) > 1:
            basis["duration"] += f"; VBR without a frame count ({min(sizes)}-{max(sizes)} bytes a frame): an estimate"
            basis["estimate"] = ["duration"]
    return properties, basis


def identify_reference(path):
    result = subprocess.run(["identify", "-format", "%m|%w|%h|%W|%H|%[orientation]\n", path + "[0]"],
                            capture_output=True, text=True, check=True)
    magick, width, height, canvas_width, canvas_height, orientation = result.stdout.strip().split("|")
    properties = {"format": IMAGE_FORMATS.get(magick, magick)}
    width, height, canvas_width, canvas_height = int(width), int(height), int(canvas_width), int(canvas_height)
    if magick in ("GIF", "WEBP") and canvas_width and canvas_height:
        width, height = canvas_width, canvas_height
        how = f"identify canvas %W×%H {width}x{height}"
    else:
        how = f"identify %w×%h {width}x{height}, orientation {orientation}"
        if orientation in QUARTER_TURNED:
            width, height = height, width
    properties["width"], properties["height"] = width, height
    return properties, {"format": f"identify %m {magick}", "width": how, "height": how}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    directory = sys.argv[1]
    generated = json.load(open(os.path.join(directory, "generated.json")))["files"]
    files, bases, warnings = {}, {}, []
    for name, entry in sorted(generated.items()):
        path = os.path.join(directory, name)
        extension = os.path.splitext(name)[1]
        if "reference" in entry:
            properties = dict(entry["reference"])
            basis = {key: "generator" for key in properties}
        elif extension in (".jpg", ".png", ".webp", ".gif"):
            properties, basis = identify_reference(path)
        else:
            properties, basis = ffprobe_reference(path)
        intended = entry.get("intended", {})
        # A check on the reference itself: what ffprobe reads should be what the generator asked for.
        if "coded" in intended and "width" in properties and intended.get("rotate", 0) % 180 == 0 \
                and intended.get("orientation") not in (5, 6, 7, 8) \
                and [properties["width"], properties["height"]] != intended["coded"]:
            warnings.append(f"{name}: reference size {properties['width']}x{properties['height']} "
                            f"is not the intended {intended['coded']}")
        if "fps" in intended and abs(properties.get("frame_rate", 0) - fraction(intended["fps"])) > 0.01:
            warnings.append(f"{name}: reference frame rate {properties.get('frame_rate')} is not {intended['fps']}")
        files[name] = properties
        bases[name] = basis
    for warning in warnings:
        print("probe-reference: " + warning, file=sys.stderr)
    json.dump({"files": files, "basis": bases}, sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
