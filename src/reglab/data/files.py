"""The user's own data: CSV files with a header row, and NumPy ``.npz`` archives.

CSV files are read with the standard library's ``csv`` module and explicit checks, so that
every way a file can be wrong gets an error naming the file: it must be UTF-8 text (a
byte-order mark is accepted and dropped), not a binary file; columns are separated by
commas and named uniquely; every row has as many values as the header; features are finite
numbers. NPZ archives are read without pickles; a file that is not an archive says so.

A trained model knows its features and classes; :func:`load_csv`, :func:`load_npz` and
:func:`load_features` take them (``classes``, ``feature_names``) so that new data are read
the way the training data were: labels encoded by the model's classes, features picked by
name.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from pathlib import Path

import numpy as np

from reglab._validation import check_choice, check_finite_array
from reglab.data.dataset import TASKS, Dataset

__all__ = [
    "MAX_INFERRED_CLASSES",
    "NotInFileError",
    "load_csv",
    "load_features",
    "load_npz",
    "read_csv",
]

MAX_INFERRED_CLASSES = 20
_SNIFF = 8192  # bytes read to tell a binary file from text
_OTHER_SEPARATORS = (";", "\t", "|")


class NotInFileError(ValueError):
    """A name the caller gave (a label column, an NPZ array) that the file lacks.

    The message names the argument (``label``, ``X_key``); :meth:`naming` words it for
    another name of the same argument, e.g. a command line option.

    Attributes
    ----------
    name : str
        The name given.
    found : tuple of str
        The file's columns or arrays.
    file : str
        The file's name.
    """

    def __init__(self, argument: str, name: str, found, file: str):
        self.name, self.found, self.file = name, tuple(found), file
        super().__init__(self.naming(argument))

    def naming(self, argument: str) -> str:
        listed = ", ".join(repr(f) for f in self.found)
        return f"{argument} must be one of {listed}, got {self.name!r}"


def _pick(argument: str, name: str, found, path: Path) -> str:
    if name not in found:
        raise NotInFileError(argument, name, found, path.name)
    return name


def _existing_file(path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"path must be an existing file, got {str(path)!r}")
    return path


def _decode(path: Path, raw: bytes) -> str:
    """``raw`` as UTF-8 text (a byte-order mark dropped); binary or other encodings refused."""
    if b"\0" in raw[:_SNIFF]:
        kind = "an NPZ or other zip archive" if raw[:4] == b"PK\x03\x04" else "a binary file"
        raise ValueError(f"{path.name} must be CSV text, got {kind}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ValueError(
            f"{path.name} must be UTF-8 text, got byte 0x{raw[error.start]:02x} on line {line} "
            "(Latin-1 or another encoding? save the file as UTF-8)"
        ) from None


def _check_header(path: Path, header: list[str]) -> None:
    if len(header) == 1:
        used = [sep for sep in _OTHER_SEPARATORS if sep in header[0]]
        if used:
            raise ValueError(
                f"{path.name} must separate its values with commas, got a header that uses "
                f"{used[0]!r}: {header[0]!r}"
            )
    for position, name in enumerate(header, start=1):
        if not name:
            raise ValueError(f"column {position} of {path.name} must have a name, got none")
        if header.index(name) != position - 1:
            raise ValueError(
                f"column names of {path.name} must be unique, got {name!r} in columns "
                f"{header.index(name) + 1} and {position}"
            )


def read_csv(path) -> tuple[list[str], np.ndarray]:
    """The header and the body of a CSV file, a 2-D array of stripped strings.

    Blank lines are skipped. Raises ``FileNotFoundError`` for a missing file and
    ``ValueError``, naming the file, for anything else that is wrong (see the module).
    """
    path = _existing_file(path)
    text = _decode(path, path.read_bytes())
    try:
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text)) if row]
    except csv.Error as error:
        raise ValueError(f"{path.name} is not valid CSV: {error}") from None
    if not rows:
        raise ValueError(f"{path.name} must not be empty, got an empty file")
    header, body = rows[0], rows[1:]
    _check_header(path, header)
    if not body:
        raise ValueError(f"{path.name} must hold rows of data below its header, got none")
    for row, cells in enumerate(body, start=1):
        if len(cells) != len(header):
            raise ValueError(
                f"row {row} of {path.name} must have {len(header)} values like the header, "
                f"got {len(cells)}"
            )
    return header, np.array(body, dtype=str)


def _numeric_column(values: np.ndarray, where: str) -> np.ndarray:
    """``values`` as float64; the error names the first value that is not a finite number."""
    numbers = np.empty(len(values))
    for row, value in enumerate(values.tolist()):
        try:
            numbers[row] = float(value)
        except (TypeError, ValueError):
            numbers[row] = math.nan
        if not math.isfinite(numbers[row]):
            raise ValueError(f"{where} must be numeric and finite, got {value!r} in row {row + 1}")
    return numbers


def _label_name(value) -> str:
    """A label as the text that names its class: ``1.0`` and ``"1"`` both give ``"1"``."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return value
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _looks_like_regression(values: np.ndarray) -> bool:
    """Numbers that are not all integers, or more than ``MAX_INFERRED_CLASSES`` of them."""
    try:
        numbers = values.astype(np.float64)
    except (TypeError, ValueError):
        return False
    integral = bool(np.all(np.isfinite(numbers)) and np.all(numbers == np.round(numbers)))
    return not integral or len(np.unique(numbers)) > MAX_INFERRED_CLASSES


