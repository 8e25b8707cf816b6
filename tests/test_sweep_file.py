"""Sweep files: validation messages that name the key path, and the plan they give."""

import math

import pytest

from reglab.sweep.plan import configurations, make_chunks, plan_sweep
from reglab.sweep.spec import SweepFileError, load_sweep, parse_sweep

BASE = {"name": "t", "data": {"dataset": "moons", "n_samples": 100}}


def _problems(**overrides) -> list[str]:
    with pytest.raises(SweepFileError) as caught:
        parse_sweep({**BASE, **overrides})
    return caught.value.problems


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"search": {"l2": {"values": [0.0, 0.1, -1.0]}}},
            "search.l2.values[2]: Input should be greater than or equal to 0, got -1.0",
        ),
        (
            {"search": {"keep_prob": {"values": [0.5, 1.5]}}},
            "search.keep_prob.values[1]: Input should be less than or equal to 1, got 1.5",
        ),
        (
            {"search": {"keep_prob2": {"values": [0.0]}}},
            "search.keep_prob2.values[0]: Input should be greater than 0, got 0.0",
        ),
        (
            {"search": {"lamda": {"values": [1.0]}}},
            "search.lamda: unknown key (a typo?), got {'values': [1.0]}",
        ),
        (
            {"search": {"l2": {"values": []}}},
            "search.l2: an axis needs a non-empty list of values, or a distribution",
        ),
        ({"train": {"epochs": "300"}}, "train.epochs: Input should be a valid integer, got '300'"),
        ({"train": {"epochs": True}}, "train.epochs: Input should be a valid integer, got True"),
        (
            {"search": {"layers": {"values": [[64], [0]]}}},
            "search.layers.values[1][0]: Input should be greater than or equal to 1, got 0",
        ),
        (
            {"search": {"l2": {"distribution": "log-uniform", "low": 0.01, "high": 1.0}}},
            "search.l2.distribution: a grid takes values, not distributions "
            "(method = 'random' takes both)",
        ),
        (
            {
                "search": {
                    "method": "random",
                    "n_configs": 4,
                    "l2": {"distribution": "log-uniform", "low": 0.0, "high": 1.0},
                }
            },
            "search.l2.low: a log-uniform distribution needs low > 0, got 0.0",
        ),
        (
            {"search": {"method": "random"}},
            "search.n_configs: a random search needs the number of configurations",
        ),
        (
            {"search": {"keep_prob3": {"values": [0.5]}}},
            "search.keep_prob3: names hidden layer 3, but a network has 2 hidden layer(s)",
        ),
        ({"seeds": [1, 1]}, "seeds: must not repeat, got [1, 1]"),
        ({"data": {"dataset": "moon"}}, "data.dataset: must be one of moons, circle, xor"),
        ({"data": {"csv": "x.csv"}}, "data.label: goes with csv, naming its label column"),
    ],
)
def test_a_bad_sweep_file_gets_one_line_naming_the_key_path_and_value(overrides, message):
    problems = _problems(**overrides)
    assert len(problems) == 1
    assert problems[0].startswith(message)


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        'chunk_size = 0\n[data]\ndataset = "moons"\n[search]\nl1 = { values = [-2.0] }\n'
    )
    with pytest.raises(SweepFileError) as caught:
        load_sweep(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: 2 problems")
    assert "chunk_size: Input should be greater than or equal to 1, got 0" in text
    assert "search.l1.values[0]: Input should be greater than or equal to 0, got -2.0" in text


def test_a_file_that_is_not_toml_is_reported(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("name = \n")
    with pytest.raises(SweepFileError, match="not valid TOML"):
        load_sweep(path)


def test_the_name_defaults_to_the_file_stem_and_data_paths_to_its_folder(tmp_path):
    (tmp_path / "d.csv").write_text("a,b,y\n0,1,0\n1,0,1\n")
    path = tmp_path / "my-sweep.toml"
    path.write_text('[data]\ncsv = "d.csv"\nlabel = "y"\n')
    spec, _ = load_sweep(path)
    assert spec.name == "my-sweep"
    assert spec.data.csv == str(tmp_path / "d.csv")


def test_a_grid_crosses_every_axis_and_the_seeds():
    spec = parse_sweep(
        {
            **BASE,
            "seeds": [0, 1, 2],
            "search": {
                "l2": {"values": [0.0, 0.1, 1.0, 10.0]},
                "keep_prob": {"values": [0.5, 1.0]},
                "layers": {"values": [[8], [8, 8]]},
            },
        }
    )
    plan = plan_sweep(spec)
    assert len(plan.configs) == 16 and plan.n_models == 48
    # two stacks (one per architecture), each cut into one chunk per seed
    assert [c.n_models for c in plan.chunks] == [8] * 6
    assert [len({m["seed"] for m in c.models}) for c in plan.chunks] == [1] * 6
    assert {tuple(c.stack["layers"]) for c in plan.chunks} == {(8,), (8, 8)}
    keep = {tuple(m["keep_prob"]) for c in plan.chunks for m in c.models}
    assert keep == {(0.5,), (1.0,), (0.5, 0.5), (1.0, 1.0)}


def test_chunks_hold_one_seed_when_a_seed_fills_a_chunk_and_are_cut_evenly():
    spec = parse_sweep(
        {
            **BASE,
            "seeds": [0, 1],
            "chunk_size": 8,
            "search": {"l2": {"values": [0.1 * i for i in range(10)]}},
        }
    )
    chunks = plan_sweep(spec).chunks
    assert [c.n_models for c in chunks] == [5, 5, 5, 5]  # 10 per seed: 5 + 5, not 8 + 2
    assert [len({m["seed"] for m in c.models}) for c in chunks] == [1, 1, 1, 1]


def test_seeds_with_few_models_each_are_packed_into_one_chunk():
    spec = parse_sweep({**BASE, "seeds": list(range(10)), "search": {"l2": {"values": [0.0, 1.0]}}})
    chunks = plan_sweep(spec).chunks  # 2 models a seed, fewer than 64 / 8: 4 seeds a chunk
    assert [c.n_models for c in chunks] == [8, 8, 4]


def test_beta_only_varies_under_momentum_and_duplicates_are_dropped():
    spec = parse_sweep(
        {
            **BASE,
            "search": {
                "optimizer": {"values": ["adam", "momentum"]},
                "beta": {"values": [0.0, 0.9]},
            },
        }
    )
    configs, dropped = configurations(spec)
    assert dropped == 1
    assert [(c["optimizer"], c["beta"]) for c in configs] == [
        ("adam", None),
        ("momentum", 0.0),
        ("momentum", 0.9),
    ]


def test_a_random_search_draws_within_its_distributions_reproducibly():
    search = {
        "method": "random",
        "n_configs": 50,
        "l2": {"distribution": "log-uniform", "low": 1e-3, "high": 10.0},
        "keep_prob1": {"distribution": "uniform", "low": 0.5, "high": 1.0},
        "activation": {"values": ["relu", "tanh"]},
    }
    spec = parse_sweep({**BASE, "search": search})
    configs, _ = configurations(spec)
    assert configs == configurations(parse_sweep({**BASE, "search": search}))[0]
    l2 = [c["l2"] for c in configs]
    assert 1e-3 <= min(l2) and max(l2) <= 10.0
    # log-uniform: about as many draws below 0.1 (the geometric middle) as above
    assert 15 <= sum(v < 0.1 for v in l2) <= 35
    assert all(0.5 <= c["keep_prob"][0] <= 1.0 and c["keep_prob"][1] == 1.0 for c in configs)
    assert {c["activation"] for c in configs} == {"relu", "tanh"}


def test_a_chunk_id_changes_with_its_content_only():
    def ids(l2_values, epochs=50):
        spec = parse_sweep(
            {
                **BASE,
                "train": {"epochs": epochs},
                "search": {"l2": {"values": l2_values}, "layers": {"values": [[4], [8]]}},
            }
        )
        return [c.id for c in plan_sweep(spec).chunks]

    first = ids([0.0, 1.0])
    assert ids([0.0, 1.0]) == first
    assert ids([0.0, 2.0])[0] != first[0]
    assert set(ids([0.0, 1.0], epochs=60)).isdisjoint(first)


def test_a_data_file_is_part_of_the_chunk_identity(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("a,y\n0,0\n1,1\n2,0\n3,1\n")
    spec = parse_sweep({"name": "c", "data": {"csv": str(path), "label": "y"}})
    before = plan_sweep(spec).chunks[0].id
    path.write_text("a,y\n0,0\n1,1\n2,0\n3,0\n")
    assert plan_sweep(spec).chunks[0].id != before


def test_make_chunks_records_trial_numbers():
    spec = parse_sweep({**BASE, "seeds": [0, 1]})
    configs, _ = configurations(spec)
    chunks = make_chunks(spec, configs * 2, {"dataset": "moons"}, trials=[7, 8])
    trials = [m["trial"] for c in chunks for m in c.models]
    assert sorted(trials) == [7, 7, 8, 8]
    assert math.prod(c.n_models for c in chunks) == 4
