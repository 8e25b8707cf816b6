"""The study's report draws its figures through the display objects: one drawing code path."""

import ast
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import pytest  # noqa: E402

import reglab.display as display  # noqa: E402
from reglab.display._base import Display  # noqa: E402
from reglab.report import FIGURES  # noqa: E402

REPORT = Path(display.__file__).parents[1] / "report"

# which displays draw each figure of the report
DRAWN_BY = {
    "optimizer_costs": {"OptimizerCostDisplay"},
    "loss_curves": {"LossCurveDisplay"},
    "decision_boundaries": {"DecisionBoundaryDisplay"},
    "early_stopping": {"LossCurveDisplay"},
    "validation_curves": {"ValidationCurveDisplay"},
    "learning_curve": {"LearningCurveDisplay"},
    "weight_histograms": {"WeightHistogramDisplay"},
    "decomposition": {"BiasVarianceDisplay"},
    "augmentation_gallery": {"AugmentationGalleryDisplay"},
    "augmentation_curves": {"LossCurveDisplay"},
    "lam_boundaries": {"DecisionBoundaryDisplay"},
    "shifted_gallery": {"AugmentationGalleryDisplay"},
    "shifted_curves": {"LossCurveDisplay"},
}
# what draws data on axes; the report may only lay figures out, title and annotate them
DRAWING = {
    "plot",
    "hist",
    "bar",
    "barh",
    "scatter",
    "contour",
    "contourf",
    "imshow",
    "pcolormesh",
    "fill_between",
    "errorbar",
    "axhline",
    "axvline",
    "step",
    "stairs",
}


@pytest.fixture(scope="module")
def result(tiny_study):
    return tiny_study


def test_every_figure_of_the_report_is_drawn_by_its_displays(result, tmp_path, monkeypatch):
    calls = []
    for name in display.__all__:
        cls = getattr(display, name)
        if isinstance(cls, type) and issubclass(cls, Display) and cls is not Display:
            original = cls.plot

            def recorded(self, *args, _original=original, **kwargs):
                calls.append(type(self).__name__)
                return _original(self, *args, **kwargs)

            monkeypatch.setattr(cls, "plot", recorded)
    assert {figure.name for figure in FIGURES} == set(DRAWN_BY)
    assert all(figure.available(result) for figure in FIGURES)
    for figure in FIGURES:
        calls.clear()
        path = figure.draw(result, tmp_path / figure.filename)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert set(calls) == DRAWN_BY[figure.name], figure.name


def _drawing_calls(path: Path) -> list[str]:
    """Calls in ``path`` that draw data on axes without going through a display's ``plot``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            through_display = any(keyword.arg == "ax" for keyword in node.keywords)
            if node.func.attr in DRAWING and not through_display:
                found.append(f"{path.name}:{node.lineno} .{node.func.attr}(...)")
    return found


def test_the_report_draws_nothing_itself():
    modules = sorted(REPORT.glob("*.py"))
    assert any(path.name == "figures.py" for path in modules)
    assert [call for path in modules for call in _drawing_calls(path)] == []


def test_the_scan_finds_direct_drawing(tmp_path):
    sample = tmp_path / "figure.py"
    sample.write_text("ax.plot(x, y)\nDisplay().plot(ax=ax)\nax.fill_between(x, a, b)\n")
    assert _drawing_calls(sample) == ["figure.py:1 .plot(...)", "figure.py:3 .fill_between(...)"]