def _encode_by(values: np.ndarray, classes, where: str) -> np.ndarray:
    """Labels as positions in a model's ``classes``; a label it does not know is an error."""
    index = {name: i for i, name in enumerate(classes)}
    y = np.empty(len(values), dtype=np.int64)
    for row, value in enumerate(values.tolist()):
        name = _label_name(value)
        if name not in index:
            known = ", ".join(repr(c) for c in classes)
            raise ValueError(
                f"{where} must hold the model's classes ({known}), got {name!r} in row {row + 1}"
            )
        y[row] = index[name]
    return y


def _encode_target(values: np.ndarray, task: str | None, where: str, classes=None):
    """Return ``(y, target_names, task)``; classes become the ints ``0 .. k-1`` in sorted order.

    With ``task=None``, integer labels with at most ``MAX_INFERRED_CLASSES`` distinct values
    and text labels mean classification, other numbers regression. Given ``classes`` (a
    model's), labels are encoded by their position in it.
    """
    if task is not None:
        check_choice("task", task, TASKS)
    elif classes:
        task = "binary" if len(classes) == 2 else "multiclass"
    elif _looks_like_regression(values):
        task = "regression"
    if task == "regression":
        return _numeric_column(values, where), (), task
    if classes:
        return _encode_by(values, classes, where), tuple(classes), task
    try:
        values = values.astype(np.float64)
    except (TypeError, ValueError):
        values = values.astype(str)
    found, y = np.unique(values, return_inverse=True)
    if len(found) < 2:
        shown = _label_name(found[0]) if len(found) else "none"
        raise ValueError(f"{where} must hold at least 2 classes, got 1 class: {shown!r}")
    expected = "binary" if len(found) == 2 else "multiclass"
    if task not in (None, expected):
        raise ValueError(f"task must be {expected!r} for {len(found)} classes, got {task!r}")
    return y, tuple(_label_name(c) for c in found), expected


def _columns(path: Path, header, table, names) -> np.ndarray:
    return np.column_stack(
        [
            _numeric_column(table[:, header.index(name)], f"column {name!r} of {path.name}")
            for name in names
        ]
    )


def load_csv(
    path, label: str, *, task: str | None = None, classes=None, feature_names=None
) -> Dataset:
    """Load a CSV file with a header row; ``label`` names the target column.

    Every other column is a feature and must hold finite numbers. Class labels may be numbers
    or text; they are encoded as ``0 .. k-1`` in sorted order and their names kept in
    ``target_names``.

    Parameters
    ----------
    path : str or Path
    label : str
        The name of the target column.
    task : {"binary", "multiclass", "regression"}, optional
        Inferred when None: text labels and integer labels with at most
        ``MAX_INFERRED_CLASSES`` distinct values mean classification, other numbers regression.
    classes : sequence of str, optional
        A trained model's class names: labels are encoded by their position in it, and a
        label not in it is an error (data to evaluate a model on).
    feature_names : sequence of str, optional
        A trained model's features: these columns, in this order, are the features (other
        columns are ignored); by default every column but the label, in the file's order.

    Raises
    ------
    FileNotFoundError
        When ``path`` is not a file.
    ValueError
        For a file that is not UTF-8 CSV text, an empty file, duplicated or empty column
        names, a missing label column (the message lists the columns found), a value that is
        not a number (the message names its column and row) or a single class.
    """
    path = Path(path)
    header, table = read_csv(path)
    _pick("label", label, header, path)
    features = [name for name in header if name != label]
    if not features:
        raise ValueError(f"{path.name} must have a feature column besides {label!r}, got none")
    if feature_names is not None:
        features = list(feature_names)
        _check_has(path, header, features)
    y, target_names, task = _encode_target(
        table[:, header.index(label)], task, f"label column {label!r} of {path.name}", classes
    )
    X = _columns(path, header, table, features)
    return Dataset(X, y, path.stem, task, tuple(features), target_names)


