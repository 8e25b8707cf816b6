"""The README's sweep file, run as written."""

import re
from pathlib import Path

from reglab.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_sweep() -> str:
    section = README.read_text(encoding="utf-8").split("## Sweeps", 1)[1]
    return re.search(r"```toml\n(.*?)```", section, re.S).group(1)


def test_the_readmes_sweep_file_runs_as_written(tmp_path, capsys):
    path = tmp_path / "moons.toml"
    path.write_text(_readme_sweep())
    out = ["--out", str(tmp_path / "out")]
    assert main(["sweep", "check", str(path)]) == 0
    assert "12 configurations × 3 seeds = 36 models" in capsys.readouterr().out
    assert main(["sweep", "run", str(path), *out]) == 0
    printed = capsys.readouterr().out
    assert "models: 36 of 36 stored" in printed and "best so far: l2=" in printed
    assert main(["sweep", "report", str(path), *out]) == 0
    assert (tmp_path / "out" / "report.html").stat().st_size > 10_000
