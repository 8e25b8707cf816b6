"""The user's files: every way a CSV or NPZ file can be wrong gets an error naming the file."""

import re

import numpy as np
import pytest

from reglab.data.files import load_csv, load_features, load_npz, read_csv


def _write(tmp_path, content, name="data.csv"):
    path = tmp_path / name
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    return path


def test_a_duplicated_header_is_refused(tmp_path):
    # it used to replace column 'a' by a copy of the other 'a' without a word
    path = _write(tmp_path, "a,a,c,label\n1,2,3,0\n4,5,6,1\n")
    message = "column names of data.csv must be unique, got 'a' in columns 1 and 2"
    with pytest.raises(ValueError, match=re.escape(message)):
        load_csv(path, "label")


def test_a_utf8_byte_order_mark_is_dropped(tmp_path):
    # it used to name the first column '\ufefflabel'
    path = _write(tmp_path, "\ufefflabel,a\n0,1\n1,2\n".encode())
    data = load_csv(path, "label")
    assert data.feature_names == ("a",)
    np.testing.assert_array_equal(data.y, [0, 1])


def test_latin1_and_binary_files_are_named(tmp_path):
    # a Latin-1 file raised a bare codec error, without the file's name
    path = _write(tmp_path, "a,label\n1,caf\xe9\n".encode("latin-1"), "latin.csv")
    message = "latin.csv must be UTF-8 text, got byte 0xe9 on line 2"
    with pytest.raises(ValueError, match=re.escape(message)):
        load_csv(path, "label")
    path = tmp_path / "model.npz"
    np.savez(path, X=np.ones((2, 2)), y=np.arange(2))
    with pytest.raises(ValueError, match="model.npz must be CSV text, got an NPZ or other zip"):
        load_csv(path, "label")
    path = _write(tmp_path, b"\x00\x01\x02binary", "blob.csv")
    with pytest.raises(ValueError, match="blob.csv must be CSV text, got a binary file"):
        load_csv(path, "label")


def test_other_separators_and_unnamed_columns_are_refused(tmp_path):
    path = _write(tmp_path, "a;b;label\n1;2;0\n")
    with pytest.raises(ValueError, match="must separate its values with commas, got a header"):
        load_csv(path, "label")
    path = _write(tmp_path, "a,,label\n1,2,0\n")
    with pytest.raises(ValueError, match="column 2 of data.csv must have a name, got none"):
        load_csv(path, "label")


def test_quoted_values_and_blank_lines_are_read(tmp_path):
    path = _write(tmp_path, 'a,"b, quoted",label\n\n1,2,"yes"\n3,4,no\n\n')
    data = load_csv(path, "label")
    assert data.feature_names == ("a", "b, quoted") and data.target_names == ("no", "yes")


def test_a_text_file_passed_as_npz_says_so(tmp_path):
    # it used to say "This file contains pickled (object) data"
    path = _write(tmp_path, "a,b,label\n1,2,0\n", "data.npz")
    message = "data.npz must be an NPZ archive (numpy.savez), got text (a CSV file?)"
    with pytest.raises(ValueError, match=re.escape(message)):
        load_npz(path)
    np.save(tmp_path / "array.npy", np.ones(3))
    with pytest.raises(ValueError, match=r"array.npy must be an NPZ archive .*got a .npy array"):
        load_npz(tmp_path / "array.npy")
    np.savez(tmp_path / "objects.npz", X=np.array([{"a": 1}], dtype=object), y=np.arange(1))
    with pytest.raises(ValueError, match="'X' of objects.npz must be a numeric array, got Python"):
        load_npz(tmp_path / "objects.npz")


def test_labels_are_encoded_by_a_models_classes(tmp_path):
    path = _write(tmp_path, "a,label\n1,dog\n2,dog\n")  # one class of the model's three
    data = load_csv(path, "label", classes=("bird", "cat", "dog"))
    np.testing.assert_array_equal(data.y, [2, 2])
    assert data.task == "multiclass" and data.target_names == ("bird", "cat", "dog")
    numeric = _write(tmp_path, "a,label\n1,1.0\n2,0\n", "numeric.csv")
    np.testing.assert_array_equal(load_csv(numeric, "label", classes=("0", "1")).y, [1, 0])
    with pytest.raises(ValueError, match=r"must hold the model's classes \('0', '1'\), got '7'"):
        load_csv(_write(tmp_path, "a,label\n1,7\n", "other.csv"), "label", classes=("0", "1"))


def test_features_are_picked_by_the_models_names(tmp_path):
    path = _write(tmp_path, "label,b,a\n0,2,1\n1,4,3\n")
    X, ignored = load_features(path, kind="csv", feature_names=("a", "b"))
    np.testing.assert_array_equal(X, [[1, 2], [3, 4]])
    assert ignored == ["label"]
    data = load_csv(path, "label", feature_names=("a", "b"))
    np.testing.assert_array_equal(data.X, [[1, 2], [3, 4]])
    with pytest.raises(ValueError, match=r"must have a column for each of the model's 3 features"):
        load_features(path, kind="csv", feature_names=("a", "b", "c"))
    np.savez(tmp_path / "new.npz", X=np.ones((3, 2)))  # no y needed to predict
    X, ignored = load_features(tmp_path / "new.npz", kind="npz")
    assert X.shape == (3, 2) and ignored == []


def test_read_csv_gives_the_header_and_the_rows(tmp_path):
    header, body = read_csv(_write(tmp_path, " a , b \n1, 2\n"))
    assert header == ["a", "b"] and body.tolist() == [["1", "2"]]
