"""Encoding detection: our decoder (utils/load.decode) against charset-normalizer, the maintained library
issue #13 proposed, on the bad-file corpus, the real files the tests carry and short spreadsheet exports.

Prints one line per file (the encoding each chose, and whether both give the same text) and a last line
`encodings_differ=N of M ours_wrong=K cn_wrong=L`. Run: .venv/bin/python -m bench.bench_encodings

Measured 2026-11-29 (charset-normalizer 3.5.3): it reads short Windows-1252 exports as Big5, CP775 or
CP1250 ('São Paulo' garbled) and a mixed UTF-8/Windows-1252 file as Johab, where ours reads them right;
so the loader keeps its own decoder. Both misread a GBK file (ours as Windows-1252): noted for later.
"""

from pathlib import Path

import charset_normalizer

from utils.actions.load import decode

REPO = Path(__file__).resolve().parent.parent
files = sorted((REPO / "tests" / "bad_files").glob("*.csv")) + [
    REPO / "data" / "actions.csv",
    REPO / "tests" / "data" / "womens_march_2017_crowd_estimates.csv",
]
# plus short Windows-1252 and Latin-1 samples, as a spreadsheet writes them
samples = {p.name: p.read_bytes() for p in files}
samples["cp1252_short"] = "city,country\nSão Paulo,Brasil\n".encode("cp1252")
samples["cp1252_quotes"] = "city,organisations\nKöln,“ver.di” – Bezirk\n".encode("cp1252")
samples["utf8_korean"] = "도시,국가\n서울,한국\n".encode()
samples["gbk_chinese"] = "城市,国家\n首尔,韩国\n".encode("gbk")
differ = 0
wrong = {"ours": 0, "cn": 0}
EXPECTED = {
    "cp1252_short": "São Paulo",
    "cp1252_quotes": "“ver.di”",
    "utf8_korean": "서울",
    "gbk_chinese": "首尔",
    "semicolon_windows1252.csv": "Genève",
}
for name, raw in samples.items():
    text, ours, _ = decode(raw)
    best = charset_normalizer.from_bytes(raw).best()
    theirs = best.encoding if best else None
    same = best is not None and str(best) == text
    differ += not same
    if name in EXPECTED:  # a word the file holds: whoever garbles it read the file wrong
        wrong["ours"] += EXPECTED[name] not in text
        wrong["cn"] += best is None or EXPECTED[name] not in str(best)
    print(f"{name:45} ours={ours:12} cn={theirs!s:12} {'same text' if same else 'DIFFERENT'}")
print(f"encodings_differ={differ} of {len(samples)} ours_wrong={wrong['ours']} cn_wrong={wrong['cn']}")