def _npz(path: Path) -> np.lib.npyio.NpzFile:
    """Open an NPZ archive without pickles; anything else gets an error naming the file."""
    if not zipfile.is_zipfile(path):
        with path.open("rb") as file:
            start = file.read(_SNIFF)
        kind = "a .npy array" if start.startswith(b"\x93NUMPY") else "a file that is not a zip"
        if kind != "a .npy array" and b"\0" not in start:
            kind = "text (a CSV file?)"
        raise ValueError(f"{path.name} must be an NPZ archive (numpy.savez), got {kind}")
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        raise ValueError(f"{path.name} is not a readable NPZ archive ({error})") from None


def _array(path: Path, archive, key: str) -> np.ndarray:
    try:
        return archive[key]
    except ValueError:  # object arrays need pickles, which could run code
        raise ValueError(
            f"{key!r} of {path.name} must be a numeric array, got Python objects (pickles)"
        ) from None


def load_npz(
    path, X_key: str = "X", y_key: str = "y", *, task: str | None = None, classes=None
) -> Dataset:
    """Load ``X`` (n_samples, n_features) and ``y`` (n_samples,) from a NumPy ``.npz`` archive.

    Labels are encoded and ``task`` inferred as in :func:`load_csv` (``classes`` too); the
    features are named ``x1, x2, ...``. A missing key raises an error that lists the keys
    found; a file that is not an NPZ archive (a CSV file, a single ``.npy`` array) says so.
    """
    path = _existing_file(path)
    with _npz(path) as archive:
        keys = list(archive.files)
        X = _array(path, archive, _pick("X_key", X_key, keys, path))
        y = _array(path, archive, _pick("y_key", y_key, keys, path))
    if y.ndim != 1:
        raise ValueError(f"y must have 1 dimension, got shape {y.shape}")
    X = check_finite_array("X", X, ndim=2)
    y, target_names, task = _encode_target(y, task, f"{y_key!r} of {path.name}", classes)
    features = tuple(f"x{j + 1}" for j in range(X.shape[1]))
    return Dataset(X, y, path.stem, task, features, target_names)


def load_features(path, *, kind: str, feature_names=None, X_key: str = "X"):
    """The features of new examples, for a trained model to predict: ``(X, ignored)``.

    Parameters
    ----------
    path : str or Path
    kind : {"csv", "npz"}
    feature_names : sequence of str, optional
        The model's features. A CSV file must have a column of each name (in any order;
        other columns, such as a label, are ignored and returned as ``ignored``); without
        names, every column is a feature. An NPZ archive's ``X`` is taken as it is.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    ignored : list of str
        The CSV columns that are not features.
    """
    check_choice("kind", kind, ("csv", "npz"))
    path = _existing_file(path)
    if kind == "npz":
        with _npz(path) as archive:
            X = _array(path, archive, _pick("X_key", X_key, archive.files, path))
        return check_finite_array("X", X, ndim=2), []
    header, table = read_csv(path)
    names = list(header if feature_names is None else feature_names)
    _check_has(path, header, names)
    return _columns(path, header, table, names), [c for c in header if c not in names]


def _check_has(path: Path, header, names) -> None:
    """Every one of a model's feature ``names`` must be a column of the file."""
    missing = [name for name in names if name not in header]
    if missing:
        shown = ", ".join(repr(name) for name in missing[:5])
        raise ValueError(
            f"{path.name} must have a column for each of the model's {len(names)} features, "
            f"got none for {shown}{', ...' if len(missing) > 5 else ''}"
        )
