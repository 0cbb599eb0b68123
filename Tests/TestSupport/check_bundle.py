"""Checks a ZIP the way a recipient's tools read it: Python's zipfile (testzip: every entry's CRC-32
and sizes, ZIP64 records included), then, with --bag, unzips it and validates the BagIt bag inside
with the Library of Congress's `bagit` module (RFC 8493: manifests, tag manifest, Payload-Oxum).

Usage: check_bundle.py --probe | check_bundle.py [--bag] FILE.zip
Prints one line per problem and exits 1, or prints the entry names and exits 0.
"""
import sys
import tempfile
import zipfile

if sys.argv[1] == "--probe":
    import bagit  # noqa: F401
    sys.exit(0)

want_bag = sys.argv[1] == "--bag"
path = sys.argv[-1]
with zipfile.ZipFile(path) as archive:
    bad = archive.testzip()
    if bad is not None:
        print(f"zipfile: bad CRC or header in {bad}")
        sys.exit(1)
    names = archive.namelist()
    if want_bag:
        import bagit
        with tempfile.TemporaryDirectory() as folder:
            archive.extractall(folder)
            try:
                bag = bagit.Bag(folder)
                bag.validate(fast=False)
            except (bagit.BagError, bagit.BagValidationError) as error:
                print(f"bagit: {error}")
                for detail in getattr(error, "details", None) or []:
                    print(f"bagit: {detail}")
                sys.exit(1)
for name in names:
    print(name)
