"""``reglab evaluate``: a model saved by ``reglab train --save``, scored on labelled data.

The data are read as the training data were (features by name, standardized with the
stored statistics; labels by the model's class names, so a file holding only some of the
classes is scored correctly) and the command prints, as ``reglab train`` does, the mean ±
std over the saved models (one per seed) of the accuracy (classification) or the mean
squared error (regression), then the score of their mean prediction.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reglab.cli._options import check_label, description
from reglab.cli._paths import reading
from reglab.cli.predict import add_data_options, check_features, mean_prediction


def add_parser(subparsers, summary: str) -> None:
    parser = subparsers.add_parser("evaluate", help=summary, description=description(__doc__))
    parser.add_argument("model", type=Path, metavar="MODEL", help="a file of reglab train --save")
    add_data_options(parser, label=True)
    parser.set_defaults(run=run)


def _labelled(args, model):
    from reglab.data.files import load_csv, load_npz

    regression = model.network.loss.task == "regression"
    options = {
        "task": "regression" if regression else None,
        "classes": None if regression else (model.target_names or None),
    }
    if args.csv is not None:
        return load_csv(args.csv, args.label, feature_names=model.feature_names, **options)
    return load_npz(args.npz, **options)


def run(args) -> int:
    from reglab.nn.serialize import load_model

    check_label(args)
    model = load_model(args.model)
    with reading(args):
        data = _labelled(args, model)
    check_features(model, data.X, args)
    scores = model.evaluate(data.X, data.y)
    _, prediction = mean_prediction(model, data.X)
    K = model.network.n_models
    scaled = "standardized as in training" if model.standardizer else "raw (as in training)"
    print(f"data: {data.name}, {len(data.X)} examples; features {scaled}")
    if "accuracy" in scores:
        accuracy = scores["accuracy"]
        print(f"accuracy {np.mean(accuracy):.4f} ± {np.std(accuracy):.4f} over {K} model(s)")
        print(f"accuracy of their mean prediction {np.mean(prediction == data.y):.4f}")
    else:
        mse = scores["loss"]
        print(f"mse {np.mean(mse):.4f} ± {np.std(mse):.4f} over {K} model(s)")
        print(f"mse of their mean prediction {np.mean((prediction - data.y) ** 2):.4f}")
    return 0
